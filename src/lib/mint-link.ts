import { createHash } from 'node:crypto';
import type { Db } from '../db/database';
import { recordLink } from '../db/tables/candidate-links';
import { signLinkToken, type LinkPurpose } from './link-token';
import type { SigningKeys } from './signing-keys';

export interface LinkToMint {
  purpose: LinkPurpose;
  /** The application (candidate-link) or certificant (certificant-link) the link opens. */
  subjectId: string;
  candidateId: string;
  /**
   * What makes this link: e.g. the email slot it is sent in. The same origin gives the same id and the same
   * token, so a retried activity re-sends the link it minted first instead of leaving a second one alive.
   */
  origin: string;
  issuedAt: Date;
  expiresAt: Date;
}

export const linkIdFor = (purpose: LinkPurpose, subjectId: string, origin: string): string =>
  `lk_${createHash('sha256').update(`${purpose}|${subjectId}|${origin}`).digest('base64url').slice(0, 24)}`;

/** Records the link (once per origin) and answers its signed token. */
export async function mintLink(
  deps: { db: Db; keys: SigningKeys },
  link: LinkToMint,
): Promise<{ id: string; token: string }> {
  const row = await recordLink(deps.db, { ...link, id: linkIdFor(link.purpose, link.subjectId, link.origin) });
  return { id: row.id, token: signLinkToken(deps.keys.keys[link.purpose], link.purpose, row.id) };
}
