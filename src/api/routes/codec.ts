import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { recordAudit } from '../../db/tables/audit-log';
import { requireRole } from '../auth/roles';
import { currentStaff } from '../auth/staff';
import type { TemporalUiViews } from '../temporal-ui-views';
import { HttpError } from '../errors';
import { parseOr422 } from '../validation';

// Temporal's codec server contract: payloads as protobuf JSON (metadata values and data base64).
const jsonPayloads = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() }))
    .max(1000),
});

const fromJson = (p: { metadata?: Record<string, string>; data?: string }): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/**
 * The codec endpoint Temporal UI calls to show decrypted payloads to signed-in staff; the Temporal server
 * itself only ever stores ciphertext. CORS admits the UI's origin with credentials (the staff cookie).
 */
export function codecRoutes(
  codec: PayloadCodec,
  uiOrigin: string,
  audit?: { db: Db; now: () => Date; views: TemporalUiViews },
): Router {
  const router = Router();
  const cors = (req: Request, res: Response, next: NextFunction) => {
    if (req.get('origin') === uiOrigin) {
      res.set({
        'access-control-allow-origin': uiOrigin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type, x-namespace, authorization',
        vary: 'origin',
      });
    }
    if (req.method === 'OPTIONS') return res.status(204).end();
    next();
  };
  const handle = (op: 'encode' | 'decode') => async (req: Request, res: Response) => {
    const body = parseOr422(jsonPayloads, req.body);
    try {
      const out = await codec[op](body.payloads.map(fromJson));
      if (op === 'decode' && audit) await auditDecode(audit, req, res);
      res.set('cache-control', 'no-store').json({ payloads: out.map(toJson) });
    } catch (err) {
      throw new HttpError(400, `could not ${op} the payloads: ${err instanceof Error ? err.message : String(err)}`, {
        code: 'codec',
      });
    }
  };
  router.options(['/codec/encode', '/codec/decode'], cors);
  router.post('/codec/encode', cors, ...requireRole('read'), handle('encode'));
  router.post('/codec/decode', cors, ...requireRole('read'), handle('decode'));
  return router;
}

/**
 * Who read which case's payloads: Temporal UI decodes many times per page, so one entry per staff member, workflow
 * and hour. The case is the one the staff member's UI just read through the proxy (or a page address that names it);
 * decodes outside a case (lists) are "workflows:lists".
 */
async function auditDecode(
  audit: { db: Db; now: () => Date; views: TemporalUiViews },
  req: Request,
  res: Response,
): Promise<void> {
  const staff = currentStaff(res);
  if (!staff) return;
  const workflowId = audit.views.current(staff.id, audit.now()) ?? workflowOfPage(req.get('referer'));
  const subject = workflowId ? `workflow:${workflowId}` : 'workflows:lists';
  const hour = audit.now().toISOString().slice(0, 13);
  await recordAudit(audit.db, {
    actor: staff.email,
    action: 'temporal.decode',
    subject,
    after: { hour: `${hour}:00Z` },
    updateId: `decode:${staff.id}:${subject}:${hour}`,
  });
}

/** A Temporal UI page address that names a workflow, as some clients send it. */
function workflowOfPage(referer: string | undefined): string | undefined {
  try {
    const segment = /\/namespaces\/[^/]+\/workflows\/([^/]+)/.exec(new URL(referer ?? '').pathname)?.[1];
    return segment === undefined ? undefined : decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
