import { upsertSearchAttributes } from '@temporalio/workflow';
import { refuse } from '../refusals';
import { attentionView } from '../needs-attention/contract';
import { installAttentionHandlers, parking, type ParkingSpec } from '../needs-attention/parking';
import { stageKey } from '../search-attributes';
import type { CycleActivities } from './ports';
import type { RecertificationStage, RecertificationState, RecertificationStatus } from './contract';

/** The cycle's steps in words, and what each stands for when staff did it by hand (every one can be). */
// Every step has its words: an activity added to the port without them fails to compile.
const steps: Record<
  Exclude<keyof CycleActivities, 'recordNeedsAttention' | 'recordAttentionResolved'>,
  ParkingSpec['steps'][string]
> = {
  recordRecertification: { words: 'record the cycle in the database', byHand: () => undefined },
  sendCertificantEmail: { words: 'email the certificant', byHand: () => ({ sent: false }) },
  renewCertifications: { words: 'renew the certifications', byHand: () => undefined },
  lapseCertifications: { words: 'lapse the certifications', byHand: () => undefined },
  generateGoodStandingReport: {
    words: 'regenerate the Good Standing Report',
    byHand: () => ({ reportId: '', certificants: 0 }),
  },
  // A badge replaced by hand is not known here: the next renewal or lapse finds it on the platform by recipient.
  replaceBadgeExpiry: { words: 'replace the Credly badge with the new expiry', byHand: () => ({ badgeId: undefined }) },
  revokeBadge: { words: 'revoke the Credly badge', byHand: () => undefined },
  // A fee entered in the ledger by hand stands for the one the cycle could not record.
  recordFee: { words: 'record the fee in the ledger', byHand: () => undefined },
};

const detail = (_activity: string, input: unknown): string | undefined => {
  const i = input as { message?: { kind?: string }; credentialId?: string } | undefined;
  return i?.credentialId ?? i?.message?.kind;
};

const show = (stage: string) => upsertSearchAttributes([{ key: stageKey, value: `recertification-${stage}` }]);

/** How the cycle parks: its record and search attribute show `needs-attention`, then the stage they showed before. */
export function cycleParking(
  state: RecertificationState,
  records: ParkingSpec['records'],
  shownStage: () => RecertificationStage | undefined,
) {
  return parking({
    caseKind: 'recertification',
    caseId: state.certificantId,
    auditSubject: `certificant:${state.certificantId}`,
    steps,
    detail,
    state,
    records,
    cycleDueDate: () => state.cycle?.dueDate,
    enter: async () => show('needs-attention'),
    leave: async () => {
      const shown = shownStage();
      if (shown) show(shown);
    },
  });
}

export function installAttention(state: RecertificationState, stage: () => RecertificationStage): void {
  installAttentionHandlers({
    state,
    stage: () => (state.attention ? 'needs-attention' : stage()),
    // A conflict with where the cycle stands, or a malformed decision.
    refuse: (p) => refuse(p.conflict ? 'AttentionNotOpen' : 'InvalidAttentionDecision', p.message),
  });
}

/** The status while parked: stage `needs-attention` and the failed step. */
export function withAttention(state: RecertificationState, status: RecertificationStatus): RecertificationStatus {
  return state.attention ? { ...status, stage: 'needs-attention', attention: attentionView(state.attention) } : status;
}
