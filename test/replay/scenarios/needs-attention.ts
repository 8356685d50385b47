import { eventually } from '../../helpers/eventually';
import { resolveAttentionSignal, resolveAttentionUpdate } from '../../../src/workflows/needs-attention/contract';
import { finished, stageIs } from '../../workflows/exam-application/harness';
import { dayAfter } from '../../workflows/recertification-harness';
import type { Scenario } from './context';
import { releasing, scheduled } from './exam-application';
import { certified } from './recertification';

const pass = { raw: 112, scaled: 431, passed: true };
const staff = 'staff@test.local';

/** The paths of a step that fails for good (stage needs-attention) and of a cancel from Temporal UI. */
export const needsAttentionScenarios: Scenario[] = [
  {
    name: 'needs-attention-badge-retried',
    async run(ctx) {
      ctx.exam.breakable.break('issueBadge', 'badge platform refused POST /: 422 recipient_email is invalid');
      const handle = await releasing(ctx, 'badge', pass);
      await stageIs(handle, 'needs-attention');
      // Retried before the cause is fixed: it parks again.
      await handle.executeUpdate(resolveAttentionUpdate, { args: [{ action: 'retry', by: staff }] });
      await eventually(() => {
        if (ctx.exam.breakable.failed('issueBadge').length < 2) throw new Error('not retried yet');
      });
      await stageIs(handle, 'needs-attention');
      ctx.exam.breakable.repair('issueBadge');
      await handle.executeUpdate(resolveAttentionUpdate, {
        args: [{ action: 'retry', note: 'Email on file corrected.', by: staff }],
      });
      await finished(handle);
      return [handle.workflowId];
    },
  },
  {
    name: 'needs-attention-resolved-by-hand',
    async run(ctx) {
      ctx.exam.breakable.break('createCertificatePdf', 'certificate renderer: font file missing', 'CertificateFailed');
      const handle = await releasing(ctx, 'byhand', pass);
      await stageIs(handle, 'needs-attention');
      // From Temporal UI, as a signal.
      await handle.signal(resolveAttentionSignal, { action: 'resolved', note: 'PDF made by hand and emailed.' });
      await finished(handle);
      return [handle.workflowId];
    },
  },
  {
    name: 'needs-attention-cancelled-with-held-seat',
    async run(ctx) {
      const handle = await scheduled(ctx, 'cancel');
      await stageIs(handle, 'scheduled');
      await handle.cancel();
      await eventually(async () => {
        if ((await handle.describe()).status.name !== 'CANCELLED') throw new Error('not cancelled yet');
      });
      return [handle.workflowId];
    },
  },
  {
    name: 'needs-attention-recertification-lapse-revoke',
    async run(ctx) {
      const { c, cycle } = await certified(ctx, 'revoke');
      ctx.recert.breakable.break('revokeBadge', 'badge platform refused PUT /b-1/revoke: 404 Badge not found');
      await c.advanceTo(dayAfter(cycle.dueDate), 9);
      await c.until((s) => s.stage === 'needs-attention', 'needs-attention');
      ctx.recert.breakable.repair('revokeBadge');
      await c.handle.executeUpdate(resolveAttentionUpdate, {
        args: [{ action: 'retry', note: 'Badge id corrected at Credly.', by: staff }],
      });
      await c.until((s) => s.stage === 'lapsed' && ctx.recert.mine('revoke').kinds().includes('lapsed'), 'lapsed');
      return [c.handle.workflowId];
    },
  },
];
