import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a candidate link grants: one application of one candidate, until it expires. */
export interface CandidateGrant {
  applicationId: string;
  candidateId: string;
  expiresAt: number;
}

export type LinkCheck = { ok: true; grant: CandidateGrant } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

const version = 'v1';

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`candidate-link.${version}.${body}`).digest('base64url');
}

/** An HMAC-signed, expiring token; the server keeps no state for it. */
export function signCandidateToken(
  secret: string,
  grant: { applicationId: string; candidateId: string },
  now: Date,
  ttlDays: number,
): string {
  const expiresAt = Math.floor(now.getTime() / 1000) + ttlDays * 86_400;
  const body = Buffer.from(JSON.stringify({ a: grant.applicationId, c: grant.candidateId, e: expiresAt })).toString(
    'base64url',
  );
  return `${version}.${body}.${mac(secret, body)}`;
}

export function verifyCandidateToken(secret: string, token: string, now: Date): LinkCheck {
  const [v, body, signature] = token.split('.');
  if (v !== version || !body || !signature) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  let claims: { a?: unknown; c?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.a !== 'string' || typeof claims.c !== 'string' || typeof claims.e !== 'number')
    return { ok: false, reason: 'malformed' };
  if (claims.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, grant: { applicationId: claims.a, candidateId: claims.c, expiresAt: claims.e } };
}

/** The page a candidate opens from an email. */
export function candidateStatusUrl(baseUrl: string, applicationId: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/applications/${encodeURIComponent(applicationId)}?token=${encodeURIComponent(token)}`;
}
