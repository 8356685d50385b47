import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkReadiness, readinessBody, type Check } from './readiness';

/** What a worker says about itself: @temporalio/worker's Worker.getState(). */
export interface WorkerState {
  getState(): string;
}

export interface WorkerHealthServer {
  url: string;
  close(): Promise<void>;
}

// A worker that failed or stopped will not poll again: the process should be restarted.
const dead = new Set(['FAILED', 'STOPPED']);

/**
 * The worker's own probes, on their own port (the SDK's metrics exporter owns the metrics port):
 * /healthz answers 200 while the worker has not failed or stopped; /readyz 200 while it polls and every
 * dependency answers, else 503 naming what is down.
 */
export async function startWorkerHealthServer(options: {
  port: number;
  host?: string;
  worker: WorkerState;
  dependencies: Record<string, Check>;
}): Promise<WorkerHealthServer> {
  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown) =>
      res
        .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(body));
    const state = options.worker.getState();
    if (req.method !== 'GET') return reply(405, { error: 'GET only' });
    if (req.url === '/healthz')
      return reply(dead.has(state) ? 503 : 200, { status: dead.has(state) ? 'dead' : 'alive', worker: state });
    if (req.url !== '/readyz') return reply(404, { error: 'try /healthz or /readyz' });
    void checkReadiness(options.dependencies).then((readiness) => {
      const ready = readiness.ready && state === 'RUNNING';
      reply(ready ? 200 : 503, readinessBody({ ...readiness, ready }, { worker: state }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
