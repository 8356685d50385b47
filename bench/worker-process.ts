// A certflow worker in a process of its own, for bench/worker-memory.ts: its memory is then the worker's alone.
// Started by the bench with BENCH_WORKER_CONFIG (JSON); answers "measure" with its memory after a full GC in every
// thread, and "stop" by shutting down. Without an SMTP URL it receives its own mail, so that the cost stays here.
import { BroadcastChannel } from 'node:worker_threads';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { openDatabase } from '../src/db/connection';
import { startMailCatcher } from '../src/dev/mail-catcher';
import { createMailer } from '../src/email/transport';
import { createCertflowWorker } from '../src/temporal/worker';
import { testSecret } from '../test/helpers/system';
import { testEncryption } from '../test/helpers/temporal';
import { waitUntil } from './bench-util';
import { heapProbeChannel } from './heap-probe';

export interface WorkerProcessConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  smtpUrl?: string;
  maxCachedWorkflows?: number;
}

export interface WorkerMemory {
  rss: number;
  mainHeapUsed: number;
  /** The SDK's workflow thread(s): workflow state and the workflow bundle live there (null: no answer in time). */
  workflowThreadHeapUsed: number | null;
  /** Every other thread that answered (script → heap used). */
  otherThreads: Record<string, number>;
  external: number;
  cachedWorkflows: number;
  maxCachedWorkflows: number;
}

const config = JSON.parse(process.env.BENCH_WORKER_CONFIG ?? '{}') as WorkerProcessConfig;
Runtime.install({ logger: new DefaultLogger('WARN') });
const database = await openDatabase({ url: config.databaseUrl, poolSize: 10 });
const ownMailbox = config.smtpUrl ? undefined : await startMailCatcher({ limit: 100 });
const mailer = createMailer({ smtpUrl: config.smtpUrl ?? ownMailbox!.smtpUrl, from: 'certflow <no-reply@test.local>' });
const connection = await NativeConnection.connect({ address: config.address });
const worker = await createCertflowWorker({
  connection,
  namespace: config.namespace,
  taskQueue: config.taskQueue,
  dataConverter: testEncryption.dataConverter,
  deps: {
    db: database.db,
    mailer,
    links: { secret: testSecret, baseUrl: 'http://localhost', ttlDays: 30 },
    staffAlertsEmail: 'staff-alerts@test.local',
  },
  ...(config.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: config.maxCachedWorkflows } : {}),
});
const running = worker.run();
const probe = new BroadcastChannel(heapProbeChannel);
const threadHeaps = new Map<number, { script: string; usedHeap: number }>();
probe.onmessage = (event) => {
  const m = (event as MessageEvent).data as { threadId: number; script: string; usedHeap: number };
  threadHeaps.set(m.threadId, m);
};
const isWorkflowThread = (script: string) => script.includes('workflow-worker-thread');

async function measure(): Promise<WorkerMemory> {
  threadHeaps.clear();
  probe.postMessage('measure');
  (globalThis as { gc?: () => void }).gc?.();
  // A full GC of a large workflow heap takes a while; the thread answers when it is done.
  const workflowThreads = () => [...threadHeaps.values()].filter((t) => isWorkflowThread(t.script));
  const answered = await waitUntil(
    'workflow thread heap',
    async () => workflowThreads().length > 0 || 'no answer',
    120_000,
    200,
  ).then(
    () => true,
    () => false,
  );
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    mainHeapUsed: m.heapUsed,
    workflowThreadHeapUsed: answered ? workflowThreads().reduce((a, t) => a + t.usedHeap, 0) : null,
    otherThreads: Object.fromEntries(
      [...threadHeaps.values()].filter((t) => !isWorkflowThread(t.script)).map((t) => [t.script, t.usedHeap]),
    ),
    external: m.external,
    cachedWorkflows: worker.byQueue.main!.getStatus().numCachedWorkflows,
    maxCachedWorkflows: worker.byQueue.main!.options.maxCachedWorkflows,
  };
}

process.on('message', (message) => {
  if (message === 'measure') void measure().then((memory) => process.send!({ type: 'memory', memory }));
  if (message === 'stop') {
    worker.shutdown();
    void running.then(async () => {
      probe.close();
      mailer.close();
      await ownMailbox?.close();
      await connection.close();
      await database.close();
      process.exit(0);
    });
  }
});
process.send!({ type: 'ready', maxCachedWorkflows: worker.byQueue.main!.options.maxCachedWorkflows });
