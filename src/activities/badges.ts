import { ApplicationFailure } from '@temporalio/common';
import { findCandidate } from '../db/tables/candidates';
import { findCertification, updateCertification } from '../db/tables/certifications';
import { isProgram, type Program } from '../domain/index';
import { BadgeApiError, toCredlyTime, type BadgeClient, type CredlyBadge } from '../integrations/badges/client';
import type { ActivityDeps } from './deps';

export interface IssueBadgeInput {
  credentialId: string;
  candidateId: string;
  program: Program;
  /** 'YYYY-MM-DD' or an ISO instant. */
  issuedAt: string;
  expiresAt: string;
}

const sameTime = (a: string | null, b: string) => a !== null && Date.parse(a) === Date.parse(b);

export function badgeActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  const client = (): BadgeClient => {
    // Retryable: once the worker is configured and restarted, the waiting workflow carries on.
    if (!deps.badges)
      throw ApplicationFailure.retryable(
        'no badge platform configured for the worker (CREDLY_URL)',
        'BadgesNotConfigured',
      );
    return deps.badges;
  };
  const certificationAndRecipient = async (credentialId: string) => {
    const cert = await findCertification(deps.db, credentialId);
    if (!cert)
      throw ApplicationFailure.nonRetryable(`certification ${credentialId} is not on file`, 'CertificationNotFound');
    const candidate = await findCandidate(deps.db, cert.candidate_id);
    if (!candidate)
      throw ApplicationFailure.nonRetryable(`candidate ${cert.candidate_id} is not on file`, 'CandidateNotFound');
    if (!isProgram(cert.program))
      throw ApplicationFailure.nonRetryable(
        `certification ${credentialId} has unknown program ${cert.program}`,
        'UnknownProgram',
      );
    return {
      cert,
      program: cert.program,
      recipient: { recipientEmail: candidate.email, firstName: candidate.first_name, lastName: candidate.last_name },
    };
  };
  // Revokes every live badge of the recipient for the program but `keep`: one badge per credential, never two.
  const revokeOthers = async (email: string, program: Program, keep: string | undefined, reason: string) => {
    for (const other of await client().liveBadges(email, program))
      if (other.id !== keep) await client().revokeBadge(other.id, reason);
  };

  return {
    /**
     * FAQ: "Those who pass their certification exams will receive a digital badge from Credly". Idempotent per
     * credential: the badge id on the certification is returned when present, and a badge issued by an attempt
     * that failed before recording it is found on the platform and adopted instead of issuing a second one.
     */
    async issueBadge(input: IssueBadgeInput): Promise<{ badgeId: string }> {
      return mapBadgeErrors(async () => {
        const { cert, program, recipient } = await certificationAndRecipient(input.credentialId);
        if (cert.candidate_id !== input.candidateId || cert.program !== input.program) {
          throw ApplicationFailure.nonRetryable(
            `certification ${input.credentialId} belongs to another candidate or program`,
            'CertificationMismatch',
          );
        }
        if (cert.badge_id) return { badgeId: cert.badge_id };
        const expiresAt = toCredlyTime(input.expiresAt);
        const adopted = (await client().liveBadges(recipient.recipientEmail, program)).find((b) =>
          sameTime(b.expires_at, expiresAt),
        );
        const badge =
          adopted ??
          (await client().issueBadge({ program, ...recipient, issuedAt: toCredlyTime(input.issuedAt), expiresAt }));
        await updateCertification(deps.db, input.credentialId, { badgeId: badge.id });
        return { badgeId: badge.id };
      });
    },

    /** FAQ: "Your Credly digital badge was also updated when your renewal was completed." Replaces, never duplicates. */
    async replaceBadgeExpiry(input: {
      credentialId: string;
      expiresAt: string;
      issuedAt?: string;
    }): Promise<{ badgeId: string }> {
      return mapBadgeErrors(async () => {
        const { cert, program, recipient } = await certificationAndRecipient(input.credentialId);
        const expiresAt = toCredlyTime(input.expiresAt);
        const current: CredlyBadge | undefined = cert.badge_id ? await client().getBadge(cert.badge_id) : undefined;
        const live =
          current &&
          current.state !== 'revoked' &&
          current.state !== 'rejected' &&
          sameTime(current.expires_at, expiresAt)
            ? current
            : undefined;
        const badge =
          live ??
          (await client().liveBadges(recipient.recipientEmail, program)).find((b) =>
            sameTime(b.expires_at, expiresAt),
          ) ??
          (await client().issueBadge({
            program,
            ...recipient,
            issuedAt: toCredlyTime(input.issuedAt ?? now().toISOString()),
            expiresAt,
          }));
        await updateCertification(deps.db, input.credentialId, { badgeId: badge.id });
        await revokeOthers(recipient.recipientEmail, program, badge.id, 'Replaced by a renewed certification');
        return { badgeId: badge.id };
      });
    },

    /** Revokes the credential's badge (and any stray live one for it); idempotent. */
    async revokeBadge(input: { credentialId: string; reason: string }): Promise<void> {
      await mapBadgeErrors(async () => {
        const { cert, program, recipient } = await certificationAndRecipient(input.credentialId);
        if (cert.badge_id) await client().revokeBadge(cert.badge_id, input.reason);
        await revokeOthers(recipient.recipientEmail, program, undefined, input.reason);
        await updateCertification(deps.db, input.credentialId, { badgeId: null });
      });
    },
  };
}

// A 4xx from the platform is our mistake (bad data or credentials): retrying cannot help, staff must look.
async function mapBadgeErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof BadgeApiError && !err.retryable)
      throw ApplicationFailure.nonRetryable(err.message, 'BadgeRejected');
    throw err;
  }
}
