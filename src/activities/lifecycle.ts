import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { windowLabel } from '../domain/index';
import { upsertAccommodation, type AccommodationRecord } from '../db/tables/application-accommodations';
import { patchApplicationDetails } from '../db/tables/application-details';
import { recordScore } from '../db/tables/application-scores';
import { recordTransfer } from '../db/tables/application-transfers';
import type { ActivityDeps } from './deps';

/** The records of the exam application lifecycle; every write is an upsert keyed by the application id. */
export function lifecycleActivities(deps: ActivityDeps) {
  return {
    async recordEligibilityDecision(d: {
      applicationId: string;
      decision: 'approve' | 'reject';
      reason?: string;
      decidedBy: string;
      decidedAt: string;
    }): Promise<void> {
      await patchApplicationDetails(deps.db, d.applicationId, {
        eligibility_decision: d.decision,
        eligibility_reason: d.reason ?? null,
        eligibility_decided_by: d.decidedBy,
        eligibility_decided_at: d.decidedAt,
      });
      log.info('eligibility decided', { applicationId: d.applicationId, decision: d.decision });
    },

    async recordAccommodation(a: AccommodationRecord): Promise<void> {
      await upsertAccommodation(deps.db, a);
    },

    /** The current appointment (null clears it after a transfer). */
    async recordAppointment(a: {
      applicationId: string;
      examDate: string | null;
      site: string | null;
      startsAt: string | null;
    }): Promise<void> {
      await patchApplicationDetails(deps.db, a.applicationId, {
        exam_date: a.examDate,
        exam_site: a.site,
        exam_starts_at: a.startsAt,
      });
    },

    /** Moves the application row to the next window and records the transfer fee; clears the appointment. */
    async recordTransfer(t: {
      applicationId: string;
      fromWindowId: string;
      toWindowId: string;
      feeUsd: number;
      requestedAt: string;
    }): Promise<void> {
      try {
        await recordTransfer(deps.db, t);
      } catch (err) {
        // The candidate already applied for the next window: one application per candidate × program × window.
        if ((err as { code?: string }).code === '23505') {
          throw ApplicationFailure.nonRetryable(
            `You already have an application for the ${windowLabel(t.toWindowId)} window, so this one cannot move there; withdraw one of them instead.`,
            'TransferRefused',
          );
        }
        throw err;
      }
      await patchApplicationDetails(deps.db, t.applicationId, {
        exam_date: null,
        exam_site: null,
        exam_starts_at: null,
      });
      log.info('application transferred', { applicationId: t.applicationId, to: t.toWindowId });
    },

    async recordTestResult(r: {
      applicationId: string;
      formId: string;
      testedOn: string;
      importId: string;
    }): Promise<void> {
      await patchApplicationDetails(deps.db, r.applicationId, {
        tested_on: r.testedOn,
        result_form_id: r.formId,
        result_import_id: r.importId,
      });
    },

    async recordWithdrawal(w: {
      applicationId: string;
      refundUsd: number;
      processingFeeUsd: number;
      refundable: boolean;
      reason: string | null;
      withdrawnAt: string;
    }): Promise<void> {
      await patchApplicationDetails(deps.db, w.applicationId, {
        withdrawn_at: w.withdrawnAt,
        withdrawal_reason: w.reason,
        refund_usd: w.refundUsd,
        refund_processing_fee_usd: w.refundable ? w.processingFeeUsd : null,
      });
    },

    /** Confidential: the score row is written once and read only for the candidate's own status. */
    async recordScore(s: {
      applicationId: string;
      formId: string;
      raw: number;
      scaled: number;
      passed: boolean;
      releasedAt: string;
    }): Promise<void> {
      await recordScore(deps.db, s);
    },
  };
}
