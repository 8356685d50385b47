import { ConfigError } from '../../config/env';

/** Encryption keys for Temporal payloads: the first encrypts, every one decrypts (rotation). */
export interface Keyring {
  activeKeyId: string;
  keys: Record<string, Buffer>;
}

// A bad key list is a configuration mistake: the process stops with exit code 2 and this message.
export class KeyringError extends ConfigError {
  override name = 'KeyringError';
}

/**
 * Reads `CODEC_KEYS`: comma-separated `id:base64key` pairs, newest first, each key 32 bytes (AES-256).
 * To rotate, put a new key first and keep the old ones for as long as histories encrypted with them matter.
 */
export function parseKeyring(spec: string): Keyring {
  const pairs = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (pairs.length === 0) throw new KeyringError('CODEC_KEYS: give at least one key as id:base64 (32 random bytes)');
  const keys: Record<string, Buffer> = {};
  for (const pair of pairs) {
    const [id, encoded] = pair.split(':', 2);
    if (!id || !/^[\w.-]{1,32}$/.test(id) || !encoded)
      throw new KeyringError(`CODEC_KEYS: "${pair.slice(0, 40)}" is not id:base64 (id of letters, digits, . _ -)`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32)
      throw new KeyringError(
        `CODEC_KEYS: key "${id}" is ${key.length} bytes; AES-256 needs 32 (openssl rand -base64 32)`,
      );
    if (keys[id]) throw new KeyringError(`CODEC_KEYS: key id "${id}" appears twice`);
    keys[id] = key;
  }
  return { activeKeyId: pairs[0]!.split(':', 1)[0]!, keys };
}
