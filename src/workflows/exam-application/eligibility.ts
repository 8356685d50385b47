import { reasonProblem, windowCalendar } from '../../domain/index';
import { refuse } from '../refusals';
import type { ApplicationStatus, EligibilityDecision } from './contract';
import type { CaseMessage } from './case-messages';
import { requireStage } from './checks';
import { auditedEligibility } from './decision-audit';
import { email, moveTo, nowIso } from './effects';
import { acts } from './ports';
import type { LifecycleState } from './state';
import { statusOf } from './status';

/** Staff decide eligibility once, from the review stage (FAQ: NAMSS is "unable to 'pre-approve' any specific experience"). */
export function checkEligibilityDecision(s: LifecycleState, d: EligibilityDecision): void {
  if (s.eligibility)
    refuse(
      'ActionNotAvailable',
      `Eligibility was already decided (${s.eligibility.decision}) on ${s.eligibility.decidedAt.slice(0, 10)}.`,
    );
  requireStage(s, ['submitted', 'eligibility-review'], 'an eligibility decision');
  if (d?.decision !== 'approve' && d?.decision !== 'reject')
    refuse('InvalidRequest', 'decision must be "approve" or "reject".');
  const problem = reasonProblem(d);
  if (problem) refuse('InvalidRequest', problem);
}

/** Records the decision and tells the candidate: a rejection closes the case, an approval waits for the notice. */
async function decideEligibility(s: LifecycleState, d: EligibilityDecision): Promise<void> {
  const decidedBy = typeof d.decidedBy === 'string' && d.decidedBy ? d.decidedBy : 'temporal-ui';
  s.eligibility = { decision: d.decision, ...(d.reason ? { reason: d.reason } : {}), decidedBy, decidedAt: nowIso() };
  await acts.recordEligibilityDecision({ applicationId: s.input.applicationId, ...s.eligibility });
  if (d.decision === 'reject') {
    await email(s, { kind: 'eligibility-rejected', program: s.input.program, windowId: s.windowId, reason: d.reason! });
    await moveTo(s, 'rejected');
  } else {
    await email(s, {
      kind: 'eligibility-approved',
      program: s.input.program,
      windowId: s.windowId,
      noticeOn: windowCalendar(s.windowId, s.policy).noticeToSchedule,
    });
    await moveTo(s, 'awaiting-notice');
  }
}

/** `eligibilityDecisionUpdate` from the console, `eligibilityDecisionSignal` from Temporal UI: audited with its sender. */
export const eligibilityDecision: CaseMessage<EligibilityDecision, ApplicationStatus> = {
  check: checkEligibilityDecision,
  act: async (s, d, sender) => {
    await auditedEligibility(s, d, sender, () => decideEligibility(s, d));
    return statusOf(s);
  },
};
