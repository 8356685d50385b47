import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { requireRole } from '../auth/roles';
import { currentStaff } from '../auth/staff';
import type { TemporalUiViews } from '../temporal-ui-views';
import { HttpError } from '../errors';

/** Where staff open Temporal UI: the API serves it here, so the codec endpoint is on the same origin as the UI. */
export const temporalUiPath = '/temporal';

// Hop-by-hop headers (RFC 9110 §7.6.1) stay with the connection they came on.
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/** Our own cookies (session, CSRF, candidate link) are not Temporal UI's business. */
function withoutOurCookies(cookie: string | undefined): string | undefined {
  const kept = (cookie ?? '').split(/;\s*/).filter((c) => c && !c.startsWith('certflow_'));
  return kept.length ? kept.join('; ') : undefined;
}

function forwardedHeaders(req: Request): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers))
    if (!hopByHop.has(name) && name !== 'cookie' && name !== 'authorization') headers[name] = value;
  const cookie = withoutOurCookies(req.headers.cookie);
  if (cookie) headers.cookie = cookie;
  headers['x-forwarded-host'] = req.get('host');
  headers['x-forwarded-proto'] = req.protocol;
  return headers;
}

/** A state-changing call must come from a page of this origin (Temporal UI's own pages): never from another site. */
function sameOriginOnly(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  const ownOrigin = `${req.protocol}://${req.get('host')}`;
  if ((site && site !== 'same-origin') || (origin && origin !== ownOrigin)) {
    return next(new HttpError(403, 'Temporal UI accepts changes only from its own pages.', { code: 'cross-site' }));
  }
  next();
}

/** Streams the request to Temporal UI and its answer back, bodies untouched (no parser runs before this). */
function relay(upstream: URL): RequestHandler {
  return (req, res, next) => {
    const target = new URL(req.originalUrl, upstream);
    const outgoing = httpRequest(target, { method: req.method, headers: forwardedHeaders(req) }, (answer) => {
      // Temporal UI sends its own Content-Security-Policy (its scripts carry nonces): ours would block them.
      res.removeHeader('content-security-policy');
      for (const [name, value] of Object.entries(answer.headers))
        if (!hopByHop.has(name) && value !== undefined) res.setHeader(name, value);
      res.status(answer.statusCode ?? 502);
      answer.pipe(res);
    });
    outgoing.on('error', (err) => {
      if (res.headersSent) return res.destroy(err);
      next(
        new HttpError(502, `Temporal UI does not answer (${upstream.origin}): is it running?`, {
          code: 'temporal-ui-unavailable',
        }),
      );
    });
    req.pipe(outgoing);
  };
}

/**
 * Temporal UI for signed-in staff at /temporal: every role that reads cases may use it (the workflows' validators and
 * the audit apply to what is sent from it); anyone else gets the sign-in page or 401.
 */
export function temporalUiProxy(
  upstream: string,
  loadStaff: RequestHandler,
  views: TemporalUiViews,
  now: () => Date,
): RequestHandler[] {
  const noteView: RequestHandler = (req, res, next) => (
    views.seen(currentStaff(res)!.id, req.originalUrl, now()),
    next()
  );
  return [loadStaff, ...requireRole('read'), sameOriginOnly, noteView, relay(new URL(upstream))];
}
