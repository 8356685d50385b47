import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/unavailable';
import { openTestDatabase } from '../helpers/database';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres';

const logLines: { msg: string; code?: string }[] = [];
const logger = pino(
  { level: 'warn' },
  new Writable({ write: (chunk, _e, done) => (logLines.push(JSON.parse(String(chunk))), done()) }),
);
// An 'error' event nobody listens to ends a process; in a test it shows up here.
const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);

let server: PrivatePostgres;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  server = await startPrivatePostgres();
  database = await openTestDatabase({ serverUrl: server.url, logger });
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  await database?.close().catch(() => undefined);
  server?.destroy();
});

describe('the database pool across a PostgreSQL restart', () => {
  it('idle connections and one held by an open transaction lose their server: nothing is thrown at the process, every failure reads as "unavailable", and the pool reconnects', async () => {
    const { db } = database;
    // Several idle connections in the pool, as after a burst of requests.
    await Promise.all([1, 2, 3, 4].map(() => sql`select pg_sleep(0.05)`.execute(db)));
    let resume!: () => void;
    let inTransaction!: () => void;
    const begun = new Promise<void>((r) => (inTransaction = r));
    const transaction = db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      inTransaction();
      // The connection stays checked out, between two statements, while the server goes away.
      await new Promise<void>((r) => (resume = r));
      await sql`select 2`.execute(trx);
    });
    await begun;

    await server.stop();
    const whileDown = await sql`select 1`.execute(db).then(
      () => 'answered',
      (err: unknown) => err,
    );
    expect(isDatabaseUnavailable(whileDown), String(whileDown)).toBe(true);
    resume();
    const lost = await transaction.then(
      () => 'committed',
      (err: unknown) => err,
    );
    expect(isDatabaseUnavailable(lost), String(lost)).toBe(true);

    await server.start();
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    expect(rows).toEqual([{ one: 1 }]);
    expect(uncaught).toEqual([]);
    expect(logLines.filter((l) => l.msg.startsWith('database connection lost')).map((l) => l.code)).toContain('57P01');
  });
});
