import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DevSecrets {
  appSecret: string;
  adminEmail: string;
  adminPassword: string;
  /** CODEC_KEYS for the payload codec: Temporal's own store holds only ciphertext, even in development. */
  codecKeys: string;
}

/**
 * `npm start` needs a signing secret and a first admin without asking: both are generated on first use and
 * kept in the git-ignored data folder, so links and the password survive a restart.
 */
export function loadOrCreateDevSecrets(file: string): DevSecrets {
  const fresh: DevSecrets = {
    appSecret: randomBytes(32).toString('base64url'),
    adminEmail: 'admin@certflow.local',
    adminPassword: randomBytes(12).toString('base64url'),
    codecKeys: `dev1:${randomBytes(32).toString('base64')}`,
  };
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  // A folder from an older version keeps its values and gains only what is new.
  const secrets: DevSecrets = { ...fresh, ...stored };
  if (Object.keys(stored).length === Object.keys(secrets).length) return secrets;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
