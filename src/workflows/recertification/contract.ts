import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CeKind,
  CeMeter,
  CivilDate,
  Membership,
  Policy,
  RecertificationCycle,
  RecertificationFeeQuote,
} from '../../domain/index';
import type { AttentionEpisode, AttentionState, AttentionView } from '../needs-attention/contract';

export const recertificationWorkflowName = 'recertificationWorkflow';

/** One cycle workflow per certificant; the id comes from the certificant (the candidate) id. */
export function recertificationWorkflowId(certificantId: string): string {
  return `recertification-${certificantId}`;
}

/** A passed exam: starts the cycle (signal-with-start) or, for a second credential, makes the certificant dual. */
export interface CertificationEarned {
  certificantId: string;
  program: 'CPCS' | 'CPMSM';
  credentialId: string;
  certifiedOn: string;
  firstName: string;
  lastName: string;
  membership: 'member' | 'non-member';
  badgeId?: string;
}

export const certificationEarnedSignal = defineSignal<[CertificationEarned]>('certificationEarnedSignal');

/** Start args: `[{ certificantId, policy }]`; `carried` is the state handed over by continue-as-new. */
export interface RecertificationInput {
  certificantId: string;
  carried?: RecertificationState;
  /**
   * The policy file when the chain started (fees, due dates, reminders), handed on at every continue-as-new. Absent in
   * histories from before the snapshot: the compiled values apply.
   */
  policy?: Policy;
}

export interface Credential {
  credentialId: string;
  program: 'CPCS' | 'CPMSM';
  certifiedOn: CivilDate;
  badgeId?: string;
}

/** A checked upload (by content and size, in the API) attached to an entry. */
export interface CeDocument {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

export type CeEntryStatus = 'reported' | 'accepted' | 'rejected';

// An entry as the certificant reported it, plus what the cycle knows of it.
export interface CeEntryRecord extends CeEntryInput {
  id: string;
  status: CeEntryStatus;
  /** Set once the entry went in with a submission: only then may staff judge it (FAQ). */
  submittedAt?: string;
  determination?: { decision: 'accept' | 'reject'; reason: string; by: string; at: string };
}

/**
 * in-cycle → reporting (Aug 1 – due date) → submitted (awaiting staff) → renewed (next run);
 * or extended; or lapsed → reinstatement → expired.
 */
export type RecertificationStage =
  | 'awaiting-certification'
  | 'in-cycle'
  | 'reporting'
  | 'submitted'
  | 'extended'
  | 'lapsed'
  | 'reinstatement'
  | 'expired'
  | 'renewed'
  /** A step failed for good (e.g. revoking the badge at a lapse): staff retry or resolve it (resolveAttentionUpdate). */
  | 'needs-attention';

export interface Submission {
  submittedAt: string;
  fee: RecertificationFeeQuote;
  reinstatement: boolean;
  entryIds: string[];
  documentIds: string[];
}

export interface RecertificationState {
  certificantId: string;
  name: { firstName: string; lastName: string };
  membership: 'member' | 'non-member';
  credentials: Credential[];
  /** Earned on or after this cycle's due date (while extended or lapsed): active, and part of the next cycle only. */
  joining?: Credential[];
  cycle?: RecertificationCycle;
  /** First day whose CE counts for this cycle. */
  cycleStartsOn?: CivilDate;
  entries: CeEntryRecord[];
  nextEntryNumber: number;
  submission?: Submission;
  extension?: { requestedAt: string; months: number; until: CivilDate; request: string };
  lapsedOn?: CivilDate;
  /** Reminder keys already handled this cycle (sent or skipped). */
  reminders: string[];
  /** Completed renewals over the certificant's life; carried from run to run. */
  renewals: number;
  /** The last determination that fell short: what was missing, shown until the next submission. */
  shortfall?: string[];
  /** Submissions this cycle: the fee is due with the first one only. */
  submissionsThisCycle?: number;
  reinstatementFeePaid?: boolean;
  /** Bumped on every change; the database copy only moves forward (idempotent upserts). */
  version: number;
  /** Email slots of a chain restarted inside this run chain (a certification earned after an expiry); else the first run id. */
  emailChain?: string;
  /** The failed step the cycle is parked on, and the episodes staff settled this run. */
  attention?: AttentionState;
  attentionLog?: AttentionEpisode[];
}

export interface RecertificationStatus {
  certificantId: string;
  name: string;
  stage: RecertificationStage;
  credentials: Credential[];
  /** Active credentials waiting for the next cycle (earned after this one's due date), with the due date they have. */
  joining?: (Credential & { dueDate: CivilDate })[];
  cycle?: RecertificationCycle;
  cycleStartsOn?: CivilDate;
  /** The due date in force: the extended one when an extension was granted. */
  deadline?: CivilDate;
  /** Everything reported and not rejected. */
  meter?: CeMeter;
  /** What staff have accepted so far. */
  acceptedMeter?: CeMeter;
  entries: CeEntryRecord[];
  missing: string[];
  fee?: RecertificationFeeQuote;
  /** The membership on file (the last one stated), and what the fee would be for each: the certificant states theirs at submission. */
  membership?: Membership;
  feeByMembership?: Record<Membership, RecertificationFeeQuote>;
  submission?: Submission;
  extension?: RecertificationState['extension'];
  lapsedOn?: CivilDate;
  renewals: number;
  /** The failed step waiting for staff, while the stage is `needs-attention`. */
  attention?: AttentionView;
}

export interface CeEntryInput {
  title: string;
  provider: string;
  completedOn: CivilDate;
  hours: number;
  kind: CeKind;
  document?: CeDocument;
}

export interface CeChangeResult {
  entryId: string;
  meter: CeMeter;
  missing: string[];
}

export const addCeEntryUpdate = defineUpdate<CeChangeResult, [CeEntryInput]>('addCeEntryUpdate');
export const editCeEntryUpdate = defineUpdate<CeChangeResult, [{ entryId: string } & Partial<CeEntryInput>]>(
  'editCeEntryUpdate',
);
export const removeCeEntryUpdate = defineUpdate<CeChangeResult, [{ entryId: string }]>('removeCeEntryUpdate');

export interface SubmissionResult {
  fee: RecertificationFeeQuote;
  entryIds: string[];
}
/** `membership`: what the certificant states at submission (the fee follows it); absent in older histories: the one on file. */
export interface SubmissionRequest {
  attest: boolean;
  membership?: Membership;
}
export const submitRecertificationUpdate = defineUpdate<SubmissionResult, [SubmissionRequest]>(
  'submitRecertificationUpdate',
);
/** Submission in the reinstatement period: the recertification fee plus the reinstatement fee. */
export const reinstateUpdate = defineUpdate<SubmissionResult, [SubmissionRequest]>('reinstateUpdate');

export interface ExtensionRequest {
  /** The written request (Policy values (docs/architecture.md): an extension "needs a written request"). */
  request: string;
  months: number;
}
export const requestExtensionUpdate = defineUpdate<{ until: CivilDate }, [ExtensionRequest]>('requestExtensionUpdate');

export interface EntryDetermination {
  entryId: string;
  decision: 'accept' | 'reject';
  reason: string;
  /** The staff member (email) deciding. */
  by: string;
}
export const determineEntryUpdate = defineUpdate<{ meter: CeMeter }, [EntryDetermination]>('determineEntryUpdate');
/** Twin of determineEntryUpdate for Temporal UI, where staff can send a signal; invalid ones are logged and ignored. */
export const determineEntrySignal = defineSignal<[EntryDetermination]>('determineEntrySignal');

export type DeterminationOutcome =
  { outcome: 'renewed'; nextDueDate: CivilDate } | { outcome: 'short'; missing: string[] };
export const completeDeterminationUpdate = defineUpdate<DeterminationOutcome, [{ by: string }]>(
  'completeDeterminationUpdate',
);

export const statusQuery = defineQuery<RecertificationStatus>('statusQuery');

/** Accepted upload kinds and size for a certificate of completion (checked again in the workflow's validator). */
export const ceDocumentContentTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const ceDocumentMaxBytes = 5 * 1024 * 1024;
/** No single CE activity is credibly longer than a full week of sessions. */
export const ceEntryMaxHours = 40;

/** The nightly Good Standing Report: one Schedule starting this workflow. */
export const goodStandingReportWorkflowName = 'goodStandingReportWorkflow';
export const goodStandingScheduleId = 'good-standing-report-nightly';
