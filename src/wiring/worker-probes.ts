import type { NativeConnection } from '@temporalio/worker';
import type { Env } from '../config/env';
import type { Db } from '../db/database';
import { databaseCheck, temporalCheck } from '../observability/readiness';
import { startWorkerHealthServer, type WorkerHealthServer, type WorkerState } from '../observability/worker-health';

/** The worker's /healthz and /readyz on WORKER_HEALTH_PORT, checking the database and Temporal it works with. */
export async function startWorkerProbes(
  env: Env,
  parts: { worker: WorkerState; connection: NativeConnection; db: Db },
): Promise<WorkerHealthServer> {
  try {
    return await startWorkerHealthServer({
      port: env.WORKER_HEALTH_PORT,
      worker: parts.worker,
      dependencies: { database: databaseCheck(parts.db), temporal: temporalCheck(parts.connection) },
    });
  } catch (err) {
    throw new Error(
      `WORKER_HEALTH_PORT=${env.WORKER_HEALTH_PORT}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
