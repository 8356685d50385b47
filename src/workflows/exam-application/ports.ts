import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities/index';

/**
 * Activities of the integrations work (test vendor seats, Credly-compatible badge, PDF certificate), proxied by
 * their fixed names. Declared here so this workflow compiles before and after they join createActivities.
 */
export interface IntegrationActivities {
  reserveSeat(input: { applicationId: string; site: string; examDate: string }): Promise<
    { ok: true } | { ok: false; reason: 'full' | 'unknown-site' | 'outside-window'; message: string }
  >;
  releaseSeat(input: { applicationId: string; site: string; examDate: string }): Promise<void>;
  issueBadge(input: { credentialId: string; candidateId: string; program: string; issuedAt: string; expiresAt: string }): Promise<{ badgeId: string }>;
  createCertificatePdf(input: { credentialId: string }): Promise<{ documentId: string }>;
}

export type LifecycleActivities = ReturnType<typeof createActivities> & IntegrationActivities;

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
