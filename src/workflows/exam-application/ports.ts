import type { ActivitiesOf } from '../activity-ports';
import { routedActivities } from '../activity-queues/routing';
import { attentionGuard } from '../needs-attention/parking';

/** Records, emails and the integrations (Credly badge, PDF certificate, recertification start) a case's steps call. */
export type LifecycleActivities = ActivitiesOf<
  | 'recordApplication'
  | 'recordAttestation'
  | 'recordEligibilityDecision'
  | 'recordAccommodation'
  | 'recordAppointment'
  | 'recordTransfer'
  | 'recordWithdrawal'
  | 'recordTestResult'
  | 'recordScore'
  | 'recordCertification'
  | 'recordFee'
  | 'ledgerOf'
  | 'sendCandidateEmail'
  | 'sendStaffEmail'
  | 'issueBadge'
  | 'attachBadge'
  | 'createCertificatePdf'
  | 'startOrSignalRecertification'
  | 'releaseSeat'
  | 'recordNeedsAttention'
  | 'recordAttentionResolved'
>;

/** The test vendor's seats, asked while a candidate waits on an Update. */
type VendorActivities = ActivitiesOf<'reserveSeat' | 'releaseSeat'>;

// Records and emails are quick and idempotent: retry them for as long as it takes.
// A failure retrying cannot fix parks the case for staff while a step is attended (attention.ts).
export const stepGuard = attentionGuard(
  routedActivities<LifecycleActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
  }),
);
export const acts = stepGuard.activities;

// The vendor answers a candidate who is waiting on an Update: fail fast so the refusal reaches them.
export const vendor = routedActivities<VendorActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 seconds', maximumAttempts: 3 },
});
