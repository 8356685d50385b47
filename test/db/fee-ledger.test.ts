import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feeLedgerActivities } from '../../src/activities/fee-ledger';
import { ledgerOfCandidate, ledgerOfCase } from '../../src/db/tables/fee-ledger';
import { applicationChargesUsd, type FeeEntry } from '../../src/domain/index';
import { openTestDatabase } from '../helpers/database';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

// Each call runs as a separate activity attempt would: a retry is the same input again.
const acts = () => {
  const a = feeLedgerActivities({ db: database.db });
  const inActivity =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A) =>
      new MockActivityEnvironment().run(fn, ...args) as Promise<R>;
  return { recordFee: inActivity(a.recordFee), ledgerOf: inActivity(a.ledgerOf) };
};
const line = (caseId: string, entryKey: string, kind: FeeEntry['kind'], amountUsd: number): FeeEntry => ({
  candidateId: 'c-ledger',
  caseId,
  entryKey,
  kind,
  amountUsd,
  description: `${kind} for ${caseId}`,
});

describe('fee ledger', () => {
  it('a retried activity records an entry once: the first amount stands', async () => {
    const ledger = acts();
    await ledger.recordFee(line('app-1', 'exam-fee', 'exam-fee', 450));
    await ledger.recordFee(line('app-1', 'exam-fee', 'exam-fee', 450));
    await ledger.recordFee(line('app-1', 'exam-fee', 'exam-fee', 999));
    expect(await ledger.ledgerOf({ caseId: 'app-1' })).toEqual([{ kind: 'exam-fee', amountUsd: 450 }]);
  });

  it('keeps cents exactly, refunds negative, per case and per candidate', async () => {
    const ledger = acts();
    await ledger.recordFee(line('app-2', 'exam-fee', 'exam-fee', 450.1));
    await ledger.recordFee(line('app-2', 'late-fee', 'late-fee', 100.2));
    await ledger.recordFee(line('app-2', 'transfer-fee:2027-summer', 'transfer-fee', 100));
    await ledger.recordFee(line('app-2', 'refund', 'refund', -450.3));
    const lines = await ledger.ledgerOf({ caseId: 'app-2' });
    expect(lines.map((l) => l.amountUsd)).toEqual([450.1, 100.2, 100, -450.3]);
    // The refund is computed from the application charges only: the exam fee and the late fee.
    expect(applicationChargesUsd(lines)).toBe(550.3);
    expect((await ledgerOfCase(database.db, 'app-2')).map((r) => r.entryKey)).toEqual([
      'exam-fee',
      'late-fee',
      'transfer-fee:2027-summer',
      'refund',
    ]);
    expect(new Set((await ledgerOfCandidate(database.db, 'c-ledger')).map((r) => r.caseId))).toEqual(
      new Set(['app-1', 'app-2']),
    );
  });

  it('refuses a kind it does not know', async () => {
    await expect(acts().recordFee(line('app-3', 'tip', 'tip' as FeeEntry['kind'], 5))).rejects.toThrow();
  });
});
