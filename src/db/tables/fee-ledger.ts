import type { ColumnType, Generated } from 'kysely';
import type { FeeEntry, FeeKind } from '../../domain/index';
import type { Db } from '../database';

export interface FeeLedgerTable {
  id: Generated<string>;
  candidate_id: string;
  case_id: string;
  entry_key: string;
  kind: FeeKind;
  amount_cents: number;
  description: string;
  recorded_at: ColumnType<string, never, never>;
}

export interface LedgerRow extends FeeEntry {
  recordedAt: string;
}

const toCents = (usd: number): number => Math.round(usd * 100);

/** Records an entry once: the same (case, entry key) again changes nothing, whatever its amount. */
export async function recordFeeEntry(db: Db, e: FeeEntry): Promise<{ recorded: boolean }> {
  const inserted = await db
    .insertInto('fee_ledger')
    .values({
      candidate_id: e.candidateId,
      case_id: e.caseId,
      entry_key: e.entryKey,
      kind: e.kind,
      amount_cents: toCents(e.amountUsd),
      description: e.description,
    })
    .onConflict((oc) => oc.columns(['case_id', 'entry_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return { recorded: inserted !== undefined };
}

function rowsOf(query: ReturnType<typeof selectLedger>) {
  return query.execute().then((rows) =>
    rows.map((r): LedgerRow => ({
      candidateId: r.candidate_id,
      caseId: r.case_id,
      entryKey: r.entry_key,
      kind: r.kind,
      amountUsd: r.amount_cents / 100,
      description: r.description,
      recordedAt: new Date(r.recorded_at).toISOString(),
    })),
  );
}

function selectLedger(db: Db) {
  return db
    .selectFrom('fee_ledger')
    .select(['candidate_id', 'case_id', 'entry_key', 'kind', 'amount_cents', 'description', 'recorded_at'])
    .orderBy('recorded_at')
    .orderBy('id');
}

/** The ledger lines of one case (an application, or a certificant's recertification), oldest first. */
export function ledgerOfCase(db: Db, caseId: string): Promise<LedgerRow[]> {
  return rowsOf(selectLedger(db).where('case_id', '=', caseId));
}

/** Every ledger line of a candidate, oldest first. */
export function ledgerOfCandidate(db: Db, candidateId: string): Promise<LedgerRow[]> {
  return rowsOf(selectLedger(db).where('candidate_id', '=', candidateId));
}
