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

/** One real path of a workflow; returns the workflow ids whose histories it produced. */
export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<string[]>;
}
