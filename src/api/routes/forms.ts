import express, { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { multipartError } from '../../uploads/multipart-error';
import { recordAudit } from '../../db/tables/audit-log';
import { listFormSummaries } from '../../db/tables/exam-forms';
import { FormConflictError, FormImportError, importForm, type FormImportResult } from '../../forms/import';
import { csrfToken, verifyCsrf } from '../auth/csrf';
import { currentStaff, loadStaff } from '../auth/staff';
import { requireRole } from '../auth/roles';
import { signingKeysOf, type ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { formsPage } from '../views/forms';
import { nothingBefore } from './staff-console-audit';

// A reference form of 175 items with 100,000 examinees is about 18 MB of JSON; anything larger is not a form.
const MAX_BYTES = 25 * 1024 * 1024;

/** Checked by content, not by name or declared type: UTF-8 text with no NUL bytes that parses as JSON. */
function jsonOf(bytes: Buffer): unknown {
  if (bytes.length === 0)
    throw new HttpError(400, 'The form file is empty. Choose the JSON document of the form.', {
      code: 'upload-missing',
    });
  const text = new TextDecoder('utf-8').decode(bytes);
  if (bytes.includes(0) || text.includes('\uFFFD'))
    throw new HttpError(415, 'The form file must be a UTF-8 JSON text file, whatever its name says.', {
      code: 'upload-type',
    });
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(
      422,
      `The form file is not valid JSON (${(err as Error).message}). Correct it and upload it again.`,
      { code: 'bad-json' },
    );
  }
}

// Path → what to fix; two problems at one path (e.g. "items") are both kept.
function fieldsOf(err: FormImportError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const i of err.issues) fields[i.path] = fields[i.path] ? `${fields[i.path]} ${i.message}` : i.message;
  return fields;
}

/**
 * Real exam forms: POST /api/staff/forms (JSON, staff token or session), the page /staff/forms (multipart upload of the
 * JSON file, CSRF checked once parsed) and GET /api/staff/forms. Mounted before the app's 100 kB JSON parser: a
 * reference form carries its reference group's responses.
 */
export function formRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  // Forms carry their keys: loading one is psychometric work; reading the list is for every role.
  const staffOnly = [loadStaff(deps.db, now, deps.staffIdleMinutes), ...requireRole('read')];
  const psychometricsOnly = [loadStaff(deps.db, now, deps.staffIdleMinutes), ...requireRole('psychometrics')];
  const secure = deps.publicBaseUrl.startsWith('https:');

  const run = async (req: Request, res: Response, body: unknown): Promise<FormImportResult> => {
    let result: FormImportResult;
    try {
      result = await importForm(deps.db, body);
    } catch (err) {
      if (err instanceof FormImportError)
        throw new HttpError(422, err.message, { code: 'invalid-form', fields: fieldsOf(err) });
      if (err instanceof FormConflictError) throw new HttpError(409, err.message, { code: 'form-conflict' });
      throw err;
    }
    if (result.status === 'created') {
      await recordAudit(deps.db, {
        actor: currentStaff(res)!.email,
        action: 'form.import',
        subject: `form:${result.form.formId}`,
        before: nothingBefore,
        after: result.form,
        requestId: String(req.id),
      });
    }
    return result;
  };

  router.post('/api/staff/forms', ...psychometricsOnly, express.json({ limit: MAX_BYTES }), async (req, res) => {
    if (!req.is('application/json'))
      throw new HttpError(415, 'Send the form as application/json.', { code: 'upload-type' });
    const result = await run(req, res, req.body);
    res.status(result.status === 'created' ? 201 : 200).json(result);
  });
  router.get('/api/staff/forms', ...staffOnly, async (_req, res) => {
    res.json({ forms: await listFormSummaries(deps.db) });
  });

  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_BYTES, files: 1, fields: 5, parts: 6 },
  }).single('file');
  const parseUpload = (req: Request, res: Response, next: NextFunction) =>
    upload(req, res, (err: unknown) => {
      if (err)
        return next(
          multipartError(err, {
            tooLarge: 'The file is larger than 25 MB.',
            field: 'Send one file in the field "file".',
          }),
        );
      next();
    });
  const pageOf = async (req: Request, res: Response, outcome?: Parameters<typeof formsPage>[0]['outcome']) =>
    formsPage({
      staffName: currentStaff(res)!.displayName,
      csrf: csrfToken(req, res, signingKeysOf(deps), secure),
      forms: await listFormSummaries(deps.db),
      outcome,
    });

  router.get('/staff/forms', ...staffOnly, async (req, res) => {
    res.type('html').send(await pageOf(req, res));
  });
  router.post('/staff/forms', ...psychometricsOnly, parseUpload, verifyCsrf(signingKeysOf(deps)), async (req, res) => {
    if (!req.file)
      throw new HttpError(400, 'Choose the JSON document of the form to upload.', { code: 'upload-missing' });
    try {
      const result = await run(req, res, jsonOf(req.file.buffer));
      res
        .status(result.status === 'created' ? 201 : 200)
        .type('html')
        .send(await pageOf(req, res, { ok: true, result }));
    } catch (err) {
      // The page shows what to fix beside the list, instead of a bare error page.
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      res
        .status(err.status)
        .type('html')
        .send(await pageOf(req, res, { ok: false, message: err.message, fields: err.details.fields ?? {} }));
    }
  });
  return router;
}
