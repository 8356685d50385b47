import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { payloadEncryption } from '../../src/temporal/data-converter';
import { readHistories, recordingCodecKeys, type StoredHistory } from './history-files';

export interface ReplayOutcome {
  file: string;
  error?: string;
}

/**
 * Replays every stored history against the given workflow code with the production data converter (payload
 * encryption, here with the recording's test key). A nondeterminism error, or any other, is reported per file.
 */
export async function replayHistories(
  code: Pick<ReplayWorkerOptions, 'workflowBundle' | 'workflowsPath'>,
  histories: StoredHistory[] = readHistories(),
): Promise<ReplayOutcome[]> {
  const byId = new Map(histories.map((h) => [h.workflowId, h.file]));
  const outcomes: ReplayOutcome[] = [];
  const results = Worker.runReplayHistories(
    { ...code, dataConverter: payloadEncryption(recordingCodecKeys).dataConverter, replayName: 'certflow-replay' },
    histories.map((h) => ({ workflowId: h.workflowId, history: h.history })),
  );
  for await (const result of results) {
    const file = byId.get(result.workflowId) ?? result.workflowId;
    outcomes.push(
      result.error
        ? {
            file,
            error:
              result.error instanceof Error ? `${result.error.name}: ${result.error.message}` : String(result.error),
          }
        : { file },
    );
  }
  return outcomes;
}
