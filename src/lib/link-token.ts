import { signWithKeyring, verifyWithKeyring, type Keyring } from './signing-keys';

/** The links that carry a row in candidate_links: a candidate's application, a certificant's CE grid. */
export type LinkPurpose = 'candidate-link' | 'certificant-link';

// The prefix tells the token's kind at a glance and keeps it apart from the v1 links (`v1.` and `r1.`).
const prefixes: Record<LinkPurpose, string> = { 'candidate-link': 'a2', 'certificant-link': 'g2' };

/** `a2.<linkId>.<keyId>.<mac>`: the link id, signed; what it grants and until when lives in its row. */
export function signLinkToken(ring: Keyring, purpose: LinkPurpose, linkId: string): string {
  return `${prefixes[purpose]}.${linkId}.${signWithKeyring(ring, purpose, linkId)}`;
}

export const isLinkToken = (purpose: LinkPurpose, token: string): boolean => token.startsWith(`${prefixes[purpose]}.`);

/** The link id of a token signed by a key the ring still holds, else undefined (forged, malformed, rotated out). */
export function linkIdOf(ring: Keyring, purpose: LinkPurpose, token: string): string | undefined {
  const [prefix, linkId, keyId, signature, ...rest] = token.split('.');
  if (prefix !== prefixes[purpose] || !linkId || !keyId || !signature || rest.length) return undefined;
  return verifyWithKeyring(ring, purpose, linkId, `${keyId}.${signature}`) ? linkId : undefined;
}
