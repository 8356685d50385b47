// The fault harness (issue #13): a past window's lifecycle with N candidates, and during its score release the
// worker (its own process) is killed K times and restarted, the SMTP server goes away for a while, PostgreSQL and
// the Temporal dev server restart (the dev server on its SQLite file, state kept). Afterwards every candidate must
// hold exactly one score email (counted by Message-ID) and no application, result or email row may be lost.
// Prints one JSON line {"candidates","emailed","duplicates","lost","faults",...}; exits 1 otherwise, 2 on bad usage.
// Bounded (--timeout-minutes), loopback only (its own servers on 127.0.0.1, DATABASE_URL on this machine).
// Run: DATABASE_URL=postgres://…@localhost/… npm run chaos -- --candidates 200 --kills 3
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../src/api/app';
import { ensureFirstAdmin } from '../src/api/auth/first-admin';
import { createLogger } from '../src/logger';
import { payloadEncryption } from '../src/temporal/data-converter';
import { writeWorkflowBundle } from '../src/temporal/workflow-bundle';
import { openTestDatabase } from '../test/helpers/database';
import { admin, credlyConfig, testSecret } from '../test/helpers/system';
import { startCredlyDouble } from '../src/dev/credly-double';
import {
  runRestartCommand,
  startRestartableDevServer,
  startSmtpSink,
  startWorkerProcess,
  type WorkerProcess,
} from './chaos-parts';
import { chaosSettings, faultPlan, type Fault } from './chaos-settings';
import { lostRows, releaseProgress, rowKeys, tallyScoreEmails } from './chaos-tally';
import { runLifecycle, type LifecycleRun } from './lifecycle-core';
import { sleepMs } from './bench-util';

const settings = chaosSettings(process.argv.slice(2), process.env);
const say = (line: string) => process.stderr.write(`${line}\n`);
const codecKeys = `chaos1:${Buffer.alloc(32, 7).toString('base64')}`;
const encryption = payloadEncryption(codecKeys);
const cleanups: (() => Promise<unknown>)[] = [];
const cleanUp = async () => {
  for (const c of cleanups.reverse()) await c().catch((err: unknown) => say(`cleanup: ${String(err)}`));
};
/** Ends the run at once as failed: the JSON line says why, whatever runs is torn down. */
function abort(error: string): void {
  say(`chaos: ${error}; stopping`);
  process.stdout.write(
    `${JSON.stringify({ candidates: settings.candidates, emailed: null, duplicates: null, lost: null, faults: done.map((f) => f.kind), error })}\n`,
  );
  void cleanUp().finally(() => process.exit(1));
}
// Stops by itself: past the deadline whatever runs is torn down and the run fails.
const deadline = setTimeout(
  () => abort(`not done within ${settings.timeoutMinutes} minutes`),
  settings.timeoutMinutes * 60_000,
);
const done: Fault[] = [];

const dataDir = mkdtempSync(join(tmpdir(), 'certflow-chaos-'));
cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
const dev = await startRestartableDevServer(join(dataDir, 'temporal'));
cleanups.push(() => dev.stop());
const database = await openTestDatabase({ serverUrl: settings.databaseUrl, poolSize: 10 });
cleanups.push(() => database.close());
const sink = await startSmtpSink();
cleanups.push(() => sink.close());
// Passing candidates get a badge: the worker issues it to a local double of Credly (it survives the worker's deaths).
const credly = await startCredlyDouble({
  organizationId: credlyConfig.organizationId,
  apiToken: credlyConfig.apiToken,
  templateIds: Object.values(credlyConfig.templateIds),
});
cleanups.push(() => credly.close());
say('chaos: bundling the workflows once for every worker process');
const bundle = await writeWorkflowBundle(join(dataDir, 'workflow-bundle.js'));
const connection = await Connection.connect({ address: dev.address });
cleanups.push(() => connection.close());
const client = new Client({ connection, dataConverter: encryption.dataConverter });
const taskQueue = `chaos-${Math.random().toString(36).slice(2, 8)}`;
await ensureFirstAdmin(database.db, admin.email, admin.password);
const server = await new Promise<Server>((resolve) => {
  const app = createApp({
    db: database.db,
    temporal: { client, taskQueue, namespace: 'default', uiUrl: 'http://localhost:8233' },
    secret: testSecret,
    publicBaseUrl: 'http://localhost',
    staffSessionTtlHours: 8,
    logger: createLogger('silent'),
    rateLimitPerMinute: 100_000,
    codec: encryption.codec,
    formsSimulated: false,
    // The longest allowed: a loaded machine answers 202 (taken, still working) sooner than a quiet one.
    updateTimeoutMs: 60_000,
  });
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
cleanups.push(() => new Promise((r) => server.close(r)));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const workerEnv = {
  DATABASE_URL: database.url!,
  SMTP_URL: sink.smtpUrl,
  APP_SECRET: testSecret,
  CODEC_KEYS: codecKeys,
  TEMPORAL_ADDRESS: dev.address,
  TEMPORAL_TASK_QUEUE: taskQueue,
  // One build runs at a time here; deployment versioning has its own tests.
  TEMPORAL_WORKER_VERSIONING: 'false',
  WORKFLOW_BUNDLE_PATH: bundle,
  PUBLIC_BASE_URL: baseUrl,
  CREDLY_URL: credly.url,
  CREDLY_ORG_ID: credlyConfig.organizationId,
  CREDLY_API_TOKEN: credlyConfig.apiToken,
  CREDLY_TEMPLATE_CPCS: credlyConfig.templateIds.CPCS,
  CREDLY_TEMPLATE_CPMSM: credlyConfig.templateIds.CPMSM,
  LOG_LEVEL: 'warn',
};
let worker: WorkerProcess = await startWorkerProcess(workerEnv, say);
cleanups.push(() => worker.stop());

const plan = faultPlan(settings);
let before = new Set<string>();
let faults: Promise<void> | undefined;
let progress: NodeJS.Timeout | undefined;
const inject = async () => {
  before = await rowKeys(database.db);
  const t0 = Date.now();
  for (const fault of plan) {
    await sleepMs(t0 + fault.atMs - Date.now());
    say(`  +${((Date.now() - t0) / 1000).toFixed(0)} s: ${fault.kind}`);
    if (fault.kind === 'smtp-down') await sink.down();
    if (fault.kind === 'smtp-up') await sink.up();
    if (fault.kind === 'worker-kill') {
      await worker.kill();
      worker = await startWorkerProcess(workerEnv, say);
    }
    if (fault.kind === 'postgres-restart') await runRestartCommand(settings.postgresRestart.command!);
    if (fault.kind === 'dev-server-restart') await dev.restart();
    done.push(fault);
  }
};

let run: LifecycleRun | undefined;
let error: string | undefined;
try {
  run = await runLifecycle(
    { baseUrl, db: database.db, taskQueue, env: { client }, catcher: sink },
    {
      applications: settings.candidates,
      concurrency: 16,
      log: say,
      // The phases give up a minute before the deadline, so that the run reports rather than being cut.
      phaseTimeoutMs: Math.max(1, settings.timeoutMinutes - 1) * 60_000,
      onPhaseStart: (name) => {
        if (name !== 'release') return;
        // A fault that cannot be injected ends the run: its outcome would prove nothing.
        faults = inject().catch((err: unknown) =>
          abort(`a fault could not be injected: ${err instanceof Error ? err.message : String(err)}`),
        );
        progress = setInterval(() => void releaseProgress(database.db, sink).then(say, () => undefined), 15_000);
      },
    },
  );
} catch (err) {
  error = err instanceof Error ? err.message : String(err);
}
await faults;
clearInterval(progress);

const cases = run?.cases ?? [];
const tally = tallyScoreEmails(cases, sink.messages(), 'Your CPCS exam result');
const lost = lostRows(before, await rowKeys(database.db));
const count = (kind: Fault['kind']) => done.filter((f) => f.kind === kind).length;
const result = {
  candidates: settings.candidates,
  emailed: tally.emailed,
  duplicates: tally.duplicates,
  lost: lost.length,
  faults: {
    workerKills: count('worker-kill'),
    smtpOutageSeconds: count('smtp-up') ? settings.smtpOutageSeconds : 0,
    postgresRestarts: count('postgres-restart'),
    devServerRestarts: count('dev-server-restart'),
    ...(settings.postgresRestart.skipped ? { postgresRestartSkipped: settings.postgresRestart.skipped } : {}),
  },
  // A copy of a message sent again after a crash, under its Message-ID: the receiving side drops it.
  resentSameMessageId: sink.resent(),
  ...(tally.strangers ? { strangers: tally.strangers } : {}),
  ...(lost.length ? { lostRows: lost.slice(0, 20) } : {}),
  ...(error ? { error } : {}),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
clearTimeout(deadline);
await cleanUp();
const ok =
  !error &&
  result.emailed === result.candidates &&
  result.duplicates === 0 &&
  result.lost === 0 &&
  !tally.strangers &&
  done.length === plan.length;
process.exit(ok ? 0 : 1);
