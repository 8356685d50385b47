import { loadEnvOrExit } from './config/load';
import { openDatabase } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { createLogger } from './logger';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
const env = loadEnvOrExit();
const log = createLogger(env.LOG_LEVEL, 'migrate');
const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DATA_DIR, logger: log });
try {
  const applied = await migrateToLatest(handle.db);
  log.info({ applied, database: handle.kind }, applied.length ? 'migrations applied' : 'database already up to date');
} finally {
  await handle.close();
}
