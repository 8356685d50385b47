import { addDays, compareCivilDates, type CivilDate } from './civil-date';
import { DomainRuleError } from './errors';
import type { Instant } from './instant';
import { newYorkDateOf } from './new-york-time';
import type { LedgerLine } from './fee-ledger';
import { defaultPolicy, type Policy } from './policy';

/** Policy values (docs/architecture.md): refunds "at least two weeks before the testing period" — window start − notice days. */
export function lastDayToRequestRefund(windowStart: CivilDate, policy: Policy = defaultPolicy): CivilDate {
  return addDays(windowStart, -policy.refund.noticeDays);
}

export type RefundRefusal = 'not-in-writing' | 'too-late';

export interface RefundQuote {
  refundable: boolean;
  lastDayToRequest: CivilDate;
  amountPaidUsd: number;
  processingFeeUsd: number;
  /** What goes back to the candidate: amount paid less the processing fee, never below zero; 0 when refused. */
  refundUsd: number;
  refusals: RefundRefusal[];
}

const toCents = (usd: number): number => Math.round(usd * 100);

/** Policy values (docs/architecture.md): "refunds by written request at least two weeks before the testing period, less a $100 processing fee". */
export function refundQuote(
  input: { windowStart: CivilDate; requestedAt: Instant; inWriting: boolean; amountPaidUsd: number },
  policy: Policy = defaultPolicy,
): RefundQuote {
  if (!Number.isFinite(input.amountPaidUsd) || input.amountPaidUsd < 0) {
    throw new DomainRuleError(
      'invalid-number',
      `the amount paid must be a non-negative number of dollars, got ${input.amountPaidUsd}`,
    );
  }
  const lastDayToRequest = lastDayToRequestRefund(input.windowStart, policy);
  const refusals: RefundRefusal[] = [];
  if (!input.inWriting) refusals.push('not-in-writing');
  if (compareCivilDates(newYorkDateOf(input.requestedAt), lastDayToRequest) > 0) refusals.push('too-late');
  const refundable = refusals.length === 0;
  const processingFeeUsd = policy.refund.processingFeeUsd;
  const refundCents = Math.max(0, toCents(input.amountPaidUsd) - toCents(processingFeeUsd));
  return {
    refundable,
    lastDayToRequest,
    amountPaidUsd: input.amountPaidUsd,
    processingFeeUsd,
    refundUsd: refundable ? refundCents / 100 : 0,
    refusals,
  };
}

const APPLICATION_CHARGES: readonly LedgerLine['kind'][] = ['exam-fee', 'late-fee'];

/**
 * What a withdrawal refund is computed from: the application charges the ledger holds for the case (the exam fee by
 * membership and the late fee), in cents to avoid rounding. Undefined when the ledger holds none (a case from before
 * the ledger): the caller then quotes from the policy, as before.
 */
export function applicationChargesUsd(lines: readonly LedgerLine[]): number | undefined {
  const charges = lines.filter((l) => APPLICATION_CHARGES.includes(l.kind));
  if (charges.length === 0) return undefined;
  return charges.reduce((cents, l) => cents + toCents(l.amountUsd), 0) / 100;
}
