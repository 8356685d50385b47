import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/database';
import type { LinkPurpose } from '../../lib/link-token';
import type { SigningKeys } from '../../lib/signing-keys';
import { verifyLink } from './link-grants';

/** Carries the emailed link after its first use, so the token leaves the address bar, history and Referer. */
export const linkCookie = 'certflow_link';
/** Two hours from the click in the email: long enough for a session of forms, short on a shared computer. */
export const linkCookieMaxAgeMs = 2 * 60 * 60_000;

// The candidate's pages that an emailed link opens: the cookie is scoped to that one application or grid.
const pages: { pattern: RegExp; purpose: LinkPurpose; scope: string }[] = [
  // Not the JSON status (scripts send the header; a redirect would only lose them the token).
  { pattern: /^\/applications\/([^/]+)(\/(?!status$).*)?$/, purpose: 'candidate-link', scope: '/applications/' },
  { pattern: /^\/recertification\/([^/]+)(\/.*)?$/, purpose: 'certificant-link', scope: '/recertification/' },
];

/** Sets the link cookie for the page of one subject (its path only). */
export function setLinkCookie(
  res: Response,
  scope: string,
  subjectId: string,
  token: string,
  expiresAt: Date,
  now: Date,
  secure: boolean,
): void {
  const maxAge = Math.max(0, Math.min(linkCookieMaxAgeMs, expiresAt.getTime() - now.getTime()));
  res.cookie(linkCookie, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: `${scope}${encodeURIComponent(subjectId)}`,
    maxAge,
  });
}

/**
 * A page GET with `?token=`: a valid link becomes the cookie and the browser is sent (303) to the same address
 * without the token. An invalid one goes on to the page, which answers 401 with what to do.
 */
export function exchangeLinkToken(deps: {
  db: Db;
  keys: SigningKeys;
  now: () => Date;
  secure: (req: Request) => boolean;
}) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = typeof req.query.token === 'string' ? req.query.token : undefined;
      if (!token || req.method !== 'GET') return next();
      const page = pages.map((p) => ({ ...p, match: p.pattern.exec(req.path) })).find((p) => p.match);
      if (!page) return next();
      const subjectId = decodeURIComponent(page.match![1]!);
      const grant = await verifyLink(deps, page.purpose, token, deps.now()).catch(() => undefined);
      if (!grant || grant.subjectId !== subjectId) return next();
      setLinkCookie(res, page.scope, subjectId, token, grant.expiresAt, deps.now(), deps.secure(req));
      const rest = new URLSearchParams(req.query as Record<string, string>);
      rest.delete('token');
      const query = rest.toString();
      res
        .set('cache-control', 'no-store')
        .set('referrer-policy', 'no-referrer')
        .redirect(303, `${req.path}${query ? `?${query}` : ''}`);
    } catch (err) {
      next(err);
    }
  };
}
