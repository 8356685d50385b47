import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres';
import { attestationJson } from '../helpers/attestation';

// A day on which the spring 2027 window takes applications.
const now = '2027-01-15T15:00:00.000Z';
const clients = 4;
const applicationsPerClient = 10;

let server: PrivatePostgres;
let child: ChildProcess;
let output = '';
let started: { baseUrl: string; databaseUrl: string };

beforeAll(async () => {
  server = await startPrivatePostgres();
  // The system runs in a process of its own: an unhandled 'error' event on the pool would end it, as it ended `npm start`.
  child = spawn(process.execPath, ['--import', 'tsx', 'test/ops/fixtures/system-process.ts'], {
    env: { ...process.env, SYSTEM_NOW: now, SYSTEM_DATABASE_SERVER_URL: server.url, TEST_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  started = await eventually(
    () => {
      const line = output.split('\n').find((l) => l.startsWith('{"started"'));
      expect(line, output.slice(-3000)).toBeDefined();
      return (JSON.parse(line!) as { started: typeof started }).started;
    },
    90_000,
    250,
  );
});
afterAll(async () => {
  if (child?.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  server?.destroy();
});

interface Observed {
  statuses: number[];
  unexpected: string[];
  accepted: number;
}

/** Submits one application until it is accepted, retrying the same request on 503 as a browser's user would. */
async function applyUntilAccepted(email: string, seen: Observed): Promise<void> {
  const body = JSON.stringify({
    firstName: 'Load',
    lastName: 'Test',
    email,
    membership: 'member',
    program: 'CPCS',
    windowId: '2027-spring',
    ...attestationJson,
  });
  for (let attempt = 0; attempt < 400; attempt++) {
    const res = await fetch(`${started.baseUrl}/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }).catch((err: Error) => err);
    if (res instanceof Error) {
      seen.unexpected.push(`${email}: ${res.message}`);
      return;
    }
    seen.statuses.push(res.status);
    const text = await res.text();
    if (res.status === 200) return void seen.accepted++;
    if (res.status !== 503) return void seen.unexpected.push(`${email}: ${res.status} ${text}`);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'database-unavailable' } });
    await new Promise((r) => setTimeout(r, 100));
  }
  seen.unexpected.push(`${email}: still refused after 400 attempts`);
}

async function readyz(): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${started.baseUrl}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('a PostgreSQL restart under load', () => {
  describe('the API and the worker stay up, answer 503 (never another 5xx) while the database is away, and every accepted application reaches its case and its email', () => {
    const seen: Observed = { statuses: [], unexpected: [], accepted: 0 };
    const emails = Array.from({ length: clients }, (_, c) =>
      Array.from({ length: applicationsPerClient }, (_, i) => `load-${c}-${i}@example.org`),
    );
    let load: Promise<unknown>;
    let unready: Record<string, string>;

    it('is ready before the restart', async () => {
      expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', database: 'ok', temporal: 'ok' } });
    });

    it('accepts applications from several clients at once', async () => {
      load = Promise.all(
        emails.map(async (mine) => {
          for (const email of mine) await applyUntilAccepted(email, seen);
        }),
      );
      await eventually(() => expect(seen.accepted).toBeGreaterThanOrEqual(8), 30_000);
    }, 45_000);

    // The outage reaches requests, the probe and the metrics before the server comes back.
    it('answers 503 database-unavailable, and nothing else, while the database is away', async () => {
      await server.stop();
      await eventually(() => {
        expect(child.exitCode, `the system process ended:\n${output.slice(-3000)}`).toBeNull();
        expect(seen.unexpected).toEqual([]);
        expect(seen.statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(3);
      }, 20_000);
    }, 45_000);

    it('answers 503 on the readiness probe while the database is away', async () => {
      unready = await eventually(async () => {
        const probe = await readyz();
        expect(probe.status).toBe(503);
        return probe.body;
      }, 20_000);
    }, 30_000);

    it('still answers the Prometheus scrape while the database is away, saying what is missing', async () => {
      await eventually(async () => {
        const metrics = await (await fetch(`${started.baseUrl}/metrics`)).text();
        expect(metrics).toContain('certflow_dependency_up{dependency="database"} 0');
        expect(metrics).toContain('certflow_cases_scrape_success 0');
      }, 20_000);
    }, 30_000);

    it('accepts every application once the database is back, the clients having retried only on 503', async () => {
      await server.start();
      await load;
      expect(seen.unexpected).toEqual([]);
      expect(new Set(seen.statuses)).toEqual(new Set([200, 503]));
      expect(seen.accepted).toBe(clients * applicationsPerClient);
    }, 120_000);

    it('keeps the process that runs the API and the worker alive through the restart', () => {
      expect(child.exitCode).toBeNull();
      expect(child.signalCode).toBeNull();
    });

    it('named the database as down on the probe and logged the lost connection', () => {
      expect(unready).toMatchObject({ status: 'unready', database: expect.stringMatching(/^down: /), temporal: 'ok' });
      expect(output).toContain('database connection lost');
    });

    it('is ready again after the restart', async () => {
      expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', database: 'ok', temporal: 'ok' } });
    });

    it('gives each accepted application its one case, moved on by the worker, and its confirmation email', async () => {
      // Nothing lost: each application has its one case, moved on by the worker, and its confirmation email sent.
      const check = new pg.Client({ connectionString: started.databaseUrl });
      await check.connect();
      try {
        await eventually(
          async () => {
            const { rows } = await check.query<{ email: string; stage: string; email_status: string | null }>(
              `select c.email, a.stage, e.status as email_status
               from candidates c join applications a on a.candidate_id = c.id
               left join email_log e on e.workflow_id = a.id and e.kind = 'application-received'`,
            );
            expect(rows.map((r) => r.email).sort()).toEqual(emails.flat().sort());
            expect(rows.filter((r) => r.stage !== 'eligibility-review' || r.email_status !== 'sent')).toEqual([]);
          },
          60_000,
          500,
        );
      } finally {
        await check.end();
      }
    }, 90_000);
  });
});
