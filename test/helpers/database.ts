import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection';
import { migrateToLatest } from '../../src/db/migrate';
import type { Logger } from '../../src/logger';

/**
 * A fresh, migrated database for one test file: a new database on the real Postgres server when
 * DATABASE_URL is set (dropped afterwards), an in-memory PGlite otherwise. `serverUrl` names another server
 * (a private cluster a test restarts).
 */
export async function openTestDatabase(
  options: { serverUrl?: string; logger?: Logger; poolSize?: number } = {},
): Promise<DatabaseHandle & { url: string | undefined }> {
  const serverUrl = options.serverUrl ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ pgliteDir: 'memory://' });
    await migrateToLatest(handle.db);
    return { ...handle, url: undefined };
  }
  const name = `certflow_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: options.poolSize ?? 5, logger: options.logger });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    kind: 'postgres',
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
