import { proxyActivities } from '@temporalio/workflow';
import type { ActivitiesOf } from '../activity-ports';
import type { ResultsImportInput, ResultsImportOutcome } from './contract';

// Heartbeats per batch and resumes from its last heartbeat after a failure; retried until every row is handled.
const { signalImportedResults } = proxyActivities<ActivitiesOf<'signalImportedResults'>>({
  startToCloseTimeout: '4 hours',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

/**
 * Tells every application of an accepted results import its result (vendorResultSignal), after the import's rows
 * were committed; started by the import request and again by a re-sent file, so no crash in between loses a result.
 */
export async function resultsImportWorkflow(input: ResultsImportInput): Promise<ResultsImportOutcome> {
  return signalImportedResults(input);
}
