import express, { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { multipartError } from '../../uploads/multipart-error';
import { recordAudit } from '../../db/tables/audit-log';
import { verifyVendorSignature } from '../../integrations/vendor/signature';
import { WorkflowNotFoundError } from '@temporalio/client';
import { findImport } from '../../db/tables/results-imports';
import {
  handOffSignalling,
  ImportConflictError,
  SignallingNotStartedError,
  storeResults,
  withSignallingStatus,
  type ImportReport,
  type StartSignalling,
} from '../../results-import/import';
import { ResultsFileError } from '../../results-import/parse';
import { resultsImportWorkflowId, resultsImportWorkflowName } from '../../workflows/results-import/contract';
import { verifyCsrf } from '../auth/csrf';
import { currentStaff, loadStaff } from '../auth/staff';
import { requireRole } from '../auth/roles';
import { signingKeysOf, type ApiDeps } from '../deps';
import { HttpError, notFound, unauthorized } from '../errors';
import { importReportPage } from '../views/results-import';

// A window of 10,000 candidates × 175 responses is under 4 MB; anything far larger is not a results file.
const MAX_BYTES = 20 * 1024 * 1024;

/** Checked by content, not by name or declared type: UTF-8 text with no NUL bytes. */
function csvText(bytes: Buffer): string {
  if (bytes.length === 0) throw new HttpError(400, 'The results file is empty.', { code: 'empty' });
  if (bytes.includes(0)) throw new HttpError(415, 'This is not a CSV text file.', { code: 'upload-type' });
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD'))
    throw new HttpError(415, 'The results file must be UTF-8 text.', { code: 'upload-type' });
  return text;
}

/**
 * Results import: POST /api/staff/results-imports (text/csv, staff token or session), POST /staff/results-imports
 * (the staff page's multipart form) and POST /webhooks/vendor/results (text/csv signed by the vendor). Mounted before
 * the JSON parser, after the CSRF guard: a staff session's CSV needs its X-CSRF-Token header, the multipart form is
 * checked here once parsed, and the webhook is authenticated by its signature.
 */
export function resultsImportRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const csvBody = express.raw({ type: ['text/csv', 'text/plain', 'application/csv'], limit: MAX_BYTES });
  // After the commit, never inside it; a running workflow for the import is reused (a file sent twice).
  const startSignalling: StartSignalling = async (importId) => {
    await deps.temporal.client.workflow.start(resultsImportWorkflowName, {
      workflowId: resultsImportWorkflowId(importId),
      taskQueue: deps.temporal.taskQueue,
      args: [{ importId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  };
  const signallingRunning = async (importId: string): Promise<boolean> => {
    try {
      return (
        (await deps.temporal.client.workflow.getHandle(resultsImportWorkflowId(importId)).describe()).status.name ===
        'RUNNING'
      );
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  };

  const run = async (
    req: Request,
    csv: string,
    source: 'staff' | 'cli' | 'webhook',
    actor: string,
    filename: string,
  ): Promise<ImportReport> => {
    let report: ImportReport;
    try {
      report = await storeResults(deps.db, { csv, filename, source, actor });
    } catch (err) {
      if (err instanceof ResultsFileError)
        throw new HttpError(422, `The results file cannot be read: ${err.message}.`, { code: 'bad-file' });
      if (err instanceof ImportConflictError) throw new HttpError(409, err.message, { code: 'conflict' });
      throw err;
    }
    if (!report.replayOf) {
      await recordAudit(deps.db, {
        actor,
        action: `results.import.${report.status}`,
        subject: `results-import:${report.importId}`,
        before: { exists: false },
        after: { source, filename, rows: report.rows, accepted: report.accepted, errors: report.errors.length },
        requestId: String(req.id),
      });
    }
    try {
      return await handOffSignalling({ db: deps.db, startSignalling }, report);
    } catch (err) {
      // A 5xx makes the vendor deliver the file again, and the same file again completes the hand-off.
      if (err instanceof SignallingNotStartedError)
        throw new HttpError(503, err.message, { code: 'signalling-not-started' });
      throw err;
    }
  };
  /** A stored import with where its signalling stands now. */
  const current = async (importId: string): Promise<ImportReport> => {
    const row = await findImport(deps.db, importId);
    if (!row) throw notFound('There is no results import with this id.');
    return withSignallingStatus(deps.db, row.report as ImportReport, await signallingRunning(importId));
  };
  const statusOf = (r: ImportReport) => (r.status === 'accepted' ? 200 : 422);

  router.post(
    '/api/staff/results-imports',
    loadStaff(deps.db, now, deps.staffIdleMinutes),
    ...requireRole('cases'),
    csvBody,
    async (req, res) => {
      if (!req.is(['text/csv', 'text/plain', 'application/csv']))
        throw new HttpError(415, 'Send the results file as text/csv.', { code: 'upload-type' });
      const staff = currentStaff(res)!;
      const filename = typeof req.query.filename === 'string' ? req.query.filename : 'results.csv';
      const report = await run(
        req,
        csvText(req.body as Buffer),
        staff.via === 'token' ? 'cli' : 'staff',
        staff.email,
        filename,
      );
      res.status(statusOf(report)).json(report);
    },
  );

  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_BYTES, files: 1, fields: 5, parts: 6 },
  }).single('file');
  const parseUpload = (req: Request, res: Response, next: NextFunction) =>
    upload(req, res, (err: unknown) => {
      if (err)
        return next(
          multipartError(err, {
            tooLarge: 'The file is larger than 20 MB.',
            field: 'Send one file in the field "file".',
          }),
        );
      next();
    });
  router.post(
    '/staff/results-imports',
    loadStaff(deps.db, now, deps.staffIdleMinutes),
    ...requireRole('cases'),
    parseUpload,
    verifyCsrf(signingKeysOf(deps)),
    async (req, res) => {
      if (!req.file)
        throw new HttpError(400, 'Choose the vendor results file (CSV) to upload.', { code: 'upload-missing' });
      const staff = currentStaff(res)!;
      const report = await run(req, csvText(req.file.buffer), 'staff', staff.email, req.file.originalname);
      res.status(statusOf(report)).type('html').send(importReportPage(report, staff.displayName));
    },
  );
  router.get(
    '/api/staff/results-imports/:importId',
    loadStaff(deps.db, now, deps.staffIdleMinutes),
    ...requireRole('read'),
    async (req, res) => {
      res.json(await current(String(req.params.importId)));
    },
  );
  router.get(
    '/staff/results-imports/:importId',
    loadStaff(deps.db, now, deps.staffIdleMinutes),
    ...requireRole('read'),
    async (req, res) => {
      res
        .type('html')
        .send(importReportPage(await current(String(req.params.importId)), currentStaff(res)!.displayName));
    },
  );

  router.post('/webhooks/vendor/results', express.raw({ type: () => true, limit: MAX_BYTES }), async (req, res) => {
    const secret = deps.vendorWebhookSecret;
    if (!secret)
      throw new HttpError(503, 'Vendor webhooks are not configured on this server (VENDOR_WEBHOOK_SECRET).', {
        code: 'webhooks-disabled',
      });
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = verifyVendorSignature(secret, body, req.get('x-vendor-signature'), now());
    if (!check.ok) throw unauthorized(`Vendor signature rejected: ${check.reason}.`);
    // A redelivered file is answered from its first import (same hash), so a replay stores nothing twice.
    const report = await run(
      req,
      csvText(body),
      'webhook',
      'vendor',
      typeof req.query.filename === 'string' ? req.query.filename : 'webhook.csv',
    );
    res.status(statusOf(report)).json(report);
  });

  return router;
}
