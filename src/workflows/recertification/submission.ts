import { reinstatementAfterLapse, recertificationFeeQuote } from '../../domain/index';
import { refuse } from '../refusals';
import type { SubmissionRequest, SubmissionResult } from './contract';
import { deadlineOf, editable, missingOf, stageOf } from './rules';
import { requireCycleOpen, today, type CycleMessage, type RunContext } from './run-context';

function submissionProblems(ctx: RunContext, reinstating: boolean, request: SubmissionRequest): void {
  const s = ctx.state;
  requireCycleOpen(ctx);
  const cycle = s.cycle!;
  const stage = stageOf(s, today());
  if (s.submission)
    refuse('AlreadySubmitted', 'Your recertification is already submitted and waits for staff determination.');
  if (!request?.attest) refuse('NotAttested', 'Confirm that the CE you report is complete and true.');
  const m = request.membership;
  if (m !== undefined && m !== 'member' && m !== 'non-member')
    refuse('InvalidMembership', 'State your membership: member or non-member of NAMSS.');
  if (reinstating && stage !== 'reinstatement') {
    refuse(
      'NotInReinstatementPeriod',
      `Reinstatement is possible from ${cycle.reinstatement.opens} to ${cycle.reinstatement.closes} after a lapse.`,
    );
  }
  if (!reinstating) {
    if (stage === 'in-cycle')
      refuse('ReportingNotOpen', `Reporting opens on ${cycle.reportingOpens}; you can keep adding entries until then.`);
    if (stage === 'lapsed' || stage === 'reinstatement') {
      // After an extension reinstatement is open from the lapse on: never offer a day that has passed.
      const open = (s.lapsedOn && reinstatementAfterLapse(cycle, s.lapsedOn)) || cycle.reinstatement;
      refuse(
        'Lapsed',
        `The due date ${deadlineOf(s)} has passed and the certification lapsed; reinstatement is possible from ${open.opens} to ${open.closes}, with its fee.`,
      );
    }
  }
  const missing = missingOf(s);
  if (missing.length > 0) refuse('RequirementNotMet', `Before you submit, add: ${missing.join('; ')}.`);
  if (!s.entries.some(editable)) refuse('NothingToSubmit', 'Add the CE entries you want determined before you submit.');
}

function submit(ctx: RunContext, reinstating: boolean, request: SubmissionRequest) {
  const s = ctx.state;
  const at = new Date().toISOString();
  const fresh = s.entries.filter(editable);
  for (const e of fresh) e.submittedAt = at;
  // The membership stated at submission sets the fee; a request without one (older histories) keeps the one on file.
  if (request.membership) s.membership = request.membership;
  // FAQ fees: membership × single/dual; docs/architecture.md: reinstatement "with an extra fee".
  const fee = recertificationFeeQuote(
    { membership: s.membership, certifications: s.cycle!.certifications, reinstatement: reinstating },
    ctx.policy,
  );
  const paidBefore = s.submissionsThisCycle ?? 0;
  chargeSubmission(ctx, fee, paidBefore === 0, reinstating && !s.reinstatementFeePaid);
  s.submission = {
    submittedAt: at,
    fee,
    reinstatement: reinstating,
    entryIds: fresh.map((e) => e.id),
    documentIds: fresh.map((e) => e.document!.id),
  };
  s.shortfall = undefined;
  s.submissionsThisCycle = paidBefore + 1;
  const dueNowUsd =
    paidBefore === 0 ? fee.totalUsd : reinstating && !s.reinstatementFeePaid ? fee.reinstatementFeeUsd : 0;
  if (reinstating) s.reinstatementFeePaid = true;
  ctx.email(`c${s.cycle!.cycleNumber}:submitted-${s.submissionsThisCycle}`, {
    kind: 'recert-submission-received',
    fee,
    dueNowUsd,
    entries: fresh.length,
    reinstatement: reinstating,
  });
  ctx.changed();
  return { fee, entryIds: s.submission.entryIds };
}

/** FAQ "What are the fees for recertification?": the fee is charged with the cycle's first submission; reinstatement's once. */
function chargeSubmission(
  ctx: RunContext,
  fee: SubmissionResult['fee'],
  recertification: boolean,
  reinstatement: boolean,
): void {
  const s = ctx.state;
  const cycle = s.cycle!;
  if (recertification) {
    ctx.charge(
      'recertification-fee',
      `c${cycle.cycleNumber}:recertification-fee`,
      fee.recertificationFeeUsd,
      `Recertification fee, ${cycle.certifications} certification, ${s.membership} rate, due ${cycle.dueDate}`,
    );
  }
  if (reinstatement && fee.reinstatementFeeUsd > 0) {
    ctx.charge(
      'reinstatement-fee',
      `c${cycle.cycleNumber}:reinstatement-fee`,
      fee.reinstatementFeeUsd,
      `Reinstatement fee after the lapse of ${cycle.dueDate}`,
    );
  }
}

/** submitRecertificationUpdate: the cycle's CE goes to staff for determination, with the fee. */
export const submitRecertification: CycleMessage<SubmissionRequest, ReturnType<typeof submit>> = {
  check: (ctx, r) => submissionProblems(ctx, false, r),
  act: (ctx, r) => submit(ctx, false, r),
};

/** reinstateUpdate: the same submission after a lapse, inside the reinstatement period, with its extra fee. */
export const reinstate: CycleMessage<SubmissionRequest, ReturnType<typeof submit>> = {
  check: (ctx, r) => submissionProblems(ctx, true, r),
  act: (ctx, r) => submit(ctx, true, r),
};
