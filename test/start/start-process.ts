import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { eventually } from '../helpers/eventually';
import { freePort } from '../helpers/free-port';

export interface StartPorts {
  api: number;
  temporal: number;
  ui: number;
  smtp: number;
  mailbox: number;
  workerMetrics: number;
  workerHealth: number;
}

/** The variable that sets each port, as `npm start` names it when the port is taken. */
export const portVariables: Record<keyof StartPorts, string> = {
  api: 'PORT',
  temporal: 'TEMPORAL_PORT',
  ui: 'TEMPORAL_UI_PORT',
  smtp: 'MAILBOX_SMTP_PORT',
  mailbox: 'MAILBOX_HTTP_PORT',
  workerMetrics: 'WORKER_METRICS_PORT',
  workerHealth: 'WORKER_HEALTH_PORT',
};

/** A free port for every listener, the worker's too, so that two instances never collide. */
export async function freePorts(): Promise<StartPorts> {
  const ports = {} as StartPorts;
  const taken = new Set<number>();
  for (const key of Object.keys(portVariables) as (keyof StartPorts)[]) {
    do ports[key] = await freePort();
    while (taken.has(ports[key]));
    taken.add(ports[key]);
  }
  return ports;
}

export interface StartProcess {
  child: ChildProcess;
  output(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
/** For afterAll: nothing a test started outlives it. */
export const killStarted = () =>
  children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL'));

/** `npm start` as one process (no npx or tsx wrapper), so Ctrl-C reaches certflow itself as it does in a terminal. */
export function spawnStart(dataDir: string, ports: StartPorts): StartProcess {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main-start.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PUBLIC_BASE_URL: `http://127.0.0.1:${ports.api}`,
      ...Object.fromEntries(
        Object.entries(portVariables).map(([key, variable]) => [variable, String(ports[key as keyof StartPorts])]),
      ),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

/** Starts and waits until it says it is running. */
export async function start(dataDir: string, ports: StartPorts): Promise<StartProcess> {
  const started = spawnStart(dataDir, ports);
  await eventually(
    () => expect(started.output(), started.output().slice(-3000)).toContain('Press Ctrl-C to stop.'),
    90_000,
    250,
  );
  return started;
}

/** Ctrl-C; resolves with the exit code. */
export async function stop(started: StartProcess): Promise<number | null> {
  started.child.kill('SIGINT');
  return started.exited;
}
