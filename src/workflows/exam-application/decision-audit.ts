import { auditDecision } from '../decision-audit/audit';
import type { DecisionSender } from '../decision-audit/contract';
import type { AccommodationDecision, AccommodationView, EligibilityDecision } from './contract';
import type { LifecycleState } from './state';

// The same shapes the console's entries record, so a case's audit reads alike whoever sent the decision.
const subjectOf = (s: LifecycleState) => `application:${s.input.applicationId}`;

/** Takes an eligibility decision, then audits it with its sender. */
export async function auditedEligibility(
  s: LifecycleState,
  d: EligibilityDecision,
  sender: DecisionSender,
  decide: () => Promise<void>,
): Promise<void> {
  const before = {
    stage: s.stage,
    windowId: s.windowId,
    accommodations: s.accommodations.map((a) => ({ requestId: a.id, status: a.status })),
  };
  await decide();
  const after = { stage: s.stage, decision: d.decision, ...(d.reason ? { reason: d.reason } : {}) };
  await auditDecision(sender, {
    action: `application.eligibility.${d.decision}`,
    subject: subjectOf(s),
    before,
    after,
  });
}

/** Takes a decision on an accommodation request, then audits it with its sender. */
export async function auditedAccommodation(
  s: LifecycleState,
  d: AccommodationDecision,
  sender: DecisionSender,
  decide: () => Promise<AccommodationView>,
): Promise<AccommodationView> {
  const request = s.accommodations.find((a) => a.id === d.requestId);
  const before = request
    ? { requestId: request.id, status: request.status, reason: request.reason ?? null }
    : { exists: false };
  const after = await decide();
  await auditDecision(sender, {
    action: `application.accommodation.${d.decision}`,
    subject: subjectOf(s),
    before,
    after,
  });
  return after;
}
