import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { temporalUiUrl } from './config/env';
import { loadEnvOrExit } from './config/load';
import { loadPolicyOrExit } from './config/policy-file';
import { openDatabase } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { startCredlyDouble } from './dev/credly-double';
import { startMailCatcher, type MailCatcher } from './dev/mail-catcher';
import { badgeClientFromEnv } from './integrations/badges/from-env';
import { createMailer } from './email/transport';
import { createLogger } from './logger';
import { payloadEncryption } from './temporal/data-converter';
import { forgetDevServer, recordDevServer, stopOrphanedDevServer } from './start/dev-server-pid';
import { acquireInstanceLock, InstanceLockedError, type InstanceLock } from './start/instance-lock';
import { checkPortsFree, PortTakenError, type PlannedPort } from './start/ports';
import { devServerDbFilename, startDevServer, type DevServer } from './temporal/dev-server';
import { installTemporalRuntime } from './temporal/runtime-logger';
import { ensureTemporalBinaries } from './temporal/install';
import { startApi } from './wiring/api';
import { loadOrCreateDevSecrets } from './wiring/dev-secrets';
import { buildWorker } from './wiring/worker';
import { startWorkerProbes } from './wiring/worker-probes';

/**
 * `npm start`: the whole system on embedded defaults — Temporal dev server with UI, PGlite, a mail catcher
 * with its mailbox page, the worker and the API — each replaced by the real thing when its variable is set.
 */
// One git-ignored folder holds everything `npm start` keeps between runs.
const dataDir = process.env.DATA_DIR || '.data';
// First of all, before the secrets are read or made: one `npm start` per data folder.
const lock = lockOrExit(dataDir);
const secrets = loadOrCreateDevSecrets(join(dataDir, 'dev-secrets.json'));
const env = loadEnvOrExit({
  ...process.env,
  PGLITE_DATA_DIR: process.env.PGLITE_DATA_DIR || join(dataDir, 'pglite'),
  TEMPORAL_DATA_DIR: process.env.TEMPORAL_DATA_DIR || join(dataDir, 'temporal'),
  APP_SECRET: process.env.APP_SECRET || secrets.appSecret,
  ADMIN_EMAIL: process.env.ADMIN_EMAIL || secrets.adminEmail,
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD || secrets.adminPassword,
  CODEC_KEYS: process.env.CODEC_KEYS || secrets.codecKeys,
  // A demo runs windows at once on simulated forms; FORMS_SIMULATED=false makes it wait for loaded ones.
  FORMS_SIMULATED: process.env.FORMS_SIMULATED || 'true',
});
// A bad policy value stops the start here, before anything runs (exit code 2, naming the key).
const policy = loadPolicyOrExit(env);
const encryption = encryptionOrExit(env.CODEC_KEYS!);
const plannedPorts: PlannedPort[] = [
  { variable: 'PORT', port: env.PORT },
  { variable: 'WORKER_METRICS_PORT', port: env.WORKER_METRICS_PORT },
  { variable: 'WORKER_HEALTH_PORT', port: env.WORKER_HEALTH_PORT },
  ...(env.TEMPORAL_ADDRESS
    ? []
    : [
        { variable: 'TEMPORAL_PORT', port: env.TEMPORAL_PORT, host: '127.0.0.1' },
        { variable: 'TEMPORAL_UI_PORT', port: env.TEMPORAL_UI_PORT, host: '127.0.0.1' },
      ]),
  ...(env.SMTP_URL
    ? []
    : [
        { variable: 'MAILBOX_SMTP_PORT', port: env.MAILBOX_SMTP_PORT, host: '127.0.0.1' },
        { variable: 'MAILBOX_HTTP_PORT', port: env.MAILBOX_HTTP_PORT, host: '127.0.0.1' },
      ]),
];
lock.describe({ url: env.PUBLIC_BASE_URL, ports: Object.fromEntries(plannedPorts.map((p) => [p.variable, p.port])) });
const log = createLogger(env.LOG_LEVEL, 'certflow');
const say = (line: string) => process.stdout.write(`${line}\n`);
const stops: (() => Promise<unknown> | void)[] = [];

/** Before anything starts: the dev server an earlier crashed start left behind is stopped, then every port is free. */
async function preflight(): Promise<void> {
  if (!env.TEMPORAL_ADDRESS) await stopOrphanedDevServer(dataDir, devServerDbFilename(env.TEMPORAL_DATA_DIR), say);
  await checkPortsFree(plannedPorts);
}

async function main(): Promise<void> {
  // Before anything Temporal: the dev server and the worker share this process's one runtime.
  installTemporalRuntime(log, { handleSignals: false, metricsPort: env.WORKER_METRICS_PORT });
  let devServer: DevServer | undefined;
  if (!env.TEMPORAL_ADDRESS) {
    ensureTemporalBinaries(say);
    say('Starting the Temporal dev server …');
    devServer = await startDevServer({
      dataDir: env.TEMPORAL_DATA_DIR,
      port: env.TEMPORAL_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      namespace: env.TEMPORAL_NAMESPACE,
      // Served by the API at /temporal, so its calls to the codec endpoint carry the staff session (same origin).
      uiPublicPath: '/temporal',
      codecEndpoint: `${env.PUBLIC_BASE_URL.replace(/\/$/, '')}/codec`,
    });
    // Recorded so that the next start can stop it if this process dies without stopping it.
    if (devServer.pid !== undefined)
      recordDevServer(dataDir, devServer.pid, devServerDbFilename(env.TEMPORAL_DATA_DIR));
    stops.push(async () => {
      await devServer!.stop();
      forgetDevServer(dataDir);
    });
  }
  const address = env.TEMPORAL_ADDRESS ?? devServer!.address;

  const database = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DATA_DIR, logger: log });
  stops.push(() => database.close());
  const applied = await migrateToLatest(database.db);
  if (applied.length) log.info({ applied }, 'migrations applied');

  let catcher: MailCatcher | undefined;
  if (!env.SMTP_URL) {
    catcher = await startMailCatcher({ smtpPort: env.MAILBOX_SMTP_PORT, httpPort: env.MAILBOX_HTTP_PORT });
    stops.push(() => catcher!.close());
  }
  const mailer = createMailer({ smtpUrl: env.SMTP_URL ?? catcher!.smtpUrl, from: env.MAIL_FROM });
  stops.push(() => mailer.close());

  // No CREDLY_URL: badges go to a local in-memory double of Credly's API (lost on restart, like the mailbox).
  let credlyUrl = env.CREDLY_URL;
  if (!credlyUrl) {
    const credly = await startCredlyDouble({
      organizationId: env.CREDLY_ORG_ID,
      apiToken: env.CREDLY_API_TOKEN,
      templateIds: [env.CREDLY_TEMPLATE_CPCS, env.CREDLY_TEMPLATE_CPMSM],
    });
    stops.push(() => credly.close());
    credlyUrl = credly.url;
  }

  const secret = env.APP_SECRET!;
  // npm start runs the sources as they are now: it bundles them rather than load a possibly older dist/ build.
  const { worker, connection, promote, buildId } = await buildWorker(env, {
    db: database.db,
    mailer,
    secret,
    logger: log,
    address,
    handleSignals: false,
    badges: badgeClientFromEnv(env, credlyUrl),
    encryption,
    policy,
  });
  const running = worker.run();
  await promote();
  stops.push(async () => {
    worker.shutdown();
    await running;
    await connection.close();
  });
  running.catch((err: unknown) => {
    log.fatal({ err }, 'worker stopped');
    void shutdown(1);
  });
  const probes = await startWorkerProbes(env, { worker, connection, db: database.db });
  stops.push(() => probes.close());

  const apiEnv = devServer && !env.TEMPORAL_UI_UPSTREAM ? { ...env, TEMPORAL_UI_UPSTREAM: devServer.uiUpstream } : env;
  const api = await startApi(apiEnv, { db: database.db, secret, logger: log, address, encryption, policy });
  stops.push(() => api.close());

  const base = env.PUBLIC_BASE_URL.replace(/\/$/, '');
  say('');
  say('certflow is running:');
  say(`  Candidate form   ${base}/apply`);
  say(
    `  Staff area       ${base}/staff   (sign in as ${env.ADMIN_EMAIL}${process.env.ADMIN_PASSWORD ? '' : ` / ${secrets.adminPassword}`})`,
  );
  say(`  Temporal UI      ${temporalUiUrl(apiEnv)}   (staff: sign in first)`);
  say(`  Mailbox          ${catcher?.httpUrl ?? `(real SMTP server: ${env.SMTP_URL?.replace(/\/\/[^@]*@/, '//…@')})`}`);
  say(`  Badges           ${env.CREDLY_URL ? env.CREDLY_URL : `local Credly double at ${credlyUrl}`}`);
  say(
    `  Worker build     ${env.TEMPORAL_DEPLOYMENT_NAME} ${buildId}${env.TEMPORAL_WORKER_VERSIONING ? '' : ' (versioning off)'}`,
  );
  say(`  Worker probes    ${probes.url}/readyz   metrics http://localhost:${env.WORKER_METRICS_PORT}/metrics`);
  say(`  API probes       ${base}/readyz   metrics ${base}/metrics`);
  say(
    `  Database         ${database.kind === 'pglite' ? `embedded PGlite in ${env.PGLITE_DATA_DIR}` : 'DATABASE_URL'}`,
  );
  say('Press Ctrl-C to stop.');
}

function lockOrExit(folder: string): InstanceLock {
  mkdirSync(folder, { recursive: true });
  try {
    const taken = acquireInstanceLock(folder);
    // Every way out (Ctrl-C, a bad setting, a crash that still runs exit handlers) gives the folder back.
    process.once('exit', () => taken.release());
    return taken;
  } catch (err) {
    if (!(err instanceof InstanceLockedError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

function encryptionOrExit(codecKeys: string) {
  try {
    return payloadEncryption(codecKeys);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('\nStopping …');
  // Last started, first stopped: the API before the worker, the worker before the servers it needs.
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (err) {
      log.warn({ err }, 'error while stopping');
    }
  }
  process.exit(code);
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
preflight().then(
  () =>
    main().catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      void shutdown(1);
    }),
  (err: unknown) => {
    // Nothing started yet: the message is all there is to say.
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof PortTakenError ? 2 : 1);
  },
);
