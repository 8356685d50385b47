import { ConfigError, requireCodecKeys, requireSecret } from './config/env';
import { loadEnvOrExit } from './config/load';
import { loadPolicyOrExit } from './config/policy-file';
import { openDatabase } from './db/connection';
import { createMailer } from './email/transport';
import { createLogger } from './logger';
import { payloadEncryption } from './temporal/data-converter';
import { buildWorker } from './wiring/worker';
import { startWorkerProbes } from './wiring/worker-probes';
import { builtBundleOrNone } from './temporal/workflow-bundle';

/** `npm run worker`: the Temporal worker alone, wired from env (production topology). */
const env = loadEnvOrExit();
const policy = loadPolicyOrExit(env);
const log = createLogger(env.LOG_LEVEL, 'worker');
try {
  if (!env.DATABASE_URL)
    throw new ConfigError(
      'DATABASE_URL: required for `npm run worker` (the embedded database serves only `npm start`)',
    );
  if (!env.SMTP_URL)
    throw new ConfigError('SMTP_URL: required for `npm run worker` (for example smtp://mail.internal:25)');
  const secret = requireSecret(env);
  const encryption = payloadEncryption(requireCodecKeys(env));
  const handle = await openDatabase({ url: env.DATABASE_URL, logger: log });
  const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  const workflowBundlePath = builtBundleOrNone(env.WORKFLOW_BUNDLE_PATH);
  if (!workflowBundlePath)
    log.warn(
      'no built workflow bundle: bundling src/workflows now (production runs `npm run build` once and loads dist/workflow-bundle.js)',
    );
  const { worker, connection, promote } = await buildWorker(env, {
    db: handle.db,
    mailer,
    secret,
    logger: log,
    address: env.TEMPORAL_ADDRESS ?? 'localhost:7233',
    encryption,
    policy,
    ...(workflowBundlePath ? { workflowBundlePath } : {}),
  });
  // Before polling starts, so a port in use stops the process before it takes any task.
  const probes = await startWorkerProbes(env, { worker, connection, db: handle.db });
  // worker.run() resolves after SIGINT/SIGTERM, which the SDK handles by draining in-flight tasks.
  const running = worker.run();
  log.info(
    {
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      queues: env.WORKER_QUEUES,
      probes: probes.url,
      metrics: `http://localhost:${env.WORKER_METRICS_PORT}/metrics`,
    },
    'worker running',
  );
  await promote();
  await running;
  await probes.close();
  await connection.close();
  mailer.close();
  await handle.close();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
