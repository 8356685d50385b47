// Starts bench/worker-process.ts (a certflow worker in a process of its own) and talks to it over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerMemory, WorkerProcessConfig } from './worker-process';

export interface WorkerChild {
  child: ChildProcess;
  maxCachedWorkflows: number;
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`the worker process exited (${code}) before "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Resolves once the worker polls its task queue. */
export async function spawnWorker(config: WorkerProcessConfig): Promise<WorkerChild> {
  const child = fork(fileURLToPath(new URL('./worker-process.ts', import.meta.url)), [], {
    // The probe is required (not imported) so that it loads in the SDK's workflow thread too.
    execArgv: [
      '--expose-gc',
      '--require',
      'tsx/cjs',
      '--require',
      fileURLToPath(new URL('./heap-probe.ts', import.meta.url)),
      '--import',
      'tsx',
    ],
    env: { ...process.env, BENCH_WORKER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await nextMessage<{ maxCachedWorkflows: number }>(child, 'ready');
  return { child, maxCachedWorkflows: ready.maxCachedWorkflows };
}

export async function measureWorker(w: WorkerChild): Promise<WorkerMemory> {
  const reply = nextMessage<{ memory: WorkerMemory }>(w.child, 'memory');
  w.child.send('measure');
  return (await reply).memory;
}

/** Shuts the worker down in order and waits for its process to end. */
export async function stopWorker(w: WorkerChild): Promise<void> {
  if (w.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => w.child.once('exit', () => resolve()));
  w.child.send('stop');
  await exited;
}
