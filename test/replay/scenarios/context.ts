import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Db } from '../../../src/db/database';
import type { Recorder } from '../../workflows/exam-application/harness';
import type { fakeActivities } from '../../workflows/recertification-harness';

/** What a recording scenario gets: a fresh time-skipping server (its clock starts at real now) and a worker on it. */
export interface ScenarioContext {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  db: Db;
  exam: Recorder;
  recert: ReturnType<typeof fakeActivities>;
}

/** A chain that ended before a newer one started under the same workflow id: saved from its last run. */
export interface EarlierChain {
  workflowId: string;
  lastRunId: string;
  /** Names its files: `<scenario>.<label>[.run-<n>].json`. */
  label: string;
}

/** One real path of a workflow; returns the workflow ids (or earlier chains) whose histories it produced. */
export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<(string | EarlierChain)[]>;
}
