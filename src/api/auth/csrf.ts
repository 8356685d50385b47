import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { signWithKeyring, verifyWithKeyring, type SigningKeys } from '../../lib/signing-keys';
import { HttpError } from '../errors';
import { linkCookie } from './link-cookie';

const cookieName = 'certflow_csrf';
/** Cookies that carry authority on their own: a request with one of them must prove it came from our own pages. */
const sessionCookies = ['certflow_staff', linkCookie];
export const csrfHeader = 'x-csrf-token';

const expired = () =>
  new HttpError(403, 'This form has expired. Reload the page and submit it again.', { code: 'csrf' });

const hasSession = (req: Request) => sessionCookies.some((name) => Boolean(req.cookies?.[name]));

function sessionOf(req: Request): string {
  return sessionCookies.map((name) => (req.cookies?.[name] as string | undefined) ?? '').join('.');
}

/** Bound to the browser's CSRF cookie and to its session: a token from before a sign-in or from another session fails. */
const signedPart = (nonce: string, session: string) => `${nonce}.${session}`;

function matches(keys: SigningKeys, req: Request, given: unknown): boolean {
  const nonce = req.cookies?.[cookieName] as string | undefined;
  if (!nonce || typeof given !== 'string') return false;
  return verifyWithKeyring(keys.keys.csrf, 'csrf', signedPart(nonce, sessionOf(req)), given);
}

/** The hidden form field (or X-CSRF-Token header) for this browser and session; sets the CSRF cookie when absent. */
export function csrfToken(req: Request, res: Response, keys: SigningKeys, secure: boolean): string {
  let nonce = req.cookies?.[cookieName] as string | undefined;
  if (!nonce || !/^[A-Za-z0-9_-]{20,}$/.test(nonce)) {
    nonce = randomBytes(24).toString('base64url');
    res.cookie(cookieName, nonce, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
    // The token must match the cookie the browser will send next, not the one it sent now.
    req.cookies = { ...(req.cookies ?? {}), [cookieName]: nonce };
  }
  return signWithKeyring(keys.keys.csrf, 'csrf', signedPart(nonce, sessionOf(req)));
}

const isSafe = (req: Request) => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
const hasBearer = (req: Request) => /^Bearer \S+$/i.test(req.get('authorization') ?? '');
const isForm = (req: Request) => Boolean(req.is('application/x-www-form-urlencoded'));

/** The browser says where the request came from: anything but our own origin is refused, whatever the body. */
function crossSite(req: Request, ownOrigins: readonly string[]): boolean {
  const site = req.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.get('origin');
  // "null" says nothing: Chromium sends it for our own forms under Referrer-Policy no-referrer; the token decides.
  if (!origin || origin === 'null') return false;
  return !(ownOrigins.includes(origin) || origin === `${req.protocol}://${req.get('host')}`);
}

export interface CsrfGuardOptions {
  keys: SigningKeys;
  /** Our own origins (the public base URL's); the request's own host is accepted too. */
  ownOrigins: readonly string[];
  /** Routes that parse a multipart body themselves and check its `_csrf` field once parsed. */
  uploadRoutes: readonly RegExp[];
  /** Authenticated otherwise (the vendor's signature, the codec's CORS) and never reached by our own forms. */
  exempt: readonly RegExp[];
}

/**
 * Every state-changing request reached with a cookie proves it came from our own pages, whatever its content type:
 * cross-site `Origin`/`Sec-Fetch-Site` is refused, and a token bound to the session is required — in the
 * X-CSRF-Token header, or the `_csrf` field of a form (checked by `verifyCsrf` once the body is parsed).
 * Bearer-token calls carry no ambient authority and are exempt. Mounted before every body parser and router.
 */
export function csrfGuard(options: CsrfGuardOptions) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (isSafe(req) || hasBearer(req) || options.exempt.some((re) => re.test(req.path))) return next();
    if (crossSite(req, options.ownOrigins))
      return next(
        new HttpError(403, 'This request came from another site and was refused. Use the form on this site.', {
          code: 'cross-site',
        }),
      );
    const header = req.get(csrfHeader);
    if (header !== undefined) return matches(options.keys, req, header) ? next() : next(expired());
    if (isForm(req)) return next(); // its `_csrf` field is checked once the urlencoded parser has read it
    // An upload route checks the multipart form's field once it has parsed it.
    if (req.is('multipart/form-data') && options.uploadRoutes.some((re) => re.test(req.path))) return next();
    // Any other body (JSON, text/plain, CSV, multipart elsewhere, none): a cookie session needs the header.
    return hasSession(req) ? next(expired()) : next();
  };
}

/** The `_csrf` field of a parsed form (urlencoded, or multipart after its parser); other bodies were judged by the guard. */
export function verifyCsrf(keys: SigningKeys) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (isSafe(req) || hasBearer(req) || req.get(csrfHeader) !== undefined) return next();
    const multipartParsed = req.is('multipart/form-data') && req.body;
    if (!isForm(req) && !multipartParsed) return next();
    return matches(keys, req, (req.body as Record<string, unknown> | undefined)?._csrf) ? next() : next(expired());
  };
}
