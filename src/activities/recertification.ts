import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import { findCandidate } from '../db/tables/candidates';
import { goodStandingLines, saveCycleSnapshot, saveGoodStandingReport } from '../db/tables/recertification';
import { renderCertificantMessage } from '../email/templates/recertification';
import { goodStandingCsv, goodStandingHtml } from '../reports/good-standing';
import type { CeEntryRecord, RecertificationStage } from '../workflows/recertification/contract';
import type { SendCertificantEmailInput } from '../workflows/recertification/messages';
import type { ActivityDeps } from './deps';
import { gridLinkFor } from './links';
import { sendOnce } from './send-once';

/** The workflow's state as the database keeps it (lists and reports read this; live detail is the Query). */
export interface RecertificationRecord {
  certificantId: string;
  stage: RecertificationStage;
  cycleNumber: number;
  dueDate: string;
  firstCertifiedOn: string;
  certifications: 'single' | 'dual';
  deadline: string;
  requiredHours: number;
  countedHours: number;
  acceptedHours: number;
  extensionUntil?: string;
  lapsedOn?: string;
  submittedAt?: string;
  feeUsd?: number;
  renewedAt?: string;
  credentialIds: string[];
  entries: CeEntryRecord[];
  version: number;
}

export function recertificationActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    /** Idempotent: a snapshot carries a version and an older one never overwrites a newer one. */
    async recordRecertification(r: RecertificationRecord): Promise<void> {
      const written = await saveCycleSnapshot(
        deps.db,
        {
          certificant_id: r.certificantId,
          due_date: r.dueDate,
          cycle_number: r.cycleNumber,
          first_certified_on: r.firstCertifiedOn,
          certifications: r.certifications,
          stage: r.stage,
          deadline: r.deadline,
          required_hours: r.requiredHours,
          counted_hours: r.countedHours,
          accepted_hours: r.acceptedHours,
          extension_until: r.extensionUntil ?? null,
          lapsed_on: r.lapsedOn ?? null,
          submitted_at: r.submittedAt ?? null,
          fee_usd: r.feeUsd ?? null,
          renewed_at: r.renewedAt ?? null,
          version: r.version,
        },
        r.entries.map((e) => ({
          certificant_id: r.certificantId,
          entry_id: e.id,
          cycle_due_date: r.dueDate,
          title: e.title,
          provider: e.provider,
          completed_on: e.completedOn,
          hours: e.hours,
          kind: e.kind,
          status: e.status,
          document_id: e.document?.id ?? null,
          submitted_at: e.submittedAt ?? null,
          decision_reason: e.determination?.reason ?? null,
          decided_by: e.determination?.by ?? null,
          decided_at: e.determination?.at ?? null,
        })),
      );
      // The credential's expiry follows the cycle's due date (dual: anchored on the first certification).
      if (r.credentialIds.length > 0 && r.stage !== 'lapsed' && r.stage !== 'reinstatement' && r.stage !== 'expired') {
        await deps.db
          .updateTable('certifications')
          .set({ expires_on: r.dueDate, updated_at: sql<string>`now()` })
          .where('credential_id', 'in', r.credentialIds)
          .where('status', '=', 'active')
          .execute();
      }
      if (written)
        log.info('recertification recorded', { certificantId: r.certificantId, stage: r.stage, version: r.version });
    },

    /** Renewal or reinstatement accepted: every credential active again with the next due date as its expiry. */
    async renewCertifications(input: { credentialIds: string[]; expiresOn: string }): Promise<void> {
      if (input.credentialIds.length === 0) return;
      await deps.db
        .updateTable('certifications')
        .set({ status: 'active', expires_on: input.expiresOn, updated_at: sql<string>`now()` })
        .where('credential_id', 'in', input.credentialIds)
        .execute();
    },

    /** Lapse: the credentials leave good standing (the badge is revoked by its own activity). */
    async lapseCertifications(input: { credentialIds: string[] }): Promise<void> {
      if (input.credentialIds.length === 0) return;
      await deps.db
        .updateTable('certifications')
        .set({ status: 'lapsed', updated_at: sql<string>`now()` })
        .where('credential_id', 'in', input.credentialIds)
        .where('status', '=', 'active')
        .execute();
    },

    /** Good Standing Report (CSV + HTML) from the certifications in good standing; each run stores a new copy. */
    async generateGoodStandingReport(input: { trigger: string }): Promise<{ reportId: string; certificants: number }> {
      const lines = await goodStandingLines(deps.db);
      const generatedAt = now().toISOString();
      const reportId = await saveGoodStandingReport(deps.db, {
        trigger: input.trigger,
        certificants: lines.length,
        csv: goodStandingCsv(lines),
        html: goodStandingHtml(lines, generatedAt),
      });
      log.info('good standing report generated', { reportId, certificants: lines.length, trigger: input.trigger });
      return { reportId, certificants: lines.length };
    },

    /** To the email on file only; once per (chain, dedupe key) through the email log, with that slot's Message-ID. */
    async sendCertificantEmail(input: SendCertificantEmailInput): Promise<{ sent: boolean }> {
      const candidate = await findCandidate(deps.db, input.certificantId);
      if (!candidate)
        throw ApplicationFailure.nonRetryable(`certificant ${input.certificantId} is not on file`, 'CandidateNotFound');
      // A second chain under the same workflow id (after an expiry) has its own keys: the chain's first run id.
      const kind = input.chain ? `${input.chain}/${input.dedupeKey}` : input.dedupeKey;
      const { url: gridUrl } = await gridLinkFor(deps, { workflowId: input.workflowId, kind }, input.certificantId);
      const rendered = renderCertificantMessage(input.message, { firstName: candidate.first_name, gridUrl });
      return sendOnce(
        deps,
        { workflowId: input.workflowId, kind },
        { to: candidate.email, ...rendered },
        input.message.kind,
      );
    },
  };
}
