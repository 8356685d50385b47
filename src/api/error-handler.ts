import type { NextFunction, Request, Response } from 'express';
import { describeError, isDatabaseUnavailable } from '../db/unavailable';
import type { Logger } from '../logger';
import { HttpError } from './errors';
import { errorPage } from './views/layout';

/** One place maps failures to responses: JSON for API callers, a page for browsers (docs/architecture.md, convention 5). */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = err instanceof HttpError ? err : (bodyParserError(err) ?? databaseUnavailable(err));
    if (!known) (req.log ?? logger).error({ err }, 'unhandled error');
    const unavailable = known?.details.code === 'database-unavailable';
    if (unavailable) (req.log ?? logger).warn({ reason: describeError(err) }, 'database unavailable: answered 503');
    const status = known?.status ?? 500;
    const message = known?.message ?? 'Something went wrong on our side. Nothing was changed; try again in a moment.';
    if (res.headersSent) return;
    if (unavailable) res.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    if (wantsJson(req)) {
      res
        .status(status)
        .json({ error: { message, code: known?.details.code ?? 'internal', fields: known?.details.fields } });
    } else {
      res.status(status).type('html').send(errorPage(status, message));
    }
  };
}

/** API callers get JSON, browsers a page. */
export function wantsJson(req: Request): boolean {
  return (
    Boolean(req.is('application/json')) ||
    req.path.startsWith('/api/') ||
    req.path.endsWith('/status') ||
    req.accepts(['html', 'json']) === 'json'
  );
}

/** Body parser and path decoding failures are the caller's mistake. */
function bodyParserError(err: unknown): HttpError | undefined {
  const e = err as { status?: number; type?: string };
  if (e?.type === 'entity.too.large')
    return new HttpError(413, 'The request body is too large.', { code: 'too-large' });
  if (e?.type === 'entity.parse.failed')
    return new HttpError(400, 'The request body is not valid JSON.', { code: 'bad-json' });
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported')
    return new HttpError(415, 'Send the body as UTF-8.', { code: 'bad-charset' });
  // The router could not decode a %-escape in the path (e.g. /applications/%ZZ): the address is the caller's mistake.
  if (err instanceof URIError)
    return new HttpError(400, 'This address is malformed: it has an invalid %-escape.', { code: 'bad-path' });
  // PostgreSQL text holds no NUL character (22021) nor one its encoding lacks (22P05): such text came from the caller.
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === '22021' || code === '22P05')
    return new HttpError(
      400,
      'The request holds a character we cannot store (such as a NUL). Remove it and try again.',
      { code: 'bad-text' },
    );
  return undefined;
}

// A PostgreSQL restart takes seconds; a failover, tens of seconds.
const DATABASE_RETRY_AFTER_SECONDS = 10;

/** A restart or failover of PostgreSQL is not the caller's fault nor a bug: 503, try again shortly (docs/operations.md). */
function databaseUnavailable(err: unknown): HttpError | undefined {
  if (!isDatabaseUnavailable(err)) return undefined;
  return new HttpError(503, 'The database is unavailable for a moment. Please try again in a minute.', {
    code: 'database-unavailable',
  });
}
