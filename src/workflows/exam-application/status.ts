import { lastDayToRequestRefund, lastDayToRequestTransfer, windowCalendar } from '../../domain/index';
import type { ApplicationStage, ApplicationStatus } from './contract';
import { attentionView } from '../needs-attention/contract';
import type { LifecycleState } from './state';

// How the case is told to people: the status a candidate and staff read, and the words refusals use.

export const stageWords: Record<ApplicationStage, string> = {
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

/** What the candidate or staff must do next, in words, for the status page. */
function nextDeadline(s: LifecycleState): ApplicationStatus['nextDeadline'] {
  const cal = windowCalendar(s.windowId, s.policy);
  switch (s.stage) {
    case 'eligibility-review':
      return {
        on: cal.noticeToSchedule,
        what: 'Staff review your eligibility; you will be told the decision by email.',
      };
    case 'awaiting-notice':
      return {
        on: cal.noticeToSchedule,
        what: `The notice to schedule your exam goes out on ${cal.noticeToSchedule}.`,
      };
    case 'scheduling':
      return {
        on: cal.end,
        what: `Schedule your exam with the test vendor for a day from ${cal.start} to ${cal.end}, then report the appointment.`,
      };
    case 'scheduled': {
      const a = s.appointment!;
      return {
        on: lastDayToRequestTransfer(a.examDate),
        what: `Your exam is on ${a.examDate}; the last day to request a transfer is ${lastDayToRequestTransfer(a.examDate)}.`,
      };
    }
    case 'tested':
    case 'awaiting-close':
    case 'awaiting-equating': {
      const expected = resultsExpected(s);
      return {
        on: expected.latest,
        what: `Results are expected between ${expected.earliest} and ${expected.latest}, by email.`,
      };
    }
    case 'awaiting-release':
      return {
        on: s.equating!.releaseAt.slice(0, 10),
        what: `Scores are released by email on ${s.equating!.releaseAt.slice(0, 10)}.`,
      };
    default:
      return undefined;
  }
}

/** What the window said when it closed, else the calendar's dates. */
function resultsExpected(s: LifecycleState): { earliest: string; latest: string } {
  return s.windowClosed?.resultsExpected ?? windowCalendar(s.windowId, s.policy).scoreRelease;
}

/** The statusQuery answer: derived from the state, the score only once it is released. */
export function statusOf(s: LifecycleState): ApplicationStatus {
  const cal = windowCalendar(s.windowId, s.policy);
  const testedOrLater = ['tested', 'awaiting-close', 'awaiting-equating', 'awaiting-release'].includes(s.stage);
  return {
    applicationId: s.input.applicationId,
    program: s.input.program,
    windowId: s.windowId,
    stage: s.stage,
    submittedAt: s.input.submittedAt,
    history: s.history,
    window: {
      label: cal.label,
      start: cal.start,
      end: cal.end,
      accommodationCutoff: cal.accommodationCutoff,
      noticeToSchedule: cal.noticeToSchedule,
      lastDayToRequestRefund: lastDayToRequestRefund(cal.start, s.policy),
      close: s.windowClosed?.closedOn ?? cal.close,
      resultsExpected: resultsExpected(s),
    },
    ...(nextDeadline(s) ? { nextDeadline: nextDeadline(s) } : {}),
    ...(s.eligibility
      ? {
          eligibility: {
            decision: s.eligibility.decision,
            reason: s.eligibility.reason,
            decidedAt: s.eligibility.decidedAt,
          },
        }
      : {}),
    ...(s.appointment
      ? {
          appointment: {
            examDate: s.appointment.examDate,
            site: s.appointment.site,
            startsAt: s.appointment.startsAt,
            lastDayToRequestTransfer: lastDayToRequestTransfer(s.appointment.examDate),
          },
        }
      : {}),
    accommodations: s.accommodations.map(({ decidedBy: _d, ...a }) => a),
    transfers: s.transfers,
    ...(s.result ? { testedOn: s.result.testedOn } : {}),
    ...(testedOrLater ? { resultsExpected: resultsExpected(s) } : {}),
    ...(s.equating && !s.score ? { releaseAt: s.equating.releaseAt } : {}),
    ...(s.score ? { score: s.score } : {}),
    ...(s.certification
      ? {
          certification: {
            credentialId: s.certification.credentialId,
            certifiedOn: s.certification.certifiedOn,
            expiresOn: s.certification.expiresOn,
            badgeId: s.certification.badgeId,
            certificateReady: s.certification.documentId !== undefined,
          },
        }
      : {}),
    ...(s.withdrawal ? { withdrawal: s.withdrawal } : {}),
    ...(s.attention ? { attention: attentionView(s.attention) } : {}),
  };
}
