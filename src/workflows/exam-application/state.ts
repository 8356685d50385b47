import {
  instantToEpochMs,
  newYorkWallClockToInstant,
  policyOrCompiled,
  type CivilDate,
  type Policy,
} from '../../domain/index';
import type {
  AccommodationView,
  ApplicationStage,
  ExamApplicationInput,
  LifecycleOptions,
  StageChange,
  TransferOutcome,
  WithdrawalOutcome,
} from './contract';
import type { AttentionEpisode, AttentionState } from '../needs-attention/contract';
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
  certification?: {
    credentialId: string;
    certifiedOn: string;
    expiresOn: string;
    badgeId?: string;
    documentId?: string;
  };
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
