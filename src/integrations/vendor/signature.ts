import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The test vendor signs each webhook body: header `X-Vendor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * The timestamp bounds replays; the comparison is constant-time.
 */
export function signVendorPayload(secret: string, body: string | Buffer, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifyVendorSignature(secret: string, body: string | Buffer, header: string | undefined, now: Date, toleranceSeconds = 300): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing X-Vendor-Signature header' };
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || !/^[0-9a-f]{64}$/.test(parts.v1)) return { ok: false, reason: 'malformed X-Vendor-Signature header' };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return { ok: false, reason: 'signature timestamp outside the allowed window' };
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
