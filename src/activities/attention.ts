import { log } from '@temporalio/activity';
import { closeAttention, openAttention, type CloseAttention, type OpenAttention } from '../db/tables/needs-attention';
import { withSender, type FetchEvents } from './decision-audit';
import type { ActivityDeps } from './deps';

/** The needs-attention record of a case (the staff console's queue reads it); both writes are idempotent. */
export function attentionActivities(deps: ActivityDeps & { fetchEvents?: FetchEvents }) {
  const fetchEvents = deps.fetchEvents;
  return {
    async recordNeedsAttention(a: OpenAttention): Promise<void> {
      await openAttention(deps.db, a);
      log.warn('case needs attention', {
        caseKind: a.caseKind,
        caseId: a.caseId,
        activity: a.activity,
        reason: a.reason,
      });
    },

    async recordAttentionResolved(c: CloseAttention): Promise<void> {
      const auditAs = await withSender(c.auditAs, fetchEvents);
      if (await closeAttention(deps.db, { ...c, auditAs }))
        log.info('attention resolved', { caseKind: c.caseKind, caseId: c.caseId, resolution: c.resolution, by: c.by });
    },
  };
}
