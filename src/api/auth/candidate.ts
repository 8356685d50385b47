import type { Request } from 'express';
import { verifyCandidateToken, type CandidateGrant } from '../../lib/candidate-link';
import { notFound, unauthorized } from '../errors';

/** The token a candidate presents: the `token` query parameter of their emailed link, or a header for scripts. */
export function presentedCandidateToken(req: Request): string | undefined {
  const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
  const fromBody = typeof (req.body as Record<string, unknown> | undefined)?.token === 'string' ? ((req.body as Record<string, string>).token) : undefined;
  return fromQuery ?? fromBody ?? req.get('x-candidate-token') ?? undefined;
}

/**
 * Checks that the presented link grants this application. A valid link for another application gets a 404,
 * so a candidate cannot learn whether someone else's case exists.
 */
export function requireCandidateGrant(req: Request, secret: string, applicationId: string, now: Date): CandidateGrant {
  const token = presentedCandidateToken(req);
  if (!token) throw unauthorized('Open this page from the link in your email; it carries your personal access key.');
  const check = verifyCandidateToken(secret, token, now);
  if (!check.ok) {
    throw check.reason === 'expired'
      ? unauthorized('This link has expired. Use the link in your most recent email from us.')
      : unauthorized('This link is not valid. Use the link exactly as it appears in your email.');
  }
  if (check.grant.applicationId !== applicationId) throw notFound('No such application.');
  return check.grant;
}
