import { refuse } from '../refusals';
import type { WithdrawalOutcome, WithdrawalRequest } from './contract';
import type { CaseMessage } from './case-messages';
import { BEFORE_TEST, requireStage } from './checks';
import { email, moveTo, nowIso } from './effects';
import { recordRefund, withdrawalQuote } from './fees';
import { acts, vendor } from './ports';
import type { LifecycleState } from './state';

export function checkWithdrawal(s: LifecycleState, r: WithdrawalRequest): void {
  requireStage(s, BEFORE_TEST, 'a withdrawal');
  // Policy values (docs/architecture.md): refunds "by written request".
  if (r?.inWriting !== true)
    refuse('WithdrawalRefused', 'A withdrawal must be requested in writing: send the withdrawal form.');
  if (r.reason !== undefined && (typeof r.reason !== 'string' || r.reason.length > 2000))
    refuse('InvalidRequest', 'reason must be text of at most 2000 characters.');
}

async function withdraw(s: LifecycleState, reason: string | undefined): Promise<WithdrawalOutcome> {
  const i = s.input;
  // Policy values (docs/architecture.md): "refunds by written request at least two weeks before the testing period, less a $100 processing fee".
  const quote = await withdrawalQuote(s, nowIso());
  const outcome: WithdrawalOutcome = {
    refundable: quote.refundable,
    refundUsd: quote.refundUsd,
    processingFeeUsd: quote.processingFeeUsd,
    lastDayToRequestRefund: quote.lastDayToRequest,
  };
  if (s.appointment)
    await vendor.releaseSeat({
      applicationId: i.applicationId,
      site: s.appointment.site,
      examDate: s.appointment.examDate,
    });
  s.withdrawal = { ...outcome, at: nowIso() };
  await acts.recordWithdrawal({
    applicationId: i.applicationId,
    ...outcome,
    reason: reason ?? null,
    withdrawnAt: s.withdrawal.at,
  });
  await recordRefund(s, quote);
  await email(s, { kind: 'withdrawal-confirmed', windowId: s.windowId, ...outcome });
  await moveTo(s, 'withdrawn');
  return outcome;
}

/** `withdrawUpdate`: the case closes before the test, with the refund the policy allows. */
export const withdrawalRequest: CaseMessage<WithdrawalRequest, WithdrawalOutcome> = {
  check: checkWithdrawal,
  act: (s, r) => withdraw(s, r.reason),
};
