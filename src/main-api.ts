import { ConfigError, requireCodecKeys, requireSecret } from './config/env';
import { loadEnvOrExit } from './config/load';
import { loadPolicyOrExit } from './config/policy-file';
import { openDatabase } from './db/connection';
import { createLogger } from './logger';
import { payloadEncryption } from './temporal/data-converter';
import { startApi } from './wiring/api';

/** `npm run api`: the HTTP API and pages alone, wired from env (production topology). */
const env = loadEnvOrExit();
const policy = loadPolicyOrExit(env);
const log = createLogger(env.LOG_LEVEL, 'api');
try {
  if (!env.DATABASE_URL)
    throw new ConfigError('DATABASE_URL: required for `npm run api` (the embedded database serves only `npm start`)');
  const secret = requireSecret(env);
  const encryption = payloadEncryption(requireCodecKeys(env));
  const handle = await openDatabase({ url: env.DATABASE_URL, logger: log });
  const api = await startApi(env, {
    db: handle.db,
    secret,
    logger: log,
    address: env.TEMPORAL_ADDRESS ?? 'localhost:7233',
    encryption,
    policy,
  });
  log.info({ url: env.PUBLIC_BASE_URL }, 'api listening');
  const stop = async () => {
    await api.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
