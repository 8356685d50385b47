import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Policy } from '../../domain/index';
import type { EligibilityAttestation } from '../../domain/eligibility';
import type { AttentionView } from '../needs-attention/contract';

export type Program = 'CPCS' | 'CPMSM';
export type Membership = 'member' | 'non-member';

/** Where an application stands; also the `Stage` search attribute. */
export type ApplicationStage =
  | 'submitted'
  | 'eligibility-review'
  | 'rejected'
  | 'awaiting-notice'
  | 'scheduling'
  | 'scheduled'
  | 'tested'
  | 'no-show'
  | 'awaiting-close'
  | 'awaiting-equating'
  | 'awaiting-release'
  | 'passed'
  | 'failed'
  | 'withdrawn'
  /** A step failed for good: staff retry or resolve it (resolveAttentionUpdate), then the case carries on. */
  | 'needs-attention'
  /** Cancelled from Temporal UI: the seat released, the candidate told. */
  | 'cancelled';

/** Stages after which nothing more happens to the case. */
export const FINAL_STAGES: readonly ApplicationStage[] = [
  'rejected',
  'no-show',
  'passed',
  'failed',
  'withdrawn',
  'cancelled',
];

/** Tunables of one application; every field defaults to the policy snapshot's reminder schedule. */
export interface LifecycleOptions {
  /** Staff are reminded when an eligibility decision has waited this many days (and again every as many days). */
  eligibilityReminderAfterDays?: number;
  /** At most this many eligibility reminders, so history stays bounded. */
  eligibilityRemindersMax?: number;
  /**
   * Days after the window's close (the end of its last test day, New York) without a result before a scheduled
   * candidate is a no-show; default 0. Runs from before the `no-show-at-window-close` patch count them from the
   * exam day (default 3).
   */
  noShowGraceDays?: number;
  /** Days before the last transfer day on which the transfer-deadline reminder goes out. */
  transferReminderDaysBefore?: number;
}

export interface ExamApplicationInput {
  /** Equals the workflow id. */
  applicationId: string;
  candidateId: string;
  program: Program;
  windowId: string;
  candidate: { firstName: string; lastName: string; membership: Membership };
  submittedAt: string;
  options?: LifecycleOptions;
  /**
   * The policy file as it was when the case started (set by whoever starts it): fees, calendar and reminders of this
   * case for its whole life. Absent in histories from before the snapshot: the compiled values apply.
   */
  policy?: Policy;
  /**
   * What the candidate attested and signed on the form; staff decide eligibility with it in front of them.
   * Absent on applications submitted before the form asked for it.
   */
  attestation?: EligibilityAttestation;
  /** FAQ: the written documentation "must accompany the CPCS®/CPMSM® application": a request sent with it. */
  accommodation?: AccommodationRequest;
}

export interface StageChange {
  stage: ApplicationStage;
  at: string;
}

// ---- candidate and staff actions (payloads are plain JSON) ----

/** Staff decision; also sendable from Temporal UI as the signal `eligibilityDecisionSignal` with the same JSON. */
export interface EligibilityDecision {
  decision: 'approve' | 'reject';
  /** Required for a rejection: it goes to the candidate. */
  reason?: string;
  decidedBy?: string;
}

export interface AccommodationRequest {
  /** What the candidate needs, in their words. */
  needs: string;
  /** Ids in the documents table (owner_kind 'application'), stored by the upload route before the update. */
  documentIds: string[];
}

export interface AccommodationDecision {
  requestId: string;
  decision: 'approve' | 'deny';
  reason?: string;
  decidedBy?: string;
}

export interface AppointmentReport {
  examDate: string;
  site: string;
  /** ISO instant of the start time, when the vendor gives one. */
  startsAt?: string;
  source: 'candidate' | 'vendor';
}

export interface RescheduleRequest {
  examDate: string;
  site: string;
}

export interface WithdrawalRequest {
  /** Policy values (docs/architecture.md): refunds "by written request"; the API form is the written request. */
  inWriting: true;
  reason?: string;
}

export interface TransferOutcome {
  fromWindowId: string;
  toWindowId: string;
  feeUsd: number;
}

export interface WithdrawalOutcome {
  refundable: boolean;
  refundUsd: number;
  processingFeeUsd: number;
  lastDayToRequestRefund: string;
}

// ---- what staff and the candidate read ----

export interface AccommodationView {
  id: string;
  needs: string;
  documentIds: string[];
  status: 'pending' | 'approved' | 'denied';
  requestedAt: string;
  decidedAt?: string;
  reason?: string;
}

export interface ApplicationStatus {
  applicationId: string;
  program: Program;
  windowId: string;
  stage: ApplicationStage;
  submittedAt: string;
  history: StageChange[];
  window: {
    label: string;
    start: string;
    end: string;
    accommodationCutoff: string;
    noticeToSchedule: string;
    lastDayToRequestRefund: string;
    /** FAQ: the close "may be up to three weeks after an individual's testing date": the window closes as this day ends. */
    close: string;
    /** FAQ: results "approximately six to eight weeks from the close of the testing period/window". */
    resultsExpected: { earliest: string; latest: string };
  };
  /** The next thing the candidate must do or wait for, spelled out; absent once the case is over. */
  nextDeadline?: { on: string; what: string };
  eligibility?: { decision: 'approve' | 'reject'; reason?: string; decidedAt: string };
  appointment?: { examDate: string; site: string; startsAt?: string; lastDayToRequestTransfer: string };
  accommodations: AccommodationView[];
  transfers: (TransferOutcome & { at: string })[];
  testedOn?: string;
  /** FAQ: results "approximately six to eight weeks from the close of the testing period/window". */
  resultsExpected?: { earliest: string; latest: string };
  releaseAt?: string;
  /** Only after the release time, and only shown to the candidate (staffView removes it). */
  score?: { raw: number; scaled: number; passed: boolean; releasedAt: string };
  certification?: {
    credentialId: string;
    certifiedOn: string;
    expiresOn: string;
    badgeId?: string;
    certificateReady: boolean;
  };
  withdrawal?: WithdrawalOutcome & { at: string };
  /** The failed step waiting for staff, while the stage is `needs-attention`. */
  attention?: AttentionView;
}

/** FAQ: "actual scores will only be released via email to the candidate" — staff never see the score here. */
export function staffView(status: ApplicationStatus): Omit<ApplicationStatus, 'score'> {
  const { score: _score, ...rest } = status;
  return rest;
}

export const examApplicationWorkflowName = 'examApplicationWorkflow';

/** One workflow per candidate × program × window: a double submission finds the same one. */
export function examApplicationWorkflowId(keys: { candidateId: string; program: Program; windowId: string }): string {
  return `exam-application-${keys.candidateId}-${keys.program}-${keys.windowId}`;
}

export const statusQuery = defineQuery<ApplicationStatus>('statusQuery');

export const eligibilityDecisionUpdate = defineUpdate<ApplicationStatus, [EligibilityDecision]>(
  'eligibilityDecisionUpdate',
);
export const eligibilityDecisionSignal = defineSignal<[EligibilityDecision]>('eligibilityDecisionSignal');
export const accommodationRequestUpdate = defineUpdate<AccommodationView, [AccommodationRequest]>(
  'accommodationRequestUpdate',
);
export const accommodationDecisionUpdate = defineUpdate<AccommodationView, [AccommodationDecision]>(
  'accommodationDecisionUpdate',
);
export const accommodationDecisionSignal = defineSignal<[AccommodationDecision]>('accommodationDecisionSignal');
export const reportAppointmentUpdate = defineUpdate<ApplicationStatus, [AppointmentReport]>('reportAppointmentUpdate');
export const rescheduleUpdate = defineUpdate<ApplicationStatus, [RescheduleRequest]>('rescheduleUpdate');
export const requestTransferUpdate = defineUpdate<TransferOutcome, []>('requestTransferUpdate');
export const withdrawUpdate = defineUpdate<WithdrawalOutcome, [WithdrawalRequest]>('withdrawUpdate');
