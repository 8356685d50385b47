import { Context, log } from '@temporalio/activity';
import { resultsOfImportAfter } from '../db/tables/exam-results';
import { flagLateResults } from '../db/tables/late-results';
import { alreadySignalled, markSignalled, signallingProgress } from '../db/tables/results-import-signals';
import { vendorResultSignal, type VendorResult } from '../workflows/exam-application/vendor-signals';
import type { ResultsImportInput, ResultsImportOutcome } from '../workflows/results-import/contract';
import type { ActivityDeps } from './deps';
import { sendBatch, viaWorkerClient, type SendSignal } from './signal-batch';

interface Progress {
  /** The last application id of the last finished batch. */
  cursor: string;
  batches: number;
}

export function resultsImportActivities(
  deps: ActivityDeps,
  options: { sendSignal?: SendSignal; concurrency?: number } = {},
) {
  const send = options.sendSignal ?? viaWorkerClient;
  const concurrency = options.concurrency ?? 32;
  return {
    /**
     * Tells each application of a committed import its stored result, in batches by application id. Progress is
     * heartbeated (a retry resumes after the last finished batch) and recorded per application, so a retry or a
     * second run tells nobody twice; were a signal repeated after a crash, the exam workflow ignores a second result.
     */
    async signalImportedResults(input: ResultsImportInput): Promise<ResultsImportOutcome> {
      const ctx = Context.current();
      const progress: Progress = {
        cursor: '',
        batches: 0,
        ...(ctx.info.heartbeatDetails as Partial<Progress> | undefined),
      };
      if (progress.cursor) log.info('resuming results-import signalling', { importId: input.importId, ...progress });
      for (;;) {
        const batch = await resultsOfImportAfter(deps.db, input.importId, progress.cursor, input.batchSize ?? 500);
        if (batch.length === 0) break;
        const done = await alreadySignalled(
          deps.db,
          input.importId,
          batch.map((r) => r.application_id),
        );
        const todo = batch.filter((r) => !done.has(r.application_id));
        const sent = await sendBatch(
          todo,
          (r) =>
            send(r.application_id, vendorResultSignal.name, {
              formId: r.form_id,
              responses: r.responses,
              testedOn: r.tested_on,
              importId: r.import_id,
            } satisfies VendorResult),
          concurrency,
        );
        // FAQ: a no-show is decided when the window closes; a result after that is kept for staff, never dropped.
        // Flagged before the mark, so a retry after a failure here flags them again (the flag is idempotent).
        await flagLateResults(
          deps.db,
          input.importId,
          sent.gone.map((r) => r.application_id),
        );
        // Record who was handled before failing, so the retry skips exactly them.
        await markSignalled(deps.db, input.importId, [
          ...sent.told.map((r) => ({ applicationId: r.application_id, outcome: 'signalled' as const })),
          ...sent.gone.map((r) => ({ applicationId: r.application_id, outcome: 'no-workflow' as const })),
        ]);
        if (sent.failure !== undefined) throw sent.failure;
        progress.cursor = batch[batch.length - 1]!.application_id;
        progress.batches += 1;
        ctx.heartbeat(progress);
      }
      // Counted from the record, so applications handled by an earlier attempt or run count too.
      const p = await signallingProgress(deps.db, input.importId);
      log.info('results-import signalling done', {
        importId: input.importId,
        signalled: p.signalled,
        noWorkflow: p.noWorkflow.length,
      });
      return { signalled: p.signalled, noWorkflow: p.noWorkflow.length };
    },
  };
}
