import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logger';
import type { Database, Db } from './database';
import { describeError } from './unavailable';

export interface DatabaseHandle {
  db: Db;
  /** 'postgres' for a real server, 'pglite' for the embedded one. */
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/** Real Postgres when a URL is given, else embedded PGlite persisted in `pgliteDir` ('memory://' for tests). */
export async function openDatabase(options: {
  url?: string;
  pgliteDir?: string;
  poolSize?: number;
  logger?: Logger;
}): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // A server that does not answer (a failover in progress) fails a request in seconds (503), never hangs it;
      // long enough that a burst queueing for a free connection still gets one.
      connectionTimeoutMillis: 10_000,
      // After a failover, TCP keepalive finds connections to the old server that no packet will ever close.
      keepAlive: true,
    });
    listenForLostConnections(pool, options.logger);
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

/**
 * A restart or failover ends every session (57P01 "terminating connection due to administrator command"). pg reports
 * it as an 'error' event on the idle client's pool, or on the client itself while it is checked out (between two
 * statements of a transaction); an 'error' event nobody listens to ends the process. Both are logged; the broken
 * client is discarded and the pool opens a new connection on the next query.
 */
function listenForLostConnections(pool: pg.Pool, logger: Logger | undefined): void {
  const reported = new WeakSet<Error>();
  const report = (err: Error) => {
    // An idle client's error reaches both listeners: log it once.
    if (reported.has(err)) return;
    reported.add(err);
    logger?.warn(
      { reason: describeError(err), code: (err as { code?: string }).code },
      'database connection lost; the pool reconnects on the next query',
    );
  };
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
}
