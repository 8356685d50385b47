// Latency of the application form's endpoint (POST /apply, JSON) under concurrent clients, beside a floor measured in
// the same run: a bare express endpoint that only starts an empty workflow on the same dev server through the same
// client. Blocks of requests alternate between the two, so both see the same machine; after each block the bench waits
// (untimed) until the workflows it started have done their first work, so no block pays for the one before. The first
// block of each is a warm-up. Fails if any request is refused. The certflow worker runs in a process of its own
// (bench/worker-process.ts, with its own mailbox), as in production: the API's process serves requests only.
// Run: npm run bench:apply -- [--clients 50] [--requests N] [--json-only]   (needs DATABASE_URL: the worker shares it)
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import express from 'express';
import { openWindows } from '../src/api/open-windows';
import { startSystem } from '../test/helpers/system';
import { testEncryption } from '../test/helpers/temporal';
import { mb, numberFlag, percentile, table, waitUntil } from './bench-util';
import { spawnWorker, stopWorker } from './worker-child';
import { emptyWorkflow } from './workflows-floor';
import { attestationJson } from '../test/helpers/attestation';

const args = process.argv.slice(2);
const CLIENTS = numberFlag(args, 'clients', 50);
const REQUESTS = numberFlag(args, 'requests', 2_000);
// Each block gives every client a few requests in a row; blocks alternate between the endpoint and its floor.
const BLOCK = CLIENTS * 4;
const JSON_ONLY = args.includes('--json-only');
const say = (line: string) => {
  if (!JSON_ONLY) console.error(line);
};

if (!process.env.DATABASE_URL)
  throw new Error('bench/apply.ts needs DATABASE_URL: the worker runs in a process of its own and shares the database');
Runtime.install({ logger: new DefaultLogger('WARN') });
// The API's own pool, as main-api has (10); the worker process has another.
const sys = await startSystem({ now: () => new Date(), poolSize: 10, rateLimitPerMinute: 1_000_000, worker: false });
const worker = await spawnWorker({
  address: sys.env.address,
  namespace: sys.env.namespace ?? 'default',
  taskQueue: sys.taskQueue,
  databaseUrl: sys.databaseUrl!,
});
const floorQueue = `bench-apply-floor-${Math.random().toString(36).slice(2, 8)}`;
// The floor's workflows run on a worker of their own, as the applications run on the certflow worker.
const floorWorker = await Worker.create({
  connection: sys.env.nativeConnection,
  namespace: sys.env.namespace ?? 'default',
  taskQueue: floorQueue,
  dataConverter: testEncryption.dataConverter,
  workflowsPath: fileURLToPath(new URL('./workflows-floor.ts', import.meta.url)),
  activities: {},
});
const floorRunning = floorWorker.run();
const floorApp = express();
floorApp.use(express.json({ limit: '100kb' }));
floorApp.post('/apply', async (_req, res) => {
  const handle = await sys.env.client.workflow.start(emptyWorkflow, {
    workflowId: `apply-floor-${randomUUID()}`,
    taskQueue: floorQueue,
  });
  res.json({ workflowId: handle.workflowId });
});
const floorServer = await new Promise<Server>((resolve) => {
  const s = floorApp.listen(0, '127.0.0.1', () => resolve(s));
});
const floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}`;

type Side = 'apply' | 'floor';
const latencies: Record<Side, number[]> = { apply: [], floor: [] };
const failures: string[] = [];
const window = openWindows(new Date())[0];
let sent = 0;
const started: Record<Side, number> = { apply: 0, floor: 0 };

/** Every application in eligibility review (its first activities and email done), every empty workflow completed. */
async function settled(side: Side): Promise<true | string> {
  if (side === 'apply') {
    const row = await sys.db
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('stage', '=', 'eligibility-review')
      .executeTakeFirstOrThrow();
    return Number(row.n) === started.apply || `${row.n} of ${started.apply} applications in eligibility review`;
  }
  const { count } = await sys.env.client.workflow.count(
    `TaskQueue = "${floorQueue}" AND ExecutionStatus = "Completed"`,
  );
  return count === started.floor || `${count} of ${started.floor} empty workflows completed`;
}

async function block(side: Side, n: number, keep: boolean): Promise<void> {
  const url = side === 'apply' ? `${sys.baseUrl}/apply` : `${floorUrl}/apply`;
  let left = n;
  const client = async () => {
    while (left > 0) {
      left -= 1;
      const i = sent++;
      const body = JSON.stringify({
        firstName: 'Bench',
        lastName: `Applicant${i}`,
        email: `apply.${side}.${i}@example.org`,
        membership: 'member',
        program: 'CPCS',
        windowId: window!.id,
        ...attestationJson,
      });
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200) failures.push(`${side} ${res.status} ${text.slice(0, 200)}`);
      else {
        started[side] += 1;
        if (keep) latencies[side].push(ms);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  await waitUntil(`${side} block settled`, () => settled(side), 10 * 60_000, 100);
}

try {
  if (!window) throw new Error('no testing window takes applications today: the form would refuse every request');
  say(
    `POST /apply for ${window.label}: ${REQUESTS} requests from ${CLIENTS} concurrent clients, in blocks of ${BLOCK} alternating with the floor (an express endpoint that only starts an empty workflow)`,
  );
  const t0 = performance.now();
  await block('apply', BLOCK, false);
  await block('floor', BLOCK, false);
  for (let done = 0; done < REQUESTS; done += BLOCK) {
    const n = Math.min(BLOCK, REQUESTS - done);
    await block('apply', n, true);
    await block('floor', n, true);
    say(`  ${done + n} of ${REQUESTS} each`);
  }
  const wallMs = performance.now() - t0;
  if (failures.length) throw new Error(`${failures.length} requests failed, e.g. ${failures.slice(0, 3).join(' | ')}`);
  const stats = (xs: number[]) => ({
    p50: +percentile(xs, 50).toFixed(1),
    p90: +percentile(xs, 90).toFixed(1),
    p99: +percentile(xs, 99).toFixed(1),
    max: +Math.max(...xs).toFixed(1),
    mean: +(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1),
  });
  const apply = stats(latencies.apply);
  const floor = stats(latencies.floor);
  say('');
  say(
    table(
      ['endpoint', 'requests', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms'],
      [
        ['POST /apply', latencies.apply.length, apply.p50, apply.p90, apply.p99, apply.max, apply.mean],
        [
          'floor: start an empty workflow',
          latencies.floor.length,
          floor.p50,
          floor.p90,
          floor.p99,
          floor.max,
          floor.mean,
        ],
        [
          '× floor',
          '',
          +(apply.p50 / floor.p50).toFixed(2),
          +(apply.p90 / floor.p90).toFixed(2),
          +(apply.p99 / floor.p99).toFixed(2),
          '',
          '',
        ],
      ],
    ),
  );
  console.log(
    JSON.stringify({
      bench: 'apply',
      clients: CLIENTS,
      requests: REQUESTS,
      windowId: window.id,
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      node: process.version,
      apply,
      floor,
      ratio: +(apply.p99 / floor.p99).toFixed(2),
      p50Ratio: +(apply.p50 / floor.p50).toFixed(2),
      wallMs: Math.round(wallMs),
      apiProcessRssMb: mb(process.memoryUsage().rss),
    }),
  );
} finally {
  await new Promise<void>((resolve) => floorServer.close(() => resolve()));
  floorWorker.shutdown();
  await floorRunning;
  await stopWorker(worker);
  await sys.close();
}
