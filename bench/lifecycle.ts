// The candidate lifecycle under load on the Temporal dev server with the real worker, activities, API, database and
// SMTP catcher, phase by phase, beside a floor of no-op workflows doing the same starts, signals, Updates, timers and
// activities on the same server in the same run. Fails unless every candidate got exactly one score email.
// Run: npm run bench:lifecycle -- [--applications N] [--concurrency C] [--json-only]
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startSystem } from '../test/helpers/system';
import { mb, numberFlag, table } from './bench-util';
import { addCounts, countTaskQueue, totalsByPhase, zeroCounts, type Counts } from './lifecycle-count';
import { runLifecycle } from './lifecycle-core';
import { runFloor } from './lifecycle-floor';

const args = process.argv.slice(2);
const APPLICATIONS = numberFlag(args, 'applications', 1_000);
const CONCURRENCY = numberFlag(args, 'concurrency', 32);
const JSON_ONLY = args.includes('--json-only');
const say = (line: string) => {
  if (!JSON_ONLY) console.error(line);
};

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
// The SDK's info lines (worker state, bundling) would drown the figures.
Runtime.install({ logger: new DefaultLogger('WARN') });
// API and worker share one pool here (two processes of 10 each in production); mail for ~8 messages a candidate.
const sys = await startSystem({
  now: () => new Date(),
  formsSimulated: false,
  poolSize: 20,
  mailLimit: APPLICATIONS * 10 + 1000,
});
try {
  const run = await runLifecycle(sys, { applications: APPLICATIONS, concurrency: CONCURRENCY, log: say });
  say(
    `every candidate got exactly one score email (${run.passed} passed, ${run.failed} failed); counting the histories`,
  );
  const ran = run.phases.filter((p) => !p.skipped);
  const windows = ran.map((p) => ({ name: p.name, startedAt: p.startedAt }));
  const real = await countTaskQueue(sys.env.client, sys.taskQueue, windows, APPLICATIONS + 1 + run.passed);
  say(`${real.length} workflows; the floor: as many no-op workflows with the same counts, phase by phase`);
  const floor = await runFloor(
    sys.env,
    real,
    ran.map((p) => p.name),
    { concurrency: CONCURRENCY, log: say },
  );

  const realTotals = totalsByPhase(real, windows);
  const floorTotals = totalsByPhase(floor.counts, floor.phases);
  const same = (a: Counts, b: Counts) =>
    a.starts === b.starts && a.updates === b.updates && a.timers === b.timers && a.activities === b.activities;
  const signalsOf = (t: typeof realTotals) => [...t.values()].reduce((n, x) => n + x.all.signals, 0);
  const mismatched = ran
    .filter((p) => !same(realTotals.get(p.name)!.all, floorTotals.get(p.name)!.all))
    .map((p) => p.name);
  if (mismatched.length || signalsOf(floorTotals) !== signalsOf(realTotals) + floor.wakeUps)
    throw new Error(`the floor did not reproduce the run's counts (phases ${mismatched.join(', ') || 'signals'})`);

  interface PhaseReport {
    name: string;
    skipped?: string;
    ms?: number;
    floorMs?: number;
    timesFloor?: number;
    workflows?: number;
    counts: Counts;
    byType: Record<string, Counts>;
  }
  const phases = run.phases.map((p): PhaseReport => {
    const f = floor.phases.find((x) => x.name === p.name);
    const counts = realTotals.get(p.name)?.all ?? zeroCounts();
    const ms = p.endedAt - p.startedAt;
    const floorMs = f ? f.endedAt - f.startedAt : 0;
    return {
      name: p.name,
      ...(p.skipped
        ? { skipped: p.skipped }
        : { ms, floorMs, timesFloor: +(ms / floorMs).toFixed(2), workflows: realTotals.get(p.name)!.workflows }),
      counts,
      byType: Object.fromEntries(realTotals.get(p.name)?.byType ?? []),
    };
  });
  // History events per workflow over the whole run, by type (an exam case here skips scheduling: no appointment).
  const eventsPerWorkflow = Object.fromEntries(
    [...new Set(real.map((w) => w.type))].map((type) => {
      const mine = real.filter((w) => w.type === type);
      const events = mine.reduce((n, w) => n + [...w.phases.values()].reduce((k, c) => k + c.events, 0), 0);
      return [type, +(events / mine.length).toFixed(1)];
    }),
  );
  const totalMs = phases.reduce((n, p) => n + (p.ms ?? 0), 0);
  const floorMs = phases.reduce((n, p) => n + (p.floorMs ?? 0), 0);
  const all = phases.reduce((n, p) => addCounts(n, p.counts), zeroCounts());
  const row = (name: string, ms: number | string, fms: number | string, x: number | string, c: Counts) => [
    name,
    ms,
    fms,
    x,
    c.starts,
    c.signals,
    c.updates,
    c.timers,
    c.activities,
    c.events,
  ];
  say('');
  say(
    table(
      ['phase', 'ms', 'floor ms', '× floor', 'starts', 'signals', 'updates', 'timers', 'activities', 'events'],
      [
        ...phases.map((p) =>
          p.skipped ? row(p.name, '-', '-', '-', p.counts) : row(p.name, p.ms!, p.floorMs!, p.timesFloor!, p.counts),
        ),
        row('overall', totalMs, floorMs, +(totalMs / floorMs).toFixed(2), all),
      ],
    ),
  );
  for (const p of phases.filter((x) => x.skipped)) say(`${p.name}: ${p.skipped}`);
  // Under load some calls fail and are retried: how many, and what each retry got, is part of the result.
  const retries: Record<string, number> = {};
  for (const r of run.retries) {
    const key = `${r.what.replace(/\/[^/]*(exam-application|%)[^/]*/, '/:id')} ${r.failure} → ${r.outcome ?? 'none'}`;
    retries[key] = (retries[key] ?? 0) + 1;
  }
  say(`history events per workflow: ${JSON.stringify(eventsPerWorkflow)}`);
  if (run.retries.length) say(`HTTP calls retried: ${JSON.stringify(retries)}`);
  say(
    `release time ${run.releaseAt}, ${run.releaseWaitMs} ms after the approval's outcome (idle, in no phase); floor wake-up signals: ${floor.wakeUps}`,
  );

  clearInterval(sampler);
  console.log(
    JSON.stringify({
      bench: 'lifecycle',
      applications: APPLICATIONS,
      concurrency: CONCURRENCY,
      program: run.program,
      windowId: run.windowId,
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      node: process.version,
      passed: run.passed,
      failed: run.failed,
      flaggedItems: run.flagged,
      scoreEmailsExactlyOnce: run.cases.length,
      workflows: real.length,
      eventsPerWorkflow,
      phases,
      totalMs,
      floorMs,
      ratio: +(totalMs / floorMs).toFixed(2),
      floorWakeUpSignals: floor.wakeUps,
      httpRetries: retries,
      peakRssMb: mb(peakRss),
    }),
  );
} finally {
  clearInterval(sampler);
  await sys.close();
}
