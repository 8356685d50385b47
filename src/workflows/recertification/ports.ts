import type { ActivitiesOf } from '../activity-ports';
import { routedActivities } from '../activity-queues/routing';
import { attentionGuard } from '../needs-attention/parking';

/** The records, emails, badge platform and fee ledger a cycle's steps call. */
export type CycleActivities = ActivitiesOf<
  | 'recordRecertification'
  | 'renewCertifications'
  | 'lapseCertifications'
  | 'sendCertificantEmail'
  | 'replaceBadgeExpiry'
  | 'revokeBadge'
  | 'generateGoodStandingReport'
  | 'recordFee'
  | 'recordNeedsAttention'
  | 'recordAttentionResolved'
>;

// A failure retrying cannot fix parks the cycle in stage needs-attention for staff (attention.ts).
export const guard = attentionGuard(
  routedActivities<CycleActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
  }),
);
export const acts = guard.activities;
