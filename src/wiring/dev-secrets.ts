import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DevSecrets {
  appSecret: string;
  adminEmail: string;
  adminPassword: string;
}

/**
 * `npm start` needs a signing secret and a first admin without asking: both are generated on first use and
 * kept in the git-ignored data folder, so links and the password survive a restart.
 */
export function loadOrCreateDevSecrets(file: string): DevSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  const secrets: DevSecrets = {
    appSecret: randomBytes(32).toString('base64url'),
    adminEmail: 'admin@certflow.local',
    adminPassword: randomBytes(12).toString('base64url'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
