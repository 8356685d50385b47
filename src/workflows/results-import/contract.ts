export const resultsImportWorkflowName = 'resultsImportWorkflow';

/** One signalling workflow per accepted import: a re-sent file finds (or restarts) the same one. */
export function resultsImportWorkflowId(importId: string): string {
  return `results-import-${importId}`;
}

export interface ResultsImportInput {
  importId: string;
  /** Applications read and told per batch (default 500); tests make it small. */
  batchSize?: number;
}

export interface ResultsImportOutcome {
  /** Applications told of their result, over every attempt and run. */
  signalled: number;
  /** Applications whose workflow had already ended: the result is stored, nobody was waiting for it. */
  noWorkflow: number;
}
