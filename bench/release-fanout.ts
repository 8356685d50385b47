// Score release fan-out to 10,000 tested applications, with a failure midway and a resume from the heartbeat,
// timed beside floors measured in the same run. Fails loudly unless every application was told exactly once.
// Run: npx tsx bench/release-fanout.ts [--applications N] [--batch-size B] [--fail-after K] [--reps R] [--no-server] [--json-only]
import { performance } from 'node:perf_hooks';
import type { SendSignal } from '../src/activities/testing-window-fanout';
import type { Db } from '../src/db/database';
import { openTestDatabase } from '../test/helpers/database';
import {
  checkExactlyOnce,
  forgetNotifications,
  releaseWithFailure,
  seedReleasedWindow,
  type SeededWindow,
} from './release-fanout-core';
import { runOnDevServer, type ServerRun } from './release-fanout-server';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const APPLICATIONS = flag('applications', 10_000);
const BATCH = flag('batch-size', 500);
// Just under half, and not on a batch boundary: the failure cuts a batch in two.
const FAIL_AFTER = flag('fail-after', Math.floor(APPLICATIONS * 0.47) + 13);
const REPS = flag('reps', 5);
const SERVER = !args.includes('--no-server');
const JSON_ONLY = args.includes('--json-only');
const CONCURRENCY = 32; // the activity's default
const say = (line: string) => {
  if (!JSON_ONLY) console.error(line);
};

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
const mb = (bytes: number) => +(bytes / 2 ** 20).toFixed(1);
const median = (values: number[]) => {
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Floor 1: the same rows, read in the same keyset batches, with nothing else done. */
async function readFloor(db: Db, w: SeededWindow): Promise<number> {
  let after = '';
  let n = 0;
  for (;;) {
    const rows = await db
      .selectFrom('exam_results')
      .select(['application_id', 'form_id', 'raw', 'scaled', 'passed'])
      .where('program', '=', w.program)
      .where('window_id', '=', w.windowId)
      .where('scaled', 'is not', null)
      .where('application_id', '>', after)
      .orderBy('application_id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return n;
    n += rows.length;
    after = rows[rows.length - 1]!.application_id;
  }
}

/** Floor 2: the same number of calls to the same counting sender, in slices of the same width, without bookkeeping. */
async function sendFloor(w: SeededWindow, send: SendSignal): Promise<void> {
  for (let i = 0; i < w.ids.length; i += CONCURRENCY)
    await Promise.all(w.ids.slice(i, i + CONCURRENCY).map((id) => send(id, 'scoreReleasedSignal', {})));
}

function counter() {
  const deliveries = new Map<string, number>();
  const send: SendSignal = async (workflowId) => {
    deliveries.set(workflowId, (deliveries.get(workflowId) ?? 0) + 1);
  };
  return { deliveries, send };
}

const database = await openTestDatabase();
const db = database.db;
try {
  say(
    `release fan-out: ${APPLICATIONS.toLocaleString('en-US')} tested applications, batches of ${BATCH}, failure after ${FAIL_AFTER} signals, database ${database.kind ?? 'pglite'}`,
  );
  let t0 = performance.now();
  const window = await seedReleasedWindow(db, APPLICATIONS);
  const seedMs = performance.now() - t0;
  say(`  seeded in ${(seedMs / 1000).toFixed(1)} s`);

  // In process: the activity with its sender replaced by a counter; one warm-up repetition is discarded.
  const times = { fanOut: [] as number[], readFloor: [] as number[], sendFloor: [] as number[] };
  let lastRun: Awaited<ReturnType<typeof releaseWithFailure>> | undefined;
  let check: ReturnType<typeof checkExactlyOnce> | undefined;
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  for (let rep = -1; rep < REPS; rep++) {
    t0 = performance.now();
    const read = await readFloor(db, window);
    const readMs = performance.now() - t0;
    if (read !== APPLICATIONS) throw new Error(`floor read ${read} rows, expected ${APPLICATIONS}`);
    const floorCounter = counter();
    t0 = performance.now();
    await sendFloor(window, floorCounter.send);
    const sendMs = performance.now() - t0;

    await forgetNotifications(db, window);
    const { deliveries, send } = counter();
    t0 = performance.now();
    lastRun = await releaseWithFailure(db, window, send, { failAfter: FAIL_AFTER, batchSize: BATCH });
    const fanOutMs = performance.now() - t0;
    check = checkExactlyOnce(window, deliveries, lastRun, FAIL_AFTER);
    if (rep >= 0) {
      times.fanOut.push(fanOutMs);
      times.readFloor.push(readMs);
      times.sendFloor.push(sendMs);
    }
    say(
      `  in-process rep ${rep < 0 ? 'warm-up' : rep + 1}: fan-out ${fanOutMs.toFixed(0)} ms, floors read ${readMs.toFixed(0)} + send ${sendMs.toFixed(0)} ms; ${check.exactlyOnce} told exactly once`,
    );
  }
  const inProcessPeakRss = peakRss;
  const floorMs = median(times.readFloor) + median(times.sendFloor);
  const inProcess = {
    sender: 'in-process counter',
    repetitions: REPS,
    fanOutMedianMs: +median(times.fanOut).toFixed(1),
    fanOutMinMs: +Math.min(...times.fanOut).toFixed(1),
    signalsPerSecond: Math.round(APPLICATIONS / (median(times.fanOut) / 1000)),
    floor: { readMedianMs: +median(times.readFloor).toFixed(1), sendMedianMs: +median(times.sendFloor).toFixed(1) },
    timesFloor: +(median(times.fanOut) / floorMs).toFixed(2),
    attempts: lastRun!.attempts,
    sentPerAttempt: lastRun!.sentPerAttempt,
    resumedFrom: lastRun!.resumedFrom,
    batches: lastRun!.batches,
    heartbeats: lastRun!.heartbeats,
    told: lastRun!.result.told,
    ...check!,
    rssBeforeMb: mb(rssBefore),
    peakRssMb: mb(inProcessPeakRss),
  };
  say(
    `in process: ${inProcess.fanOutMedianMs} ms median (${inProcess.signalsPerSecond.toLocaleString('en-US')} signals/s), ${inProcess.timesFloor} × floor (read ${inProcess.floor.readMedianMs} + send ${inProcess.floor.sendMedianMs} ms); ${inProcess.batches} batches, resumed after ${inProcess.resumedFrom?.cursor} (${inProcess.resumedFrom?.told} told before); peak RSS ${inProcess.peakRssMb} MB`,
  );

  let server: (ServerRun & { signalsPerSecond: number; timesFloor: number }) | { skipped: true } = { skipped: true };
  if (SERVER) {
    say('on the Temporal dev server (real signals to stand-in workflows, real retry):');
    const run = await runOnDevServer(db, window, {
      failAfter: FAIL_AFTER,
      batchSize: BATCH,
      heartbeatTimeout: '5 seconds',
      log: say,
    });
    const problems = [
      run.toldOnce !== APPLICATIONS && `${APPLICATIONS - run.toldOnce} stand-ins not told exactly once`,
      run.toldMoreThanOnce !== 0 && `${run.toldMoreThanOnce} stand-ins told more than once`,
      run.standIns !== APPLICATIONS && `${run.standIns} stand-ins, expected ${APPLICATIONS}`,
      run.result.told !== APPLICATIONS && `activity reported ${run.result.told} told`,
      run.sentPerAttempt[0] !== FAIL_AFTER && `first attempt sent ${run.sentPerAttempt[0]}, expected ${FAIL_AFTER}`,
      run.sentPerAttempt[0]! + run.sentPerAttempt[1]! + run.sentPerAttempt[2]! !== APPLICATIONS &&
        `sent ${run.sentPerAttempt.join('+')} signals in all`,
    ].filter(Boolean);
    if (problems.length)
      throw new Error(`release fan-out on the dev server is not exactly-once: ${problems.join('; ')}`);
    server = {
      ...run,
      signalsPerSecond: Math.round(APPLICATIONS / (run.activityMs / 1000)),
      timesFloor: +(run.activityMs / run.floorMs).toFixed(2),
    };
    say(
      `dev server: activity ${(run.activityMs / 1000).toFixed(1)} s from first to last signal (${server.signalsPerSecond} signals/s, 1 s retry wait included; attempts at ${JSON.stringify(run.attemptSpans)} s), driver workflow end to end ${(run.fanOutMs / 1000).toFixed(1)} s; floor ${(run.floorMs / 1000).toFixed(1)} s → ${server.timesFloor} × floor; ${run.toldOnce} stand-ins told exactly once; resumed from ${JSON.stringify(run.resumedFrom)}`,
    );
  }

  clearInterval(sampler);
  const report = {
    bench: 'release-fanout',
    applications: APPLICATIONS,
    batchSize: BATCH,
    batches: Math.ceil(APPLICATIONS / BATCH),
    failAfter: FAIL_AFTER,
    database: database.kind ?? 'pglite',
    node: process.version,
    seedMs: Math.round(seedMs),
    inProcess,
    server,
    peakRssMb: mb(Math.max(peakRss, process.memoryUsage().rss)),
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
    exactlyOnce: true,
  };
  console.log(JSON.stringify(report));
} finally {
  clearInterval(sampler);
  await database.close();
}
