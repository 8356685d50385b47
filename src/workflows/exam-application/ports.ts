import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities/index';

/** Records, emails and the integrations (vendor seats, Credly badge, PDF certificate, recertification start). */
export type LifecycleActivities = ReturnType<typeof createActivities>;

// Records and emails are quick and idempotent: retry them for as long as it takes.
export const acts = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

// The vendor answers a candidate who is waiting on an Update: fail fast so the refusal reaches them.
export const vendor = proxyActivities<LifecycleActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 seconds', maximumAttempts: 3 },
});
