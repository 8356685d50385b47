import type { Db } from '../../db/database';
import { findLink, markLinkUsed } from '../../db/tables/candidate-links';
import { verifyCandidateToken } from '../../lib/candidate-link';
import { verifyCertificantToken } from '../../lib/certificant-link';
import { linkIdOf, type LinkPurpose } from '../../lib/link-token';
import type { SigningKeys } from '../../lib/signing-keys';
import { unauthorized } from '../errors';

/** What a verified link grants: the application (or certificant) it opens, whose it is, and until when. */
export interface LinkGrant {
  subjectId: string;
  candidateId: string;
  expiresAt: Date;
  /** Unset for a v1 link, which has no row. */
  linkId?: string;
}

const lostLink = 'Use "Lost your link?" at /links/resend and we will email you a fresh one.';
export const missingLink = () =>
  unauthorized('Open this page from the link in your email; it carries your personal access key.');
// One answer for forged, unknown, revoked and rotated-out links: the caller learns nothing about which.
const invalidLink = () => unauthorized(`This link is not valid any more. ${lostLink}`);
const expiredLink = () => unauthorized(`This link has expired. ${lostLink}`);

/** Checks the token's signature, then its row (unknown, revoked, expired); v1 links are honoured while legacySecret is set. */
export async function verifyLink(
  deps: { db: Db; keys: SigningKeys },
  purpose: LinkPurpose,
  token: string,
  now: Date,
): Promise<LinkGrant> {
  const legacy = legacyGrant(deps.keys.legacySecret, purpose, token, now);
  if (legacy) return legacy;
  const linkId = linkIdOf(deps.keys.keys[purpose], purpose, token);
  const row = linkId ? await findLink(deps.db, linkId) : undefined;
  if (!row || row.purpose !== purpose || row.revoked_at) throw invalidLink();
  if (row.expires_at.getTime() <= now.getTime()) throw expiredLink();
  await markLinkUsed(deps.db, row.id, now);
  return { subjectId: row.subject_id, candidateId: row.candidate_id, expiresAt: row.expires_at, linkId: row.id };
}

/** A v1 link (stateless, signed with APP_SECRET itself) still in someone's inbox; undefined when it is not one. */
function legacyGrant(
  secret: string | undefined,
  purpose: LinkPurpose,
  token: string,
  now: Date,
): LinkGrant | undefined {
  const isLegacy = purpose === 'candidate-link' ? token.startsWith('v1.') : token.startsWith('r1.');
  if (!isLegacy) return undefined;
  if (!secret) throw invalidLink();
  if (purpose === 'candidate-link') {
    const check = verifyCandidateToken(secret, token, now);
    if (!check.ok) throw check.reason === 'expired' ? expiredLink() : invalidLink();
    return {
      subjectId: check.grant.applicationId,
      candidateId: check.grant.candidateId,
      expiresAt: new Date(check.grant.expiresAt * 1000),
    };
  }
  const check = verifyCertificantToken(secret, token, now);
  if (!check.ok) throw check.reason === 'expired' ? expiredLink() : invalidLink();
  return {
    subjectId: check.grant.certificantId,
    candidateId: check.grant.certificantId,
    expiresAt: new Date(check.grant.expiresAt * 1000),
  };
}
