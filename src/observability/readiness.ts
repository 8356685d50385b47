import { sql } from 'kysely';
import type { Db } from '../db/database';
import { describeError } from '../db/unavailable';

/** A probe answers within this or counts as down: an orchestrator's probe must not hang on a dead dependency. */
export const READINESS_TIMEOUT_MS = 2_000;

export type Check = () => Promise<void>;
export interface Readiness {
  ready: boolean;
  /** 'ok' or 'down: <reason>' per dependency. */
  checks: Record<string, string>;
}

/** The Temporal frontend as a @temporalio/client Client or a worker's NativeConnection offers it. */
export interface TemporalService {
  withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R>;
  workflowService: { getSystemInfo(request: object): Promise<unknown> };
}

export const databaseCheck =
  (db: Db): Check =>
  async () => {
    await sql`select 1`.execute(db);
  };

export const temporalCheck =
  (temporal: TemporalService): Check =>
  async () => {
    await temporal.withDeadline(Date.now() + READINESS_TIMEOUT_MS, () => temporal.workflowService.getSystemInfo({}));
  };

/** Runs every check at once, each bounded by READINESS_TIMEOUT_MS. */
export async function checkReadiness(
  checks: Record<string, Check>,
  timeoutMs = READINESS_TIMEOUT_MS,
): Promise<Readiness> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(check(), timeoutMs);
        return [name, 'ok'] as const;
      } catch (err) {
        return [name, `down: ${describeError(err)}`] as const;
      }
    }),
  );
  return { ready: results.every(([, status]) => status === 'ok'), checks: Object.fromEntries(results) };
}

/** The body /readyz answers: {"status":"unready","database":"down: …","temporal":"ok"}. */
export function readinessBody(readiness: Readiness, extra: Record<string, string> = {}): Record<string, string> {
  return { status: readiness.ready ? 'ready' : 'unready', ...extra, ...readiness.checks };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
