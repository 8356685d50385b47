// History size per workflow along its real paths, from the recorded histories in test/replay/histories: events,
// activities, timers, signals, Updates and workflow tasks per file, and the two figures that size the server's
// storage: an exam case on the passing path and one recertification cycle (a run that ends in continue-as-new).
// Run: npm run bench:histories [-- --json-only]
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { historiesDir, readHistories } from '../test/replay/history-files';
import { table } from './bench-util';
import { countHistory } from './lifecycle-count';

const JSON_ONLY = process.argv.includes('--json-only');
const PASSING_CASE = 'examApplicationWorkflow/passed-badge-certificate.json';
const FULL_CYCLE = 'recertificationWorkflow/renewed-continue-as-new.run-1.json';

const files = readHistories().map((h) => {
  const counts = countHistory(h.history, [{ name: 'all', startedAt: 0 }]).get('all')!;
  return { file: h.file, ...counts, kb: +(statSync(join(historiesDir, h.file)).size / 1024).toFixed(1) };
});
const of = (file: string) => {
  const found = files.find((f) => f.file === file);
  if (!found) throw new Error(`${file} is not among the recorded histories`);
  return found;
};
const passing = of(PASSING_CASE);
const cycle = of(FULL_CYCLE);
if (!JSON_ONLY) {
  console.error(
    table(
      ['history', 'events', 'activities', 'timers', 'signals', 'updates', 'workflow tasks', 'KB (JSON)'],
      files.map((f) => [f.file, f.events, f.activities, f.timers, f.signals, f.updates, f.workflowTasks, f.kb]),
    ),
  );
  console.error(
    `\nexam case, passing path (${PASSING_CASE}): ${passing.events} events; recertification cycle (${FULL_CYCLE}): ${cycle.events} events`,
  );
}
console.log(
  JSON.stringify({ bench: 'history-events', examCasePassingPath: passing, recertificationCycle: cycle, files }),
);
