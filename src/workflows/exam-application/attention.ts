import { installAttentionHandlers, parking, type ParkingSpec } from '../needs-attention/parking';
import { refuse } from '../refusals';
import type { ApplicationStage } from './contract';
import { moveTo } from './effects';
import { acts, stepGuard, type LifecycleActivities } from './ports';
import type { LifecycleState } from './state';

/**
 * The steps of the case in words, and what a step done by hand stands for, so the case carries on from the next
 * one. A step whose result the case needs (the certification's credential id) has no stand-in: only a retry helps.
 */
const steps: Partial<Record<keyof LifecycleActivities, ParkingSpec['steps'][string]>> = {
  recordApplication: { words: 'record the stage in the database', byHand: () => undefined },
  recordAttestation: { words: 'record the eligibility attestation', byHand: () => undefined },
  sendCandidateEmail: { words: 'email the candidate', byHand: () => ({ sent: false }) },
  sendStaffEmail: { words: 'email the staff alert', byHand: () => ({ sent: false }) },
  recordTestResult: { words: 'record the test result', byHand: () => undefined },
  recordScore: { words: 'record the score', byHand: () => undefined },
  recordCertification: { words: 'record the certification' },
  // A badge issued by hand is not known here: the certification keeps no badge id (a lapse finds it by recipient).
  issueBadge: { words: 'issue the Credly badge', byHand: () => ({ badgeId: undefined }) },
  attachBadge: { words: 'record the badge on the certification', byHand: () => undefined },
  createCertificatePdf: { words: 'create the PDF certificate', byHand: () => ({ documentId: undefined }) },
  startOrSignalRecertification: { words: 'start the recertification cycle', byHand: () => undefined },
  // A fee entered in the ledger by hand stands for the one the case could not record.
  recordFee: { words: 'record the fee in the ledger', byHand: () => undefined },
};

const detail = (activity: string, input: unknown): string | undefined => {
  const i = input as { message?: { kind?: string }; credentialId?: string } | undefined;
  return activity === 'sendCandidateEmail' ? i?.message?.kind : i?.credentialId;
};

/** Runs a step of the case with the guard armed: a failure retrying cannot fix parks the case instead of ending it. */
export async function attended<T>(s: LifecycleState, run: () => Promise<T>): Promise<T> {
  let stageBefore: ApplicationStage = s.stage;
  stepGuard.arm(
    parking({
      caseKind: 'application',
      caseId: s.input.applicationId,
      auditSubject: `application:${s.input.applicationId}`,
      steps,
      detail,
      state: s,
      records: acts,
      enter: async () => {
        stageBefore = s.stage;
        await moveTo(s, 'needs-attention');
      },
      leave: () => moveTo(s, stageBefore),
    }),
  );
  try {
    return await run();
  } finally {
    stepGuard.disarm();
  }
}

export function installAttention(s: LifecycleState): void {
  installAttentionHandlers({
    state: s,
    stage: () => s.stage,
    refuse: (p) => refuse(p.conflict ? 'ActionNotAvailable' : 'InvalidRequest', p.message),
  });
}
