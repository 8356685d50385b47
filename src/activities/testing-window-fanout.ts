import { Context, log } from '@temporalio/activity';
import { alreadyNotified, countNotified, markNotified } from '../db/tables/testing-windows';
import type { EquatingApproved, ScoreReleased, WindowClosed } from '../workflows/exam-application/window-signals';
import type { ActivityDeps } from './deps';
import { sendBatch, viaWorkerClient, type SendSignal } from './signal-batch';
import type { WindowRef } from './testing-window';

export type { SendSignal } from './signal-batch';

export type WindowNotice =
  | { kind: 'window-closed'; payload: WindowClosed }
  | { kind: 'equating-approved'; payload: EquatingApproved }
  | { kind: 'score-released'; releasedAt: string };

const SIGNAL_OF: Record<WindowNotice['kind'], string> = {
  'window-closed': 'windowClosedSignal',
  'equating-approved': 'equatingApprovedSignal',
  'score-released': 'scoreReleasedSignal',
};

interface Progress {
  cursor: string;
  told: number;
  gone: number;
}

interface Recipient {
  id: string;
  payload: unknown;
}

export function testingWindowFanOutActivities(
  deps: ActivityDeps,
  options: { sendSignal?: SendSignal; concurrency?: number } = {},
) {
  const send = options.sendSignal ?? viaWorkerClient;
  const concurrency = options.concurrency ?? 32;

  async function nextBatch(ref: WindowRef, notice: WindowNotice, after: string, size: number): Promise<Recipient[]> {
    if (notice.kind === 'window-closed') {
      const rows = await deps.db
        .selectFrom('applications')
        .select('id')
        .where('program', '=', ref.program)
        .where('window_id', '=', ref.windowId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(size)
        .execute();
      return rows.map((r) => ({ id: r.id, payload: notice.payload }));
    }
    // Only candidates who tested have a score to wait for and to receive.
    const rows = await deps.db
      .selectFrom('exam_results')
      .select(['application_id', 'form_id', 'raw', 'scaled', 'passed'])
      .where('program', '=', ref.program)
      .where('window_id', '=', ref.windowId)
      .where('scaled', 'is not', null)
      .where('application_id', '>', after)
      .orderBy('application_id')
      .limit(size)
      .execute();
    return rows.map((r) => ({
      id: r.application_id,
      payload:
        notice.kind === 'equating-approved'
          ? notice.payload
          : ({
              windowId: ref.windowId,
              formId: r.form_id,
              raw: r.raw!,
              scaled: r.scaled!,
              passed: r.passed!,
              releasedAt: notice.releasedAt,
            } satisfies ScoreReleased),
    }));
  }

  return {
    /**
     * Tells every application of the window, in batches ordered by id. Progress is heartbeated (a retry resumes after
     * the last finished batch) and recorded per application (nobody is told twice, even across retries).
     */
    async notifyWindowApplications(
      input: WindowRef & { notice: WindowNotice; batchSize?: number },
    ): Promise<{ told: number; gone: number }> {
      const ctx = Context.current();
      const key = { program: input.program, windowId: input.windowId, kind: input.notice.kind };
      const progress: Progress = {
        cursor: '',
        told: 0,
        gone: 0,
        ...(ctx.info.heartbeatDetails as Partial<Progress> | undefined),
      };
      if (progress.cursor) log.info('resuming fan-out', { ...progress, kind: key.kind });
      const signalName = SIGNAL_OF[input.notice.kind];
      for (;;) {
        const batch = await nextBatch(input, input.notice, progress.cursor, input.batchSize ?? 500);
        if (batch.length === 0) break;
        const done = await alreadyNotified(
          deps.db,
          key,
          batch.map((r) => r.id),
        );
        const todo = batch.filter((r) => !done.has(r.id));
        const sent = await sendBatch(todo, (r) => send(r.id, signalName, r.payload), concurrency);
        // A withdrawn or finished application counts as told: nothing to tell, and nothing to retry.
        const told = [...sent.told, ...sent.gone].map((r) => r.id);
        progress.gone += sent.gone.length;
        // Record who was told before failing, so the retry skips exactly them.
        await markNotified(deps.db, key, told);
        progress.told += told.length;
        if (sent.failure !== undefined) throw sent.failure;
        progress.cursor = batch[batch.length - 1]!.id;
        ctx.heartbeat(progress);
      }
      // Counted from the record, so applications told before a retry count too.
      const told = await countNotified(deps.db, key);
      log.info('fan-out done', { kind: key.kind, told, gone: progress.gone });
      return { told, gone: progress.gone };
    },
  };
}
