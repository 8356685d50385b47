import { patched } from '@temporalio/workflow';
import {
  applicationChargesUsd,
  applicationTiming,
  examFeeQuote,
  refundQuote,
  windowCalendar,
  windowLabel,
  type FeeEntry,
  type RefundQuote,
} from '../../domain/index';
import type { TransferOutcome } from './contract';
import { acts } from './ports';
import type { LifecycleState } from './state';

/** Marks cases that record their fees in the ledger and refund from it; histories recorded before it record none. */
export const feeLedgerPatch = 'fee-ledger';

const line = (
  s: LifecycleState,
  kind: FeeEntry['kind'],
  entryKey: string,
  amountUsd: number,
  description: string,
): FeeEntry => ({
  candidateId: s.input.candidateId,
  caseId: s.input.applicationId,
  entryKey,
  kind,
  amountUsd,
  description,
});

/** The application's charges as the policy snapshot quotes them: the exam fee by membership, the late fee when late. */
function applicationQuote(s: LifecycleState) {
  const i = s.input;
  const late = applicationTiming(i.windowId, i.submittedAt, s.policy).lateFeeApplies;
  return examFeeQuote({ membership: i.candidate.membership, late }, s.policy);
}

/** At submission: the exam fee by membership and, for an application after the deadline, the late fee. */
export async function chargeApplication(s: LifecycleState): Promise<void> {
  if (!patched(feeLedgerPatch)) return;
  const i = s.input;
  const quote = applicationQuote(s);
  await acts.recordFee(
    line(
      s,
      'exam-fee',
      'exam-fee',
      quote.examFeeUsd,
      `${i.program} exam fee, ${windowLabel(i.windowId)} window, ${i.candidate.membership} rate`,
    ),
  );
  if (quote.lateFeeUsd > 0)
    await acts.recordFee(line(s, 'late-fee', 'late-fee', quote.lateFeeUsd, 'Late application fee'));
}

/** A transfer's fee, once per destination window. */
export async function chargeTransfer(s: LifecycleState, outcome: TransferOutcome): Promise<void> {
  if (!patched(feeLedgerPatch)) return;
  const description = `Transfer from ${windowLabel(outcome.fromWindowId)} to ${windowLabel(outcome.toWindowId)}`;
  await acts.recordFee(line(s, 'transfer-fee', `transfer-fee:${outcome.toWindowId}`, outcome.feeUsd, description));
}

/**
 * Policy values (docs/architecture.md): "refunds by written request at least two weeks before the testing period, less a $100 processing
 * fee". The amount paid is what the ledger says was charged for the application; a case from before the ledger has
 * no lines there and is quoted from its policy, as before.
 */
export async function withdrawalQuote(s: LifecycleState, requestedAt: string): Promise<RefundQuote> {
  const cal = windowCalendar(s.windowId, s.policy);
  const charged = patched(feeLedgerPatch)
    ? applicationChargesUsd(await acts.ledgerOf({ caseId: s.input.applicationId }))
    : undefined;
  const paid = charged ?? applicationQuote(s).totalUsd;
  return refundQuote({ windowStart: cal.start, requestedAt, inWriting: true, amountPaidUsd: paid }, s.policy);
}

/** The refund, as a negative line: the amount paid less the processing fee. */
export async function recordRefund(s: LifecycleState, quote: RefundQuote): Promise<void> {
  if (!patched(feeLedgerPatch) || !quote.refundable || quote.refundUsd <= 0) return;
  const description = `Withdrawal refund: $${quote.amountPaidUsd} paid less the $${quote.processingFeeUsd} processing fee`;
  await acts.recordFee(line(s, 'refund', 'refund', -quote.refundUsd, description));
}
