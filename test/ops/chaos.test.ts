import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres';

// The CI size of `npm run chaos`: 20 candidates, one kill, a short SMTP outage. PostgreSQL is restarted only when the
// test has a cluster of its own to restart (never the shared server other tests use at the same time).
let cluster: PrivatePostgres | undefined;
afterAll(() => cluster?.destroy());

async function database(): Promise<{ url: string; postgresFlags: string[] }> {
  try {
    cluster = await startPrivatePostgres();
    return { url: cluster.url, postgresFlags: ['--postgres-restart-command', cluster.restartCommand] };
  } catch (err) {
    const reason = `no private PostgreSQL cluster to restart here (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); the shared server is not restarted under other tests`;
    process.stdout.write(`chaos test: skipping the PostgreSQL restart: ${reason}\n`);
    if (!process.env.DATABASE_URL)
      throw new Error(`the chaos harness needs PostgreSQL: ${reason}, and DATABASE_URL is not set`);
    return { url: process.env.DATABASE_URL, postgresFlags: ['--skip-postgres-restart', reason] };
  }
}

function runChaos(
  args: string[],
  databaseUrl: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/chaos.ts', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run chaos (CI size)', () => {
  it('every candidate gets exactly one score email and no row is lost, through a worker kill, an SMTP outage and restarts', async () => {
    const db = await database();
    const run = await runChaos(
      [
        '--candidates',
        '20',
        '--kills',
        '1',
        '--smtp-outage-seconds',
        '20',
        '--timeout-minutes',
        '9',
        ...db.postgresFlags,
      ],
      db.url,
    );
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    process.stdout.write(`npm run chaos (CI size) printed: ${line}\n`);
    expect(line, run.stderr.slice(-4000)).toMatch(/^\{/);
    const result = JSON.parse(line) as {
      candidates: number;
      emailed: number;
      duplicates: number;
      lost: number;
      faults: Record<string, unknown>;
    };
    expect(result, run.stderr.slice(-4000)).toMatchObject({ candidates: 20, emailed: 20, duplicates: 0, lost: 0 });
    expect(result.faults).toMatchObject({
      workerKills: 1,
      smtpOutageSeconds: 20,
      devServerRestarts: 1,
      postgresRestarts: cluster ? 1 : 0,
    });
    expect(run.code).toBe(0);
  }, 600_000);

  it('refuses to run without a way to restart PostgreSQL, and says why', async () => {
    const run = await runChaos(
      ['--postgres-restart-command', 'no-such-pg-restart now'],
      'postgres://postgres@localhost:5432/postgres',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot restart PostgreSQL: "no-such-pg-restart" is not on this machine');
    const remote = await runChaos([], 'postgres://postgres@db.example.org:5432/postgres');
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('runs against this machine only');
  }, 180_000);
});
