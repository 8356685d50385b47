// The parts bench/chaos.ts breaks on purpose: the worker in a process of its own, an SMTP sink that can go down and
// come back on its port, the Temporal dev server restarted on its SQLite file, and PostgreSQL restarted by a command.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMailCatcher, type CaughtEmail, type MailCatcher } from '../src/dev/mail-catcher';
import { Connection } from '@temporalio/client';
import { resolveTemporalExecutable } from '../src/temporal/binaries';
import { registerSearchAttributes } from '../src/temporal/register-search-attributes';
import { projectRoot } from '../src/lib/project-root';
import { freePort } from '../test/helpers/free-port';
import { sleepMs } from './bench-util';

const root = projectRoot(import.meta.dirname);

export interface WorkerProcess {
  pid: number;
  /** SIGKILL: no drain, no goodbye; in-flight activities time out and are retried elsewhere. */
  kill(): Promise<void>;
  /** SIGTERM: the orderly stop an orchestrator gives. */
  stop(): Promise<void>;
}

/**
 * `npm run worker` as one process (node running src/main-worker.ts, no npm or tsx wrapper, so a signal reaches the
 * worker itself), on free probe and metrics ports; resolves once its Worker reports RUNNING.
 */
export async function startWorkerProcess(
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<WorkerProcess> {
  const health = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main-worker.ts'], {
    cwd: root,
    env: { ...process.env, ...env, WORKER_HEALTH_PORT: String(health), WORKER_METRICS_PORT: String(await freePort()) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the worker process exited as it started (${child.exitCode ?? child.signalCode}):\n${stderr}`);
    const state = await fetch(`http://127.0.0.1:${health}/healthz`).then(
      (r) => r.json() as Promise<{ worker?: string }>,
      () => undefined,
    );
    if (state?.worker === 'RUNNING') break;
    if (Date.now() > deadline) throw new Error(`the worker process did not start polling within 3 minutes:\n${stderr}`);
    await sleepMs(250);
  }
  log(`    worker process ${child.pid} polling`);
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { pid: child.pid!, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

/** An SMTP server that can be taken down and brought back on the same port; it keeps what it received across. */
export interface SmtpSink {
  smtpUrl: string;
  /** Every message received, one per Message-ID: a copy the sender sent again (after a crash) counts once. */
  messages(): CaughtEmail[];
  /** Messages that arrived again under a Message-ID already received (the receiving side drops them). */
  resent(): number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const port = await freePort();
  const earlier: CaughtEmail[] = [];
  let current: MailCatcher | undefined = await startMailCatcher({ smtpPort: port, limit: 1_000_000 });
  const all = () => [...earlier, ...(current?.messages() ?? [])];
  const byMessageId = () => {
    const seen = new Map<string, CaughtEmail>();
    for (const m of all()) if (!seen.has(messageIdOf(m))) seen.set(messageIdOf(m), m);
    return [...seen.values()];
  };
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    messages: byMessageId,
    resent: () => all().length - byMessageId().length,
    async down() {
      if (!current) return;
      earlier.push(...current.messages());
      await current.close();
      current = undefined;
    },
    async up() {
      current ??= await startMailCatcher({ smtpPort: port, limit: 1_000_000 });
    },
    async close() {
      await current?.close();
    },
  };
}

export const messageIdOf = (m: CaughtEmail) => m.headers['message-id'] ?? `no-id-${m.id}`;

function temporalCli(): string {
  const exe = resolveTemporalExecutable('cli', process.env, { allowDownload: false });
  if (exe.type !== 'existing-path') throw new Error('the Temporal CLI is not installed: npm run install-temporal');
  return exe.path;
}

/**
 * `temporal server start-dev --db-filename <dataDir>/temporal.sqlite` on a free port, headless, its output kept off
 * this process's stdout (the harness prints one JSON line there); restartable with its state.
 */
export async function startRestartableDevServer(
  dataDir: string,
): Promise<{ address: string; restart(): Promise<void>; stop(): Promise<void> }> {
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    join(dataDir, 'temporal.sqlite'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--headless',
    '--log-level',
    'error',
  ];
  const start = async (): Promise<ChildProcess> => {
    const child = spawn(temporalCli(), args, { stdio: 'ignore' });
    for (const deadline = Date.now() + 60_000; ; await sleepMs(250)) {
      if (child.exitCode !== null) throw new Error(`the Temporal dev server exited as it started (${child.exitCode})`);
      const connection = await Connection.connect({ address, connectTimeout: 1000 }).catch(() => undefined);
      if (connection) {
        try {
          await registerSearchAttributes(connection, 'default');
          return child;
        } catch {
          // Not serving yet.
        } finally {
          await connection.close();
        }
      }
      if (Date.now() > deadline)
        throw new Error(`the Temporal dev server did not answer on ${address} within a minute`);
    }
  };
  const stop = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  let server = await start();
  return {
    address,
    async restart() {
      await stop(server);
      server = await start();
    },
    stop: () => stop(server),
  };
}

/** Runs an operator's restart command (e.g. `pg_ctlcluster 15 main restart`) through the shell. */
export async function runRestartCommand(command: string): Promise<void> {
  await promisify(execFile)('sh', ['-c', command], { timeout: 120_000 }).catch(
    (err: { message: string; stderr?: string }) => {
      throw new Error(`${command} failed: ${err.message}\n${err.stderr ?? ''}`);
    },
  );
}
