import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** What the server signs, each with its own keys so that one can be rotated without the others. */
export type KeyPurpose = 'candidate-link' | 'certificant-link' | 'csrf';
export const keyPurposes: readonly KeyPurpose[] = ['candidate-link', 'certificant-link', 'csrf'];

/** The first key signs; every key listed verifies, until it is removed from the list. */
export interface Keyring {
  current: { id: string; key: Buffer };
  find(id: string): Buffer | undefined;
}

export interface SigningKeys {
  keys: Record<KeyPurpose, Keyring>;
  /** Verifies the stateless v1 links minted before links had ids; unset when LEGACY_LINKS=refuse. */
  legacySecret?: string;
}

/** The id of the key derived from APP_SECRET; `d1:derived` in a key list keeps it verifying after a rotation. */
export const derivedKeyId = 'd1';

/** HKDF-SHA256 of APP_SECRET with the purpose as info: `npm start` needs nothing beyond APP_SECRET. */
export function derivedKey(appSecret: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'certflow-signing-keys', purpose, 32));
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/** Reads `id:base64,id:base64` newest first (like CODEC_KEYS); `d1:derived` names the key derived from APP_SECRET. */
export function parseKeyList(variable: string, spec: string, appSecret: string, purpose: KeyPurpose): Keyring {
  const entries = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((pair) => {
      const [id, encoded] = pair.split(':', 2);
      if (!id || !/^[\w-]{1,32}$/.test(id) || !encoded)
        throw new SigningKeyError(`${variable}: "${pair.slice(0, 40)}" is not id:base64 (id of letters, digits, _ -)`);
      const key = encoded === 'derived' ? derivedKey(appSecret, purpose) : Buffer.from(encoded, 'base64');
      if (key.length < 32)
        throw new SigningKeyError(
          `${variable}: key "${id}" is ${key.length} bytes; give at least 32 (openssl rand -base64 32)`,
        );
      return { id, key };
    });
  if (!entries.length) throw new SigningKeyError(`${variable}: give at least one key as id:base64`);
  if (new Set(entries.map((e) => e.id)).size !== entries.length)
    throw new SigningKeyError(`${variable}: a key id appears twice`);
  return keyring(entries);
}

function keyring(entries: { id: string; key: Buffer }[]): Keyring {
  const byId = new Map(entries.map((e) => [e.id, e.key]));
  return { current: entries[0]!, find: (id) => byId.get(id) };
}

/** One keyring per purpose: the configured list, else the key derived from APP_SECRET. */
export function signingKeys(
  appSecret: string,
  configured: Partial<Record<KeyPurpose, string>> = {},
  options: { legacyLinks?: boolean } = {},
): SigningKeys {
  const keys = Object.fromEntries(
    keyPurposes.map((purpose) => {
      const spec = configured[purpose];
      return [
        purpose,
        spec
          ? parseKeyList(keyVariable[purpose], spec, appSecret, purpose)
          : keyring([{ id: derivedKeyId, key: derivedKey(appSecret, purpose) }]),
      ];
    }),
  ) as Record<KeyPurpose, Keyring>;
  return { keys, ...(options.legacyLinks === false ? {} : { legacySecret: appSecret }) };
}

/** The environment variable that configures each purpose's keys. */
export const keyVariable: Record<KeyPurpose, string> = {
  'candidate-link': 'CANDIDATE_LINK_KEYS',
  'certificant-link': 'CERTIFICANT_LINK_KEYS',
  csrf: 'CSRF_KEYS',
};

/** `<keyId>.<mac>` over the purpose and the message, with the purpose's current key. */
export function signWithKeyring(ring: Keyring, purpose: KeyPurpose, message: string): string {
  return `${ring.current.id}.${mac(ring.current.key, purpose, message)}`;
}

/** True when `signed` is `<keyId>.<mac>` of this message under a key the ring still holds. */
export function verifyWithKeyring(ring: Keyring, purpose: KeyPurpose, message: string, signed: string): boolean {
  const dot = signed.indexOf('.');
  const key = dot > 0 ? ring.find(signed.slice(0, dot)) : undefined;
  if (!key) return false;
  const expected = Buffer.from(mac(key, purpose, message));
  const given = Buffer.from(signed.slice(dot + 1));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function mac(key: Buffer, purpose: KeyPurpose, message: string): string {
  return createHmac('sha256', key).update(`${purpose}.${message}`).digest('base64url');
}

const derivedOnce = new Map<string, SigningKeys>();

/** The configured keys when given, else the ones derived from APP_SECRET (tests, scripts), derived once per secret. */
export function keysOrDerived(appSecret: string, configured: SigningKeys | undefined): SigningKeys {
  if (configured) return configured;
  let keys = derivedOnce.get(appSecret);
  if (!keys) derivedOnce.set(appSecret, (keys = signingKeys(appSecret)));
  return keys;
}
