import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a certificant link grants: that certificant's recertification grid, until it expires. */
export interface CertificantGrant {
  certificantId: string;
  expiresAt: number;
}

export type CertificantLinkCheck =
  { ok: true; grant: CertificantGrant } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

// A separate token type: its MAC domain differs from the application links', so neither opens the other.
const version = 'r1';

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`certificant-link.${version}.${body}`).digest('base64url');
}

export function signCertificantToken(secret: string, certificantId: string, now: Date, ttlDays: number): string {
  const expiresAt = Math.floor(now.getTime() / 1000) + ttlDays * 86_400;
  const body = Buffer.from(JSON.stringify({ r: certificantId, e: expiresAt })).toString('base64url');
  return `${version}.${body}.${mac(secret, body)}`;
}

export function verifyCertificantToken(secret: string, token: string, now: Date): CertificantLinkCheck {
  const [v, body, signature] = token.split('.');
  if (v !== version || !body || !signature) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  let claims: { r?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.r !== 'string' || typeof claims.e !== 'number') return { ok: false, reason: 'malformed' };
  if (claims.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, grant: { certificantId: claims.r, expiresAt: claims.e } };
}

/** The CE grid page a certificant opens from an email. */
export function certificantGridUrl(baseUrl: string, certificantId: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/recertification/${encodeURIComponent(certificantId)}?token=${encodeURIComponent(token)}`;
}
