import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { CredlyBadge } from '../integrations/badges/client';

export interface CredlyDouble {
  /** Base URL to configure as CREDLY_URL (ends in /v1, like https://api.credly.com/v1). */
  url: string;
  /** Every badge issued so far, revoked ones included (for tests). */
  badges(): CredlyBadge[];
  close(): Promise<void>;
}

/**
 * A local stand-in for Credly's Web Service API v1, in memory: the badge endpoints certflow calls, with the same
 * basic auth (token as user name), required-field validation and `{ data: … }` JSON. Used by `npm start` when
 * CREDLY_URL is unset, and by tests over HTTP.
 */
export async function startCredlyDouble(options: {
  organizationId: string;
  apiToken: string;
  templateIds?: string[];
  port?: number;
  host?: string;
}): Promise<CredlyDouble> {
  const badges = new Map<string, CredlyBadge & { revocation_reason?: string; organization_id: string }>();
  const app = express();
  app.use(express.json({ limit: '100kb' }));

  const fail = (res: Response, status: number, message: string) =>
    res.status(status).json({ data: { message }, metadata: {} });

  app.use('/v1/organizations/:org', (req: Request<{ org: string }>, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Basic ')
      ? Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0]
      : undefined;
    if (token !== options.apiToken) return fail(res, 401, 'You must be authenticated to perform this request');
    if (req.params.org !== options.organizationId)
      return fail(res, 403, 'You are not authorized to perform this request');
    next();
  });

  app.post('/v1/organizations/:org/badges', (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const errors: string[] = [];
    const text = (k: string) => (typeof b[k] === 'string' && (b[k] as string).trim() ? (b[k] as string) : undefined);
    for (const k of [
      'recipient_email',
      'issued_to_first_name',
      'issued_to_last_name',
      'badge_template_id',
      'issued_at',
    ])
      if (!text(k)) errors.push(`${k} can't be blank`);
    if (text('recipient_email') && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text('recipient_email')!))
      errors.push('recipient_email is invalid');
    if (text('badge_template_id') && options.templateIds && !options.templateIds.includes(text('badge_template_id')!))
      errors.push('badge_template_id is not a template of this organization');
    const issued = Date.parse(text('issued_at') ?? '');
    if (text('issued_at') && Number.isNaN(issued)) errors.push('issued_at is not a valid time');
    const expires = b.expires_at == null ? undefined : Date.parse(String(b.expires_at));
    if (expires !== undefined && (Number.isNaN(expires) || expires <= issued))
      errors.push('expires_at must be a time after issued_at');
    if (errors.length) return fail(res, 422, errors.join('; '));
    const badge = {
      id: randomUUID(),
      state: 'pending' as const,
      badge_template_id: text('badge_template_id')!,
      recipient_email: text('recipient_email')!.toLowerCase(),
      issued_to_first_name: text('issued_to_first_name')!,
      issued_to_last_name: text('issued_to_last_name')!,
      issued_at: new Date(issued).toISOString(),
      expires_at: expires === undefined ? null : new Date(expires).toISOString(),
      organization_id: options.organizationId,
    };
    badges.set(badge.id, badge);
    res.status(201).json({ data: badge, metadata: {} });
  });

  // Credly's filter syntax: `recipient_email::a@b.org|badge_template_id::t1|state::pending,accepted`.
  app.get('/v1/organizations/:org/badges', (req, res) => {
    const filter = typeof req.query.filter === 'string' ? req.query.filter : '';
    const clauses = filter
      .split('|')
      .filter(Boolean)
      .map((c) => c.split('::', 2) as [string, string]);
    const rows = [...badges.values()].filter((badge) =>
      clauses.every(([k, v]) => {
        const value = String((badge as unknown as Record<string, unknown>)[k] ?? '');
        return v.split(',').some((want) => (k === 'recipient_email' ? value === want.toLowerCase() : value === want));
      }),
    );
    res.json({ data: rows, metadata: { count: rows.length, current_page: 1, total_pages: 1 } });
  });

  app.get('/v1/organizations/:org/badges/:id', (req, res) => {
    const badge = badges.get(req.params.id);
    if (!badge) return fail(res, 404, 'Badge not found');
    res.json({ data: badge, metadata: {} });
  });

  app.put('/v1/organizations/:org/badges/:id/revoke', (req, res) => {
    const badge = badges.get(req.params.id);
    if (!badge) return fail(res, 404, 'Badge not found');
    const reason = (req.body as Record<string, unknown> | undefined)?.reason;
    if (typeof reason !== 'string' || !reason.trim()) return fail(res, 422, "reason can't be blank");
    if (badge.state === 'revoked') return fail(res, 422, 'Badge already revoked');
    Object.assign(badge, { state: 'revoked', revocation_reason: reason });
    res.json({ data: badge, metadata: {} });
  });

  app.use((_req, res) => fail(res, 404, 'Not found'));

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/v1`,
    badges: () => [...badges.values()].map((b) => ({ ...b })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
