import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db } from './database';

export interface DatabaseHandle {
  db: Db;
  /** 'postgres' for a real server, 'pglite' for the embedded one. */
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/** Real Postgres when a URL is given, else embedded PGlite persisted in `pgliteDir` ('memory://' for tests). */
export async function openDatabase(options: { url?: string; pgliteDir?: string; poolSize?: number }): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  // Loaded lazily: the WASM build is only needed when no DATABASE_URL is configured.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const dir = options.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create(dir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(lite) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!lite.closed) await lite.close();
    },
  };
}
