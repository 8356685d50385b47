import type { Db } from '../../db/database';
import { recordAudit } from '../../db/tables/audit-log';
import { UpdateInProgress } from './run-update';

export interface UpdateAudit<Ret> {
  actor: string;
  action: string;
  subject: string;
  before: unknown;
  requestId: string;
  /** What was asked: recorded as is when the Update is still being processed at the deadline. */
  input: Record<string, unknown>;
  /** What to record once done; the Update's result by default. */
  after?: (result: Ret) => unknown;
}

/**
 * Runs a decision's Update and audits it once per Update id: the same request sent twice writes one row, and a
 * request still being processed at the deadline (202) is audited with what was asked, since it will be done.
 */
export async function auditedUpdate<Ret>(
  db: Db,
  updateId: string,
  audit: UpdateAudit<Ret>,
  run: () => Promise<Ret>,
): Promise<Ret> {
  const { input, after = (result: Ret) => result, ...entry } = audit;
  let result: Ret;
  try {
    result = await run();
  } catch (err) {
    if (err instanceof UpdateInProgress)
      await recordAudit(db, { ...entry, after: { ...input, processing: true }, updateId });
    throw err;
  }
  await recordAudit(db, { ...entry, after: after(result), updateId });
  return result;
}
