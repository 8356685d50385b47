import { randomBytes } from 'node:crypto';
import { Context, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  certificationsOf,
  expireCertifications,
  updateCertification,
  upsertCertification,
  type CertificationRow,
} from '../db/tables/certifications';
import { credentialHeldOn, defaultPolicy, recertificationCycle, type Policy } from '../domain/index';
import {
  certificationEarnedSignal,
  recertificationWorkflowId,
  recertificationWorkflowName,
  type CertificationEarned,
} from '../workflows/recertification/contract';
import type { ActivityDeps } from './deps';

/** Unguessable: the credential id appears in the public verification link. */
function newCredentialId(program: string): string {
  return `${program}-${randomBytes(9)
    .toString('base64url')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, 'X')}`;
}

export function certificationActivities(deps: ActivityDeps) {
  return {
    /**
     * The certification record of a passed application; idempotent on the application (a retry finds the same
     * credential). Expiry = the recertification due date (FAQ: "recertify within three years"; dual: from the first).
     */
    async recordCertification(input: {
      applicationId: string;
      candidateId: string;
      program: string;
      certifiedOn: string;
      policy?: Policy;
    }): Promise<{ credentialId: string; certifiedOn: string; expiresOn: string }> {
      const { policy = defaultPolicy, ...c } = input;
      const earlier = (await certificationsOf(deps.db, c.candidateId)).filter(
        (x) => x.application_id !== c.applicationId,
      );
      const isHeld = (x: CertificationRow) =>
        credentialHeldOn({ status: x.status, expiresOn: x.expires_on }, c.certifiedOn, policy);
      // Certifying again after an expiry: the old credential stays as history, no longer in the way of the new one.
      await expireCertifications(
        deps.db,
        earlier.filter((x) => x.status === 'lapsed' && !isHeld(x)).map((x) => x.credential_id),
      );
      const held = earlier.filter(isHeld);
      const same = held.find((x) => x.program === c.program);
      if (same) {
        // Retrying cannot fix this: the case waits for staff (needs-attention) instead of retrying for ever.
        throw ApplicationFailure.nonRetryable(
          `The candidate already holds ${c.program} credential ${same.credential_id} (${same.status}); a pass in the same program while it is held (or can be reinstated) is not a new credential.`,
          'AlreadyCertified',
        );
      }
      // FAQ: dual certificants recertify "three (3) years from obtaining your first certification": anchored on the
      // first credential still held (extended or lapsed within reinstatement included); none held: a new single cycle.
      const first = held[0]?.certified_on;
      // The due date follows the case's policy snapshot (recertification month and day).
      const expiresOn = (
        first
          ? recertificationCycle(first, c.certifiedOn, policy)
          : recertificationCycle(c.certifiedOn, undefined, policy)
      ).dueDate;
      const row = await upsertCertification(deps.db, { ...c, credentialId: newCredentialId(c.program), expiresOn });
      log.info('certification recorded', { applicationId: c.applicationId, credentialId: row.credential_id });
      return { credentialId: row.credential_id, certifiedOn: row.certified_on, expiresOn: row.expires_on };
    },

    async attachBadge(b: { credentialId: string; badgeId: string }): Promise<void> {
      await updateCertification(deps.db, b.credentialId, { badgeId: b.badgeId });
    },

    /**
     * Signal-with-start of the certificant's recertification cycle: the first certification starts it, a second
     * one tells the running cycle (FAQ: dual certificants recertify "three (3) years from … your first certification").
     */
    async startOrSignalRecertification(earned: CertificationEarned): Promise<void> {
      const context = Context.current();
      const client = deps.temporal?.client ?? context.client;
      const taskQueue = deps.temporal?.taskQueue ?? context.info.taskQueue;
      if (!client)
        throw ApplicationFailure.retryable('no Temporal client available to the activity', 'NoTemporalClient');
      await client.workflow.signalWithStart(recertificationWorkflowName, {
        workflowId: recertificationWorkflowId(earned.certificantId),
        taskQueue,
        // A cycle started here takes the policy file this worker loaded as its snapshot; a running one keeps its own.
        args: [{ certificantId: earned.certificantId, ...(deps.policy ? { policy: deps.policy } : {}) }],
        signal: certificationEarnedSignal,
        signalArgs: [earned],
      });
    },
  };
}
