import { checkAccommodationRequest, longDate, reasonProblem, windowCalendar } from '../../domain/index';
import { refuse } from '../refusals';
import type { AccommodationDecision, AccommodationRequest, AccommodationView } from './contract';
import type { CaseMessage } from './case-messages';
import { BEFORE_TEST, requireStage, text } from './checks';
import { auditedAccommodation } from './decision-audit';
import { email, nowIso, publishSearchAttributes } from './effects';
import { acts } from './ports';
import type { LifecycleState } from './state';
import { stageWords } from './status';

export function checkAccommodationRequestNow(s: LifecycleState, r: AccommodationRequest, now: string): void {
  requireStage(s, BEFORE_TEST, 'an accommodation request');
  if (!text(r?.needs, 2000)) refuse('InvalidRequest', 'Describe the accommodation you need (at most 2000 characters).');
  if (!Array.isArray(r.documentIds) || r.documentIds.some((id) => typeof id !== 'string'))
    refuse('InvalidRequest', 'documentIds must be a list of document ids.');
  if (s.accommodations.filter((a) => a.status === 'pending').length >= 3)
    refuse(
      'ActionNotAvailable',
      'Three accommodation requests are already waiting for review; wait for a decision first.',
    );
  const cal = windowCalendar(s.windowId, s.policy);
  const check = checkAccommodationRequest({
    windowStart: cal.start,
    receivedAt: now,
    hasWrittenDocumentation: r.documentIds.length > 0,
  });
  // FAQ: "requests for accommodations must be received at least eight (8) weeks prior to the start of a testing period".
  if (check.problems.includes('received-after-cutoff')) {
    refuse(
      'AccommodationRefused',
      `Accommodation requests for the ${cal.label} window had to be received by ${longDate(check.cutoff)}, eight weeks before the window starts on ${longDate(cal.start)}. You may request accommodations for a later window.`,
    );
  }
  // FAQ: needs "must be documented in writing by the candidate's doctor or other qualified professional".
  if (check.problems.includes('missing-documentation')) {
    refuse(
      'AccommodationRefused',
      'Attach the written documentation from your doctor or another qualified professional, on official letterhead (PDF or image).',
    );
  }
}

/** A request waits for staff (search attribute AccommodationReview = pending) and is on record at once. */
export async function requestAccommodation(
  s: LifecycleState,
  needs: string,
  documentIds: string[],
  requestedAt = nowIso(),
): Promise<AccommodationView> {
  const request: AccommodationView = {
    id: `accommodation-${s.accommodations.length + 1}`,
    needs: needs.trim(),
    documentIds,
    status: 'pending',
    requestedAt,
  };
  s.accommodations.push(request);
  publishSearchAttributes(s);
  await acts.recordAccommodation({ applicationId: s.input.applicationId, ...request });
  return request;
}

/** `accommodationRequestUpdate`: a candidate asks after applying, with the documentation already uploaded. */
export const accommodationRequest: CaseMessage<AccommodationRequest, AccommodationView> = {
  check: checkAccommodationRequestNow,
  act: (s, r) => requestAccommodation(s, r.needs, r.documentIds),
};

export function checkAccommodationDecision(s: LifecycleState, d: AccommodationDecision): void {
  const request = s.accommodations.find((a) => a.id === d?.requestId);
  if (!request)
    refuse('InvalidRequest', `There is no accommodation request "${String(d?.requestId)}" on this application.`);
  if (request.status !== 'pending')
    refuse('ActionNotAvailable', `Accommodation request ${request.id} was already decided (${request.status}).`);
  if (d.decision !== 'approve' && d.decision !== 'deny')
    refuse('InvalidRequest', 'decision must be "approve" or "deny".');
  const problem = reasonProblem(d);
  if (problem) refuse('InvalidRequest', problem);
  if (['rejected', 'withdrawn', 'no-show', 'passed', 'failed'].includes(s.stage))
    refuse('ActionNotAvailable', `The application is ${stageWords[s.stage]}.`);
}

async function decideAccommodation(s: LifecycleState, d: AccommodationDecision): Promise<AccommodationView> {
  const request = s.accommodations.find((a) => a.id === d.requestId)!;
  request.status = d.decision === 'approve' ? 'approved' : 'denied';
  request.decidedAt = nowIso();
  request.decidedBy = typeof d.decidedBy === 'string' && d.decidedBy ? d.decidedBy : 'temporal-ui';
  if (d.reason) request.reason = d.reason;
  publishSearchAttributes(s);
  await acts.recordAccommodation({ applicationId: s.input.applicationId, ...request });
  await email(
    s,
    {
      kind: 'accommodation-decision',
      approved: request.status === 'approved',
      needs: request.needs,
      reason: request.reason,
    },
    `accommodation-decision:${request.id}`,
  );
  const { decidedBy: _d, ...view } = request;
  return view;
}

/** `accommodationDecisionUpdate` from the console, `accommodationDecisionSignal` from Temporal UI: audited with its sender. */
export const accommodationDecision: CaseMessage<AccommodationDecision, AccommodationView> = {
  check: checkAccommodationDecision,
  act: (s, d, sender) => auditedAccommodation(s, d, sender, () => decideAccommodation(s, d)),
};
