import type { Request } from 'express';
import { signingKeysOf, type ApiDeps } from '../deps';
import { notFound } from '../errors';
import { linkCookie } from './link-cookie';
import { missingLink, verifyLink, type LinkGrant } from './link-grants';

/**
 * The token a candidate presents: the `token` query parameter of their emailed link (exchanged at once for the
 * cookie), the cookie, a form field, or a header for scripts.
 */
export function presentedCandidateToken(req: Request): string | undefined {
  const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
  const fromBody =
    typeof (req.body as Record<string, unknown> | undefined)?.token === 'string'
      ? (req.body as Record<string, string>).token
      : undefined;
  const fromCookie = req.cookies?.[linkCookie] as string | undefined;
  return fromQuery ?? fromBody ?? req.get('x-candidate-token') ?? fromCookie ?? undefined;
}

export type CandidateAuthDeps = Pick<ApiDeps, 'db' | 'secret' | 'keys'>;

/**
 * Checks that the presented link grants this application. A valid link for another application gets a 404,
 * so a candidate cannot learn whether someone else's case exists.
 */
export async function requireCandidateGrant(
  req: Request,
  deps: CandidateAuthDeps,
  applicationId: string,
  now: Date,
): Promise<LinkGrant> {
  const token = presentedCandidateToken(req);
  if (!token) throw missingLink();
  const grant = await verifyLink({ db: deps.db, keys: signingKeysOf(deps) }, 'candidate-link', token, now);
  if (grant.subjectId !== applicationId) throw notFound('No such application.');
  return grant;
}
