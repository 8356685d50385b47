import {
  instantToEpochMs,
  lastDayToRequestRefund,
  lastDayToRequestTransfer,
  newYorkWallClockToInstant,
  policyOrCompiled,
  windowCalendar,
  type CivilDate,
  type Policy,
} from '../../domain/index';
import type {
  AccommodationView,
  ApplicationStage,
  ApplicationStatus,
  ExamApplicationInput,
  LifecycleOptions,
  StageChange,
  TransferOutcome,
  WithdrawalOutcome,
} from './contract';
import { attentionView, type AttentionEpisode, type AttentionState } from '../needs-attention/contract';
import type { VendorResult } from './vendor-signals';
import type { EquatingApproved, ScoreReleased, WindowClosed } from './window-signals';

/** The current appointment; `seq` grows with every new date so reminders of an old date are never confused with new ones. */
export interface Appointment {
  seq: number;
  examDate: CivilDate;
  site: string;
  startsAt?: string;
  source: 'candidate' | 'vendor';
  reportedAt: string;
}

/** Everything the workflow knows, as plain JSON (docs/architecture.md, Messages: no Map, Set, Date or classes in workflow state). */
export interface LifecycleState {
  input: ExamApplicationInput;
  /** The case's policy snapshot (its input's, or the compiled values for a case started before snapshots). */
  policy: Policy;
  options: Required<LifecycleOptions>;
  windowId: string;
  stage: ApplicationStage;
  history: StageChange[];
  startedAt: string;
  /** Bumped by every change the timers depend on, so the main loop re-plans. */
  epoch: number;
  /** One change at a time: handlers and timers take turns (see withLock). */
  busy: boolean;
  /** Keys of timed steps already performed (bounded: a handful per appointment). */
  done: string[];
  eligibility?: { decision: 'approve' | 'reject'; reason?: string; decidedBy: string; decidedAt: string };
  accommodations: (AccommodationView & { decidedBy?: string })[];
  appointmentSeq: number;
  appointment?: Appointment;
  transfers: (TransferOutcome & { at: string })[];
  result?: VendorResult & { receivedAt: string };
  windowClosed?: WindowClosed;
  equating?: EquatingApproved;
  /** Held back until processed at the release time: the status shows `score` only after that. */
  released?: ScoreReleased;
  score?: { raw: number; scaled: number; passed: boolean; releasedAt: string };
  certification?: { credentialId: string; certifiedOn: string; expiresOn: string; badgeId?: string; documentId?: string };
  withdrawal?: WithdrawalOutcome & { at: string };
  /** Whether the no-show waits for the window's close (patch `no-show-at-window-close`); set when scheduling begins. */
  noShowAtClose?: boolean;
  /** The failed step the case is parked on (stage needs-attention), and the episodes staff settled. */
  attention?: AttentionState;
  attentionLog?: AttentionEpisode[];
}

/** The reminder schedule of the policy, as the case's options (an input option overrides it). */
export function optionsOf(policy: Policy): Required<LifecycleOptions> {
  const r = policy.reminders;
  return {
    eligibilityReminderAfterDays: r.eligibilityOverdueEveryDays,
    eligibilityRemindersMax: r.eligibilityOverdueMax,
    noShowGraceDays: r.noShowGraceDays,
    transferReminderDaysBefore: r.transferDeadlineDaysBefore,
  };
}

export function initialState(input: ExamApplicationInput, now: string): LifecycleState {
  const policy = policyOrCompiled(input.policy);
  return {
    input,
    policy,
    options: { ...optionsOf(policy), ...definedOnly(input.options ?? {}) },
    windowId: input.windowId,
    stage: 'submitted',
    history: [],
    startedAt: now,
    epoch: 0,
    busy: false,
    done: [],
    accommodations: [],
    appointmentSeq: 0,
    transfers: [],
  };
}

function definedOnly(o: LifecycleOptions): LifecycleOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as LifecycleOptions;
}

/** Reminders and notices go out at the policy's hour in New York (9:00 compiled in), the office's business day. */
export function reminderTime(s: LifecycleState, date: CivilDate): string {
  return newYorkWallClockToInstant(date, s.policy.reminders.hourNewYork, 0, 0, 0);
}

export const ms = (instant: string): number => instantToEpochMs(instant);

/** What the candidate or staff must do next, in words, for the status page. */
function nextDeadline(s: LifecycleState): ApplicationStatus['nextDeadline'] {
  const cal = windowCalendar(s.windowId, s.policy);
  switch (s.stage) {
    case 'eligibility-review':
      return { on: cal.noticeToSchedule, what: 'Staff review your eligibility; you will be told the decision by email.' };
    case 'awaiting-notice':
      return { on: cal.noticeToSchedule, what: `The notice to schedule your exam goes out on ${cal.noticeToSchedule}.` };
    case 'scheduling':
      return { on: cal.end, what: `Schedule your exam with the test vendor for a day from ${cal.start} to ${cal.end}, then report the appointment.` };
    case 'scheduled': {
      const a = s.appointment!;
      return { on: lastDayToRequestTransfer(a.examDate), what: `Your exam is on ${a.examDate}; the last day to request a transfer is ${lastDayToRequestTransfer(a.examDate)}.` };
    }
    case 'tested':
    case 'awaiting-close':
    case 'awaiting-equating': {
      const expected = resultsExpected(s);
      return { on: expected.latest, what: `Results are expected between ${expected.earliest} and ${expected.latest}, by email.` };
    }
    case 'awaiting-release':
      return { on: s.equating!.releaseAt.slice(0, 10), what: `Scores are released by email on ${s.equating!.releaseAt.slice(0, 10)}.` };
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
    ...(s.eligibility ? { eligibility: { decision: s.eligibility.decision, reason: s.eligibility.reason, decidedAt: s.eligibility.decidedAt } } : {}),
    ...(s.appointment
      ? { appointment: { examDate: s.appointment.examDate, site: s.appointment.site, startsAt: s.appointment.startsAt, lastDayToRequestTransfer: lastDayToRequestTransfer(s.appointment.examDate) } }
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

