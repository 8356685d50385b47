// Worker memory with many open cases: exam applications waiting in eligibility review on the Temporal dev server,
// served by a certflow worker in a process of its own (bench/worker-process.ts) whose RSS and heaps (main thread and
// the SDK's workflow thread, after a full GC) are read at each step. First with the SDK's default workflow cache while
// the cases start; then, for each cache size asked for, a fresh worker that replays every case once (a status query)
// so its cache fills as far as its size allows.
// Run: npm run bench:memory -- [--cases 10000] [--caches 100,default,12000] [--concurrency 32] [--json-only]
// Needs DATABASE_URL: the worker process and the bench share the database.
import { performance } from 'node:perf_hooks';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { submitApplication } from '../src/api/routes/apply';
import { startMailCatcher } from '../src/dev/mail-catcher';
import { openWindows } from '../src/api/open-windows';
import { statusQuery } from '../src/workflows/exam-application/contract';
import { openTestDatabase } from '../test/helpers/database';
import { createDevServerEnv } from '../test/helpers/temporal';
import { forEachConcurrently, mb, numberFlag, table, waitUntil } from './bench-util';
import { measureWorker, spawnWorker, stopWorker, type WorkerChild } from './worker-child';
import type { WorkerMemory, WorkerProcessConfig } from './worker-process';

const args = process.argv.slice(2);
const CASES = numberFlag(args, 'cases', 10_000);
const CONCURRENCY = numberFlag(args, 'concurrency', 32);
const cachesArg = args.includes('--caches') ? args[args.indexOf('--caches') + 1]! : '100,default,12000';
const CACHES = cachesArg.split(',').map((c) => (c === 'default' ? undefined : Number(c)));
const JSON_ONLY = args.includes('--json-only');
const say = (line: string) => {
  if (!JSON_ONLY) console.error(line);
};
if (!process.env.DATABASE_URL)
  throw new Error(
    'bench/worker-memory.ts needs DATABASE_URL: the worker runs in a process of its own and shares the database',
  );
if (CACHES.some((c) => c !== undefined && !(c >= 2)))
  throw new Error(`--caches takes sizes of at least 2 or "default", got "${cachesArg}"`);

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = await createDevServerEnv();
const database = await openTestDatabase({ poolSize: 10 });
const catcher = await startMailCatcher({ limit: CASES + 1000 });
const base: Omit<WorkerProcessConfig, 'maxCachedWorkflows'> = {
  address: env.address,
  namespace: env.namespace ?? 'default',
  taskQueue: `bench-memory-${Math.random().toString(36).slice(2, 8)}`,
  databaseUrl: database.url!,
  smtpUrl: catcher.smtpUrl,
};
const rows: { step: string; cache: string; memory: WorkerMemory; seconds?: number; baseline?: number }[] = [];
let current: WorkerChild | undefined;
/** Records a step; `seconds` and the baseline (the same worker before the cases) only after work. */
const record = (step: string, w: WorkerChild, memory: WorkerMemory, seconds?: number) => {
  rows.push({
    step,
    cache: String(w.maxCachedWorkflows),
    memory,
    ...(seconds !== undefined ? { seconds: +seconds.toFixed(1), baseline: rows.length - 1 } : {}),
  });
  say(
    `  ${step} (cache ${w.maxCachedWorkflows}): RSS ${mb(memory.rss)} MB, main heap ${mb(memory.mainHeapUsed)} MB, workflow thread heap ${memory.workflowThreadHeapUsed === null ? '?' : mb(memory.workflowThreadHeapUsed)} MB, ${memory.cachedWorkflows} cached`,
  );
};
try {
  const window = openWindows(new Date())[0];
  if (!window) throw new Error('no testing window takes applications today');
  say(`worker memory: ${CASES} exam applications (${window.label}) waiting in eligibility review; caches ${cachesArg}`);
  let w = (current = await spawnWorker(base));
  record('started, no case', w, await measureWorker(w));
  const ids: string[] = [];
  let t0 = performance.now();
  await forEachConcurrently(
    Array.from({ length: CASES }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      const form = {
        firstName: 'Bench',
        lastName: `Open${i}`,
        email: `open.case${i}@example.org`,
        membership: 'member' as const,
        program: 'CPCS' as const,
        windowId: window.id,
      };
      ids[i] = (
        await submitApplication(
          { db: database.db, temporal: { client: env.client, taskQueue: base.taskQueue } },
          form,
          new Date(),
        )
      ).applicationId;
      if ((i + 1) % 1000 === 0) say(`  started ${i + 1}`);
    },
  );
  await waitUntil(
    `${CASES} cases in eligibility review`,
    async () => {
      const row = await database.db
        .selectFrom('applications')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('stage', '=', 'eligibility-review')
        .executeTakeFirstOrThrow();
      return Number(row.n) === CASES || `${row.n} in eligibility review`;
    },
    60 * 60_000,
    1_000,
  );
  record(`${CASES} open cases`, w, await measureWorker(w), (performance.now() - t0) / 1000);
  await stopWorker(w);

  for (const size of CACHES) {
    w = current = await spawnWorker({ ...base, ...(size !== undefined ? { maxCachedWorkflows: size } : {}) });
    record('fresh worker', w, await measureWorker(w));
    t0 = performance.now();
    // A query replays an uncached case into the cache; beyond its size the least recent is evicted.
    await forEachConcurrently(ids, CONCURRENCY, (id) => queryPatiently(id));
    record(`every case replayed once`, w, await measureWorker(w), (performance.now() - t0) / 1000);
    await stopWorker(w);
    current = undefined;
  }

  /** A busy machine may answer a query late: asked again (up to 5 times), since what is measured is the cache, not the wait. */
  async function queryPatiently(id: string, attempt = 1): Promise<unknown> {
    try {
      return await env.client.workflow.getHandle(id).query(statusQuery);
    } catch (err) {
      if (
        attempt >= 5 ||
        !/timed out|DEADLINE_EXCEEDED/i.test(
          String((err as Error).message) + String((err as { cause?: Error }).cause?.message),
        )
      )
        throw err;
      say(`  query of ${id} timed out (attempt ${attempt}); asking again`);
      return queryPatiently(id, attempt + 1);
    }
  }

  const perCachedKb = (after: WorkerMemory, before: WorkerMemory) =>
    after.cachedWorkflows > 0 && after.workflowThreadHeapUsed !== null && before.workflowThreadHeapUsed !== null
      ? +((after.workflowThreadHeapUsed - before.workflowThreadHeapUsed) / after.cachedWorkflows / 1024).toFixed(1)
      : null;
  const report = rows.map(({ baseline, ...r }) => ({
    ...r,
    memory: {
      ...r.memory,
      rss: mb(r.memory.rss),
      mainHeapUsed: mb(r.memory.mainHeapUsed),
      workflowThreadHeapUsed: r.memory.workflowThreadHeapUsed === null ? null : mb(r.memory.workflowThreadHeapUsed),
      external: mb(r.memory.external),
      otherThreads: Object.fromEntries(Object.entries(r.memory.otherThreads).map(([k, v]) => [k, mb(v)])),
    },
    ...(baseline !== undefined
      ? {
          workflowHeapPerCachedCaseKb: perCachedKb(r.memory, rows[baseline]!.memory),
          rssGrowthMb: mb(r.memory.rss - rows[baseline]!.memory.rss),
        }
      : {}),
  }));
  say('');
  say(
    table(
      [
        'step',
        'cache size',
        'cached',
        'RSS MB',
        'RSS growth MB',
        'main heap MB',
        'workflow heap MB',
        'KB / cached case',
        's',
      ],
      report.map((r) => [
        r.step,
        r.cache,
        r.memory.cachedWorkflows,
        r.memory.rss,
        r.rssGrowthMb ?? '',
        r.memory.mainHeapUsed,
        r.memory.workflowThreadHeapUsed ?? '?',
        r.workflowHeapPerCachedCaseKb ?? '',
        r.seconds ?? '',
      ]),
    ),
  );
  console.log(
    JSON.stringify({
      bench: 'worker-memory',
      cases: CASES,
      node: process.version,
      database: 'postgres',
      steps: report,
    }),
  );
} finally {
  if (current) await stopWorker(current).catch(() => current!.child.kill());
  await catcher.close();
  await database.close();
  await env.teardown();
}
