/**
 * `npm run replay [-- --bundle dist/workflow-bundle.js]`: replays every checked-in history against the workflow code
 * (by default a bundle built now from src/workflows, as `npm run build` builds it) and exits 1 on any failure.
 */
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { buildWorkflowBundle } from '../../src/temporal/workflow-bundle';
import { readHistories } from './history-files';
import { replayHistories } from './replay-histories';

// The replay worker's lifecycle lines say nothing here; failures are printed below.
Runtime.install({ logger: new DefaultLogger('WARN') });
const { values } = parseArgs({ options: { bundle: { type: 'string' }, help: { type: 'boolean' } }, strict: true });
if (values.help) {
  process.stdout.write('usage: npm run replay [-- --bundle <path of a built workflow bundle>]\n');
  process.exit(0);
}
const histories = readHistories();
const code = values.bundle
  ? { workflowBundle: { codePath: values.bundle } }
  : { workflowBundle: await buildWorkflowBundle() };
const outcomes = await replayHistories(code, histories);
const failed = outcomes.filter((o) => o.error);
for (const o of outcomes)
  process.stdout.write(`${o.error ? 'FAIL' : 'ok  '} ${o.file}${o.error ? `\n     ${o.error}` : ''}\n`);
process.stdout.write(
  `${outcomes.length - failed.length} of ${histories.length} histories replayed${failed.length ? `; ${failed.length} failed` : ''}\n`,
);
process.exit(failed.length > 0 || outcomes.length !== histories.length ? 1 : 0);
