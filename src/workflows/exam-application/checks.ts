import {
  checkAccommodationRequest,
  checkReschedule,
  compareCivilDates,
  decideTransfer,
  isTestDateInWindow,
  monthName,
  newYorkDateOf,
  nextWindowId,
  parseCivilDate,
  weekdayOf,
  windowCalendar,
  windowLabel,
  type CivilDate,
  type TransferDecision,
} from '../../domain/index';
import {
  refusalTypes as T,
  type AccommodationDecision,
  type AccommodationRequest,
  type ApplicationStage,
  type AppointmentReport,
  type EligibilityDecision,
  type RescheduleRequest,
  type WithdrawalRequest,
} from './contract';
import { refuse } from './effects';
import type { LifecycleState } from './state';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** 'Friday, May 28, 2027': how a deadline is spelled out to a person. */
export function longDate(date: CivilDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${WEEKDAYS[weekdayOf(date)]}, ${monthName(m)} ${d}, ${y}`;
}

const stageWords: Record<ApplicationStage, string> = {
  submitted: 'just submitted',
  'eligibility-review': 'in eligibility review',
  rejected: 'closed (eligibility not approved)',
  'awaiting-notice': 'waiting for the notice to schedule',
  scheduling: 'waiting for your appointment',
  scheduled: 'scheduled',
  tested: 'tested',
  'no-show': 'closed (no-show)',
  'awaiting-close': 'tested, waiting for the window to close',
  'awaiting-equating': 'tested, waiting for scoring',
  'awaiting-release': 'tested, waiting for the score release',
  passed: 'closed (passed)',
  failed: 'closed (not passed)',
  withdrawn: 'withdrawn',
  'needs-attention': 'held for a check by staff',
  cancelled: 'closed (cancelled)',
};

function requireStage(s: LifecycleState, allowed: ApplicationStage[], action: string): void {
  if (!allowed.includes(s.stage)) refuse(T.notNow, `Your application is ${stageWords[s.stage]}: ${action} is not possible now.`);
}

const BEFORE_TEST: ApplicationStage[] = ['submitted', 'eligibility-review', 'awaiting-notice', 'scheduling', 'scheduled'];
const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
export const todayNy = (now: string): CivilDate => newYorkDateOf(now);

function validDate(value: unknown, field: string): CivilDate {
  try {
    return parseCivilDate(String(value));
  } catch {
    return refuse(T.invalid, `${field} must be a date written YYYY-MM-DD, got "${String(value)}".`);
  }
}

export function checkEligibilityDecision(s: LifecycleState, d: EligibilityDecision): void {
  if (s.eligibility) refuse(T.notNow, `Eligibility was already decided (${s.eligibility.decision}) on ${s.eligibility.decidedAt.slice(0, 10)}.`);
  requireStage(s, ['submitted', 'eligibility-review'], 'an eligibility decision');
  if (d?.decision !== 'approve' && d?.decision !== 'reject') refuse(T.invalid, 'decision must be "approve" or "reject".');
  if (d.decision === 'reject' && !text(d.reason, 2000)) refuse(T.invalid, 'A rejection needs a reason (at most 2000 characters): it is sent to the candidate.');
}

export function checkAccommodationRequestNow(s: LifecycleState, r: AccommodationRequest, now: string): void {
  requireStage(s, BEFORE_TEST, 'an accommodation request');
  if (!text(r?.needs, 2000)) refuse(T.invalid, 'Describe the accommodation you need (at most 2000 characters).');
  if (!Array.isArray(r.documentIds) || r.documentIds.some((id) => typeof id !== 'string')) refuse(T.invalid, 'documentIds must be a list of document ids.');
  if (s.accommodations.filter((a) => a.status === 'pending').length >= 3) refuse(T.notNow, 'Three accommodation requests are already waiting for review; wait for a decision first.');
  const cal = windowCalendar(s.windowId, s.policy);
  const check = checkAccommodationRequest({ windowStart: cal.start, receivedAt: now, hasWrittenDocumentation: r.documentIds.length > 0 });
  // FAQ: "requests for accommodations must be received at least eight (8) weeks prior to the start of a testing period".
  if (check.problems.includes('received-after-cutoff')) {
    refuse(
      T.accommodation,
      `Accommodation requests for the ${cal.label} window had to be received by ${longDate(check.cutoff)}, eight weeks before the window starts on ${longDate(cal.start)}. You may request accommodations for a later window.`,
    );
  }
  // FAQ: needs "must be documented in writing by the candidate's doctor or other qualified professional".
  if (check.problems.includes('missing-documentation')) {
    refuse(T.accommodation, 'Attach the written documentation from your doctor or another qualified professional, on official letterhead (PDF or image).');
  }
}

export function checkAccommodationDecision(s: LifecycleState, d: AccommodationDecision): void {
  const request = s.accommodations.find((a) => a.id === d?.requestId);
  if (!request) refuse(T.invalid, `There is no accommodation request "${String(d?.requestId)}" on this application.`);
  if (request.status !== 'pending') refuse(T.notNow, `Accommodation request ${request.id} was already decided (${request.status}).`);
  if (d.decision !== 'approve' && d.decision !== 'deny') refuse(T.invalid, 'decision must be "approve" or "deny".');
  if (d.decision === 'deny' && !text(d.reason, 2000)) refuse(T.invalid, 'A denial needs a reason (at most 2000 characters): it is sent to the candidate.');
  if (['rejected', 'withdrawn', 'no-show', 'passed', 'failed'].includes(s.stage)) refuse(T.notNow, `The application is ${stageWords[s.stage]}.`);
}

export function checkAppointment(s: LifecycleState, r: AppointmentReport, now: string): void {
  requireStage(s, ['scheduling', 'scheduled'], 'reporting an appointment');
  const examDate = validDate(r?.examDate, 'examDate');
  if (!text(r.site, 200)) refuse(T.invalid, 'Give the test site of the appointment.');
  if (r.source !== 'candidate' && r.source !== 'vendor') refuse(T.invalid, 'source must be "candidate" or "vendor".');
  if (r.startsAt !== undefined && (typeof r.startsAt !== 'string' || Number.isNaN(Date.parse(r.startsAt)))) refuse(T.invalid, 'startsAt must be an ISO date-time.');
  const a = s.appointment;
  if (a && r.source === 'candidate' && (a.examDate !== examDate || a.site !== r.site)) {
    refuse(T.appointment, `You already have an appointment on ${longDate(a.examDate)} at ${a.site}; to change it, request a reschedule.`);
  }
  const cal = windowCalendar(s.windowId, s.policy);
  // docs/architecture.md: the appointment "must lie inside the window".
  if (!isTestDateInWindow(s.windowId, examDate, s.policy)) {
    refuse(T.appointment, `${longDate(examDate)} is outside the ${cal.label} window (${longDate(cal.start)} to ${longDate(cal.end)}).`);
  }
  if (compareCivilDates(examDate, todayNy(now)) < 0) refuse(T.appointment, `${longDate(examDate)} has already passed.`);
}

export function checkRescheduleRequest(s: LifecycleState, r: RescheduleRequest, now: string): void {
  requireStage(s, ['scheduled'], 'a reschedule');
  const examDate = validDate(r?.examDate, 'examDate');
  if (!text(r.site, 200)) refuse(T.invalid, 'Give the test site of the new appointment.');
  const a = s.appointment!;
  if (a.examDate === examDate && a.site === r.site) refuse(T.reschedule, `Your appointment is already on ${longDate(examDate)} at ${r.site}.`);
  // FAQ: "you may still move your test date to another day within the current testing period … based on seating availability".
  const check = checkReschedule({ windowId: s.windowId, newExamDate: examDate, requestedAt: now }, s.policy);
  if (!check.allowed) {
    const label = windowLabel(s.windowId);
    refuse(
      T.reschedule,
      compareCivilDates(examDate, check.windowStart) < 0 || compareCivilDates(examDate, check.windowEnd) > 0
        ? `${longDate(examDate)} is outside the ${label} window (${longDate(check.windowStart)} to ${longDate(check.windowEnd)}); to test in a later window, request a transfer.`
        : `${longDate(examDate)} has already passed.`,
    );
  }
}

/** FAQ: a transfer needs notice "within a minimum of 5 business days prior to the scheduled exam". */
export function checkTransfer(s: LifecycleState, now: string): TransferDecision {
  if (s.stage === 'submitted' || s.stage === 'eligibility-review') refuse(T.notNow, 'A transfer is possible once your eligibility is approved.');
  requireStage(s, ['awaiting-notice', 'scheduling', 'scheduled'], 'a transfer');
  const cal = windowCalendar(s.windowId, s.policy);
  try {
    nextWindowId(s.windowId);
  } catch {
    refuse(T.transfer, `There is no testing window after ${cal.label} to transfer to.`);
  }
  // Without an appointment the latest possible exam day of the window stands in for the scheduled exam.
  const decision = decideTransfer({ windowId: s.windowId, examDate: s.appointment?.examDate ?? cal.end, requestedAt: now }, s.policy);
  if (!decision.accepted) {
    refuse(T.transfer, `The last day to request a transfer was ${longDate(decision.lastDayToRequestTransfer)}; you can still reschedule inside the ${cal.label} window.`);
  }
  return decision;
}

export function checkWithdrawal(s: LifecycleState, r: WithdrawalRequest): void {
  requireStage(s, BEFORE_TEST, 'a withdrawal');
  // Policy values (docs/architecture.md): refunds "by written request".
  if (r?.inWriting !== true) refuse(T.withdrawal, 'A withdrawal must be requested in writing: send the withdrawal form.');
  if (r.reason !== undefined && (typeof r.reason !== 'string' || r.reason.length > 2000)) refuse(T.invalid, 'reason must be text of at most 2000 characters.');
}

