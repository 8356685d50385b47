import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../errors';

const cookieName = 'certflow_csrf';

function expectedToken(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(`csrf.${nonce}`).digest('base64url');
}

/** The hidden form field for this browser: an HMAC of its CSRF cookie (set here when absent). */
export function csrfToken(req: Request, res: Response, secret: string, secure: boolean): string {
  let nonce = req.cookies?.[cookieName] as string | undefined;
  if (!nonce || !/^[A-Za-z0-9_-]{20,}$/.test(nonce)) {
    nonce = randomBytes(24).toString('base64url');
    res.cookie(cookieName, nonce, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
  }
  return expectedToken(secret, nonce);
}

/**
 * Rejects a form post whose `_csrf` field does not match the browser's cookie. JSON bodies are exempt:
 * a cross-site page cannot send them without a CORS preflight, which this API never grants.
 */
export function verifyCsrf(secret: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || req.is('application/json')) return next();
    // A multipart body is unread here: receiveUpload (src/uploads) checks `_csrf` once multer has parsed it.
    if (req.is('multipart/form-data') && !req.body) return next();
    const nonce = req.cookies?.[cookieName] as string | undefined;
    const given = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (!nonce || typeof given !== 'string') return next(new HttpError(403, 'This form has expired. Reload the page and submit it again.', { code: 'csrf' }));
    const a = Buffer.from(expectedToken(secret, nonce));
    const b = Buffer.from(given);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return next(new HttpError(403, 'This form has expired. Reload the page and submit it again.', { code: 'csrf' }));
    next();
  };
}
