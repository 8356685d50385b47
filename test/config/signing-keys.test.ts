import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv, signingKeysFromEnv } from '../../src/config/env';
import { derivedKey } from '../../src/lib/signing-keys';

const secret = 'a-long-enough-app-secret-for-these-tests-0123';
const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');

describe('per-purpose signing keys from the environment', () => {
  it('unset: one key per purpose derived from APP_SECRET, all different, v1 links accepted', () => {
    const keys = signingKeysFromEnv(parseEnv({}), secret);
    expect(keys.keys['candidate-link'].current).toEqual({ id: 'd1', key: derivedKey(secret, 'candidate-link') });
    const all = Object.values(keys.keys).map((k) => k.current.key.toString('hex'));
    expect(new Set(all).size).toBe(3);
    expect(all).not.toContain(Buffer.from(secret).toString('hex'));
    expect(keys.legacySecret).toBe(secret);
  });

  it('a configured list signs with its first key and keeps the rest (and d1:derived) verifying', () => {
    const keys = signingKeysFromEnv(
      parseEnv({ CANDIDATE_LINK_KEYS: `k2:${key(2)},d1:derived`, LEGACY_LINKS: 'refuse' }),
      secret,
    );
    expect(keys.keys['candidate-link'].current.id).toBe('k2');
    expect(keys.keys['candidate-link'].find('d1')).toEqual(derivedKey(secret, 'candidate-link'));
    expect(keys.keys['certificant-link'].current.id).toBe('d1');
    expect(keys.legacySecret).toBeUndefined();
  });

  it('a bad list stops the process with a message naming the variable', () => {
    expect(() => signingKeysFromEnv(parseEnv({ CSRF_KEYS: 'k1:c2hvcnQ=' }), secret)).toThrow(
      new ConfigError('CSRF_KEYS: key "k1" is 5 bytes; give at least 32 (openssl rand -base64 32)'),
    );
    expect(() => signingKeysFromEnv(parseEnv({ CERTIFICANT_LINK_KEYS: `k1:${key(1)},k1:${key(2)}` }), secret)).toThrow(
      /CERTIFICANT_LINK_KEYS: a key id appears twice/,
    );
    expect(() => parseEnv({ LEGACY_LINKS: 'maybe' })).toThrow(/LEGACY_LINKS: must be accept or refuse/);
  });
});
