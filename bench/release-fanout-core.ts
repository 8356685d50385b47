// The core of the release fan-out benchmark: seed one window of tested applications, run the real
// notifyWindowApplications activity with a sender that breaks midway, resume from its heartbeat, count.
// Shared by bench/release-fanout.ts and test/bench/release-fanout.test.ts (correctness only, no timing there).
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { testingWindowFanOutActivities, type SendSignal } from '../src/activities/testing-window-fanout';
import type { Db } from '../src/db/database';
import { itemsOf } from '../src/db/tables/exam-forms';
import { insertResults, setScores } from '../src/db/tables/exam-results';
import { insertImport } from '../src/db/tables/results-imports';
import { conversionSpecFor, conversionTable, parseProgram } from '../src/domain/index';
import type { Mailer } from '../src/email/transport';
import { ensureFormForWindow } from '../src/forms/ensure';
import { simulateResponses } from '../src/forms/generate';

export interface SeededWindow {
  program: string;
  windowId: string;
  formId: string;
  /** Tested applications, sorted as the activity walks them. */
  ids: string[];
}

/**
 * `n` candidates, each with one application in the window and a stored, scored result (as after equating):
 * candidates, applications, a results import, exam_results with simulated responses, raw, scaled and passed.
 */
export async function seedReleasedWindow(
  db: Db,
  n: number,
  ref = { program: 'CPMSM', windowId: '2027-fall' },
): Promise<SeededWindow> {
  const program = parseProgram(ref.program);
  const formId = await ensureFormForWindow(db, program, ref.windowId, { simulated: true });
  const items = await itemsOf(db, formId);
  const ids = Array.from({ length: n }, (_, i) => `app-${program}-${ref.windowId}-${String(i).padStart(6, '0')}`);
  const importId = `imp-bench-${program}-${ref.windowId}`;
  await insertImport(db, {
    id: importId,
    source: 'cli',
    actor: 'bench',
    filename: 'bench.csv',
    sha256: importId,
    rowCount: n,
    status: 'accepted',
    report: {},
  });
  const responses = simulateResponses(items, n, 7, 0.1);
  // Raw = correct answers on scored items; the cut sits near the middle so both outcomes occur.
  const scored = items.map((it) => it.role === 'scored');
  const maxRaw = scored.filter(Boolean).length;
  const spec = conversionSpecFor(program, { rawCut: Math.round(maxRaw * 0.6), maxRaw });
  const conversion = conversionTable(spec);
  for (let i = 0; i < n; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await db
      .insertInto('candidates')
      .values(
        chunk.map((id) => ({
          id: `c-${id}`,
          email: `${id}@example.org`,
          first_name: 'Bench',
          last_name: id.slice(-6),
          membership: 'member' as const,
        })),
      )
      .execute();
    await db
      .insertInto('applications')
      .values(
        chunk.map((id) => ({
          id,
          candidate_id: `c-${id}`,
          program,
          window_id: ref.windowId,
          first_name: 'Bench',
          last_name: id.slice(-6),
          membership: 'member',
          stage: 'awaiting-release',
          submitted_at: '2027-05-01T12:00:00Z',
        })),
      )
      .execute();
  }
  await insertResults(
    db,
    ids.map((id, e) => ({
      applicationId: id,
      candidateId: `c-${id}`,
      program,
      windowId: ref.windowId,
      formId,
      responses: responses[e]!,
      testedOn: '2027-10-12',
      importId,
    })),
  );
  await setScores(
    db,
    ids.map((id, e) => {
      let raw = 0;
      for (let k = 0; k < items.length; k++) if (scored[k] && responses[e]![k] === items[k]!.key) raw += 1;
      return { applicationId: id, raw, scaled: conversion[raw]!, passed: conversion[raw]! >= spec.passingScaled };
    }),
  );
  return { program, windowId: ref.windowId, formId, ids: [...ids].sort() };
}

/** Forgets who was told, so the same seeded window can be released again by the next repetition. */
export async function forgetNotifications(db: Db, window: SeededWindow): Promise<void> {
  await db
    .deleteFrom('window_notifications')
    .where('program', '=', window.program)
    .where('window_id', '=', window.windowId)
    .execute();
}

export interface FanOutRun {
  result: { told: number; gone: number };
  attempts: number;
  /** Signals that reached the sender successfully, per attempt. */
  sentPerAttempt: number[];
  /** The heartbeat the second attempt resumed from (undefined if the first attempt did not fail). */
  resumedFrom: { cursor: string; told: number; gone: number } | undefined;
  /** Applications whose id sorts at or before the resumed cursor but were sent again: must be none. */
  sentBehindCursor: number;
  heartbeats: number;
  batches: number;
  batchSize: number;
}

/**
 * Runs the activity as a worker would: attempt 1 with `send` failing after `failAfter` signals, then attempt 2 with
 * the last heartbeat details, as Temporal hands them to a retry. `send` counts deliveries.
 */
export async function releaseWithFailure(
  db: Db,
  window: SeededWindow,
  send: SendSignal,
  options: { failAfter: number; batchSize: number; releasedAt?: string },
): Promise<FanOutRun> {
  const deps = {
    db,
    mailer: {} as Mailer,
    links: { secret: 's'.repeat(32), baseUrl: 'http://localhost', ttlDays: 30 },
  };
  const sentPerAttempt: number[] = [];
  let attempt = 0;
  let sentBehindCursor = 0;
  let resumedFrom: FanOutRun['resumedFrom'];
  let admitted = 0;
  const sender: SendSignal = async (workflowId, signalName, payload) => {
    // Counted before the await: up to `concurrency` sends are in flight at once.
    if (attempt === 1 && ++admitted > options.failAfter) throw new Error('signal service unavailable (injected)');
    if (resumedFrom && workflowId <= resumedFrom.cursor) sentBehindCursor += 1;
    await send(workflowId, signalName, payload);
    sentPerAttempt[attempt - 1]! += 1;
  };
  const { notifyWindowApplications } = testingWindowFanOutActivities(deps, { sendSignal: sender });
  const input = {
    workflowId: `testing-window-${window.program}-${window.windowId}`,
    program: window.program,
    windowId: window.windowId,
    notice: { kind: 'score-released' as const, releasedAt: options.releasedAt ?? '2027-12-20T14:00:00.000Z' },
    batchSize: options.batchSize,
  };
  let heartbeats = 0;
  let lastHeartbeat: FanOutRun['resumedFrom'];
  for (;;) {
    attempt += 1;
    sentPerAttempt.push(0);
    const env = new MockActivityEnvironment(
      { attempt, heartbeatDetails: lastHeartbeat, heartbeatTimeoutMs: 60_000 },
      { logger: new DefaultLogger('ERROR') },
    );
    env.on('heartbeat', (details: NonNullable<FanOutRun['resumedFrom']>) => {
      heartbeats += 1;
      lastHeartbeat = { ...details };
    });
    resumedFrom = attempt > 1 ? lastHeartbeat : undefined;
    try {
      const result = (await env.run(notifyWindowApplications, input)) as { told: number; gone: number };
      // One heartbeat per finished batch; the batch cut by the failure is re-read by the retry.
      return {
        result,
        attempts: attempt,
        sentPerAttempt,
        resumedFrom,
        sentBehindCursor,
        heartbeats,
        batches: heartbeats + attempt - 1,
        batchSize: options.batchSize,
      };
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** Throws unless every seeded application was told exactly once, and the retry resumed after its heartbeat. */
export function checkExactlyOnce(
  window: SeededWindow,
  deliveries: Map<string, number>,
  run: FanOutRun,
  failAfter: number,
): { exactlyOnce: number; missing: number; duplicated: number } {
  let exactlyOnce = 0;
  let missing = 0;
  let duplicated = 0;
  for (const id of window.ids) {
    const n = deliveries.get(id) ?? 0;
    if (n === 1) exactlyOnce += 1;
    else if (n === 0) missing += 1;
    else duplicated += 1;
  }
  const seeded = new Set(window.ids);
  const strangers = [...deliveries.keys()].filter((id) => !seeded.has(id)).length;
  const problems = [
    missing && `${missing} applications never told`,
    duplicated && `${duplicated} applications told more than once`,
    strangers && `${strangers} signals to workflows outside the window`,
    run.result.told !== window.ids.length && `activity reported ${run.result.told} told, expected ${window.ids.length}`,
    run.result.gone !== 0 && `activity reported ${run.result.gone} gone`,
    failAfter < window.ids.length &&
      run.attempts !== 2 &&
      `expected one failure and one retry, saw ${run.attempts} attempts`,
    failAfter < window.ids.length &&
      run.sentPerAttempt[0] !== failAfter &&
      `first attempt sent ${run.sentPerAttempt[0]}, expected ${failAfter}`,
    failAfter >= run.batchSize &&
      failAfter < window.ids.length &&
      !run.resumedFrom?.cursor &&
      'the retry did not resume from a heartbeat cursor',
    run.sentBehindCursor !== 0 && `${run.sentBehindCursor} signals sent behind the resumed cursor`,
  ].filter(Boolean);
  if (problems.length) throw new Error(`release fan-out is not exactly-once: ${problems.join('; ')}`);
  return { exactlyOnce, missing, duplicated };
}
