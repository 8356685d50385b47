/**
 * `npm run histories:record`: drives every workflow type along its real paths and writes their histories under
 * test/replay/histories/<workflowType>/ for `npm run replay` (docs/versioning.md says when to run it).
 *
 * Each scenario gets a fresh time-skipping server, so months of a case pass in seconds and every scenario starts
 * from today's clock. Activities are the recording fakes of the workflow tests, except the testing window's, which
 * run on a real database. Usage: `npm run histories:record [-- <scenario-name-substring>...]`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createQueueWorkers } from '../../src/temporal/queue-workers';
import { resultsImportActivities } from '../../src/activities/results-import';
import { testingWindowActivities } from '../../src/activities/testing-window';
import { testingWindowFanOutActivities } from '../../src/activities/testing-window-fanout';
import type { Mailer } from '../../src/email/transport';
import { buildWorkflowBundle } from '../../src/temporal/workflow-bundle';
import { openTestDatabase } from '../helpers/database';
import { createTimeSkippingEnv, testEncryption } from '../helpers/temporal';
import { Recorder } from '../workflows/exam-application/harness';
import { fakeActivities } from '../workflows/recertification-harness';
import { historiesDir, saveChain } from './history-files';
import { calendarScenarios } from './scenarios/calendar';
import { certsScenarios } from './scenarios/certs';
import { activityQueueScenarios } from './scenarios/activity-queues';
import type { Scenario } from './scenarios/context';
import { applicationFormScenarios } from './scenarios/application-form';
import { examApplicationScenarios } from './scenarios/exam-application';
import { examTransferScenarios } from './scenarios/exam-transfer';
import { goodStandingRefreshScenarios } from './scenarios/good-standing-refresh';
import { linksScenarios } from './scenarios/links';
import { needsAttentionScenarios } from './scenarios/needs-attention';
import { oneShotScenarios } from './scenarios/one-shot';
import { policyLedgerScenarios } from './scenarios/policy-ledger';
import { recertificationScenarios } from './scenarios/recertification';
import { recertificationChainScenarios } from './scenarios/recertification-chains';
import { resultsImportScenarios } from './scenarios/results-import';
import { tauditScenarios } from './scenarios/taudit';
import { testingWindowScenarios } from './scenarios/testing-window';

const all: Scenario[] = [
  ...examApplicationScenarios,
  ...examTransferScenarios,
  ...recertificationScenarios,
  ...recertificationChainScenarios,
  ...certsScenarios,
  ...goodStandingRefreshScenarios,
  ...testingWindowScenarios,
  ...resultsImportScenarios,
  ...needsAttentionScenarios,
  ...oneShotScenarios,
  ...calendarScenarios,
  ...policyLedgerScenarios,
  ...applicationFormScenarios,
  ...activityQueueScenarios,
  ...linksScenarios,
  ...tauditScenarios,
];

async function record(scenario: Scenario, bundle: WorkflowBundleWithSourceMap): Promise<string[]> {
  const env = await createTimeSkippingEnv();
  const database = await openTestDatabase();
  const taskQueue = `record-${scenario.name}`;
  const exam = new Recorder();
  const recert = fakeActivities();
  const deps = {
    db: database.db,
    mailer: {} as Mailer,
    links: { secret: 's'.repeat(32), baseUrl: 'http://localhost', ttlDays: 30 },
    formsSimulated: true,
  };
  const worker = await createQueueWorkers({
    connection: env.nativeConnection,
    dataConverter: testEncryption.dataConverter,
    taskQueue,
    workflowBundle: bundle,
    activities: {
      ...testingWindowActivities(deps),
      ...testingWindowFanOutActivities(deps, { sendSignal: async () => undefined }),
      ...resultsImportActivities(deps, { sendSignal: async () => undefined }),
      ...exam.activities(),
      ...recert.activities,
      sendAccessLinks: async () => ({ sent: true }),
      sendApplicationNotice: async () => ({ sent: true }),
    },
  });
  try {
    const ids = await worker.runUntil(scenario.run({ env, taskQueue, db: database.db, exam, recert }));
    const files: string[] = [];
    for (const ref of ids) {
      const { workflowId, lastRunId, label } =
        typeof ref === 'string' ? { workflowId: ref, lastRunId: undefined, label: ref } : ref;
      files.push(
        ...(await saveChain(
          env.client,
          workflowId,
          ids.length === 1 ? scenario.name : `${scenario.name}.${label}`,
          historiesDir,
          lastRunId,
        )),
      );
    }
    return files;
  } finally {
    await database.close();
    await env.teardown();
  }
}

const filters = process.argv.slice(2);
const chosen = filters.length ? all.filter((s) => filters.some((f) => s.name.includes(f))) : all;
if (chosen.length === 0) {
  process.stderr.write(`no scenario matches ${filters.join(', ')}; scenarios: ${all.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
if (filters.length === 0) rmSync(historiesDir, { recursive: true, force: true });
const bundle = await buildWorkflowBundle();
for (const scenario of chosen) {
  const started = Date.now();
  const files = await record(scenario, bundle);
  process.stdout.write(
    `${scenario.name}: ${files.map((f) => join('test/replay/histories', f)).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}
