import { log } from '@temporalio/activity';
import { ledgerOfCase, recordFeeEntry } from '../db/tables/fee-ledger';
import type { FeeEntry, LedgerLine } from '../domain/index';
import type { ActivityDeps } from './deps';

/** The fee ledger: where a payment provider would plug in; no money moves here. */
export function feeLedgerActivities(deps: Pick<ActivityDeps, 'db'>) {
  return {
    /** Idempotent on (case, entry key): a retried activity or a repeated request records once. */
    async recordFee(entry: FeeEntry): Promise<void> {
      const { recorded } = await recordFeeEntry(deps.db, entry);
      if (recorded) log.info('fee recorded', { caseId: entry.caseId, kind: entry.kind, amountUsd: entry.amountUsd });
    },

    /** What the ledger holds for a case: refunds are computed from it. */
    async ledgerOf(input: { caseId: string }): Promise<LedgerLine[]> {
      return (await ledgerOfCase(deps.db, input.caseId)).map((r) => ({ kind: r.kind, amountUsd: r.amountUsd }));
    },
  };
}
