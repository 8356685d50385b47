import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The test vendor signs each webhook body: header `X-Vendor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 * The timestamp bounds replays; the comparison is constant-time.
 */
export function signVendorPayload(secret: string, body: string | Buffer, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`;
}

/** A verified delivery carries its signature: the replay key is exactly what was checked, never another value in the header. */
export type SignatureCheck = { ok: true; signature: string } | { ok: false; reason: string };

/** `t=…,v1=…`, each key once: a header with several signatures is refused, so nobody can pick which one is recorded. */
function parseHeader(header: string): { t: number; v1: string } | { error: string } {
  const parts = header.split(',').map((kv) => kv.trim().split('='));
  if (parts.some((kv) => kv.length !== 2)) return { error: 'malformed X-Vendor-Signature header' };
  const keys = parts.map(([k]) => k);
  if (keys.filter((k) => k === 'v1').length > 1)
    return { error: 'several signatures in X-Vendor-Signature: send exactly one v1' };
  if (keys.length !== 2 || new Set(keys).size !== 2) return { error: 'malformed X-Vendor-Signature header' };
  const fields = Object.fromEntries(parts) as Record<string, string | undefined>;
  const t = Number(fields.t);
  if (!Number.isInteger(t) || !fields.v1 || !/^[0-9a-f]{64}$/.test(fields.v1))
    return { error: 'malformed X-Vendor-Signature header' };
  return { t, v1: fields.v1 };
}

export function verifyVendorSignature(
  secret: string,
  body: string | Buffer,
  header: string | undefined,
  now: Date,
  toleranceSeconds = 300,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing X-Vendor-Signature header' };
  const parsed = parseHeader(header);
  if ('error' in parsed) return { ok: false, reason: parsed.error };
  if (Math.abs(now.getTime() / 1000 - parsed.t) > toleranceSeconds)
    return { ok: false, reason: 'signature timestamp outside the allowed window' };
  const expected = createHmac('sha256', secret).update(`${parsed.t}.`).update(body).digest();
  const given = Buffer.from(parsed.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { ok: true, signature: parsed.v1 }
    : { ok: false, reason: 'signature does not match' };
}
