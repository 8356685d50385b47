// The candidate lifecycle of one past testing window, driven like staff and candidates drive it: applications,
// eligibility approval (staff API), scheduling (candidate API), results import (text/csv), window close, key
// validation, equating approval and release, up to the score email. Each phase ends when its outcome shows
// (stages in the records staff lists read, the window's status, emails at the catcher), never on a response alone.
// Shared by bench/lifecycle.ts and test/bench/lifecycle.test.ts (correctness only there).
import type { CaughtEmail } from '../src/dev/mail-catcher';
import { submitApplication } from '../src/api/routes/apply';
import { daysBetween, newYorkDateOf, windowCalendar, windowsOfYear, type Program } from '../src/domain/index';
import { simulateResponses } from '../src/forms/generate';
import { signCandidateToken } from '../src/lib/candidate-link';
import { milestonesOf } from '../src/workflows/testing-window/milestones';
import { assemblyDocument, referenceDocument } from '../test/api/form-documents';
import { admin, testSecret, type System } from '../test/helpers/system';
import { httpClient, staffHttp, type Retry } from './bench-http';
import { forEachConcurrently, sleepMs, waitUntil } from './bench-util';

export const PHASES = [
  'apply',
  'approval',
  'scheduling',
  'results',
  'close',
  'key-validation',
  'equating-approval',
  'release',
] as const;
export type PhaseName = (typeof PHASES)[number];

export interface PhaseRun {
  name: PhaseName;
  /** Epoch ms: the first request of the phase (the release: its scheduled time). */
  startedAt: number;
  /** Epoch ms: when the outcome of every request of the phase showed. */
  endedAt: number;
  /** Why the phase did not run, when it did not. */
  skipped?: string;
}

export interface Case {
  applicationId: string;
  candidateId: string;
  email: string;
}

export interface LifecycleRun {
  program: Program;
  windowId: string;
  phases: PhaseRun[];
  cases: Case[];
  flagged: number;
  passed: number;
  failed: number;
  releaseAt: string;
  /** Idle time between the approval's outcome and the release time (not part of any phase). */
  releaseWaitMs: number;
  /** Calls that failed (5xx, no answer) and were tried again. */
  retries: Retry[];
}

const PROGRAM: Program = 'CPCS';
const DAY = 86_400_000;
// Outcomes are polled this often (a count query or one status read); the floor polls a counter in memory.
const POLL_MS = 100;

/** The latest window whose whole calendar, close included, lies at least a day behind `now`: its timers fire at once. */
export function pastWindowId(now: Date): string {
  const year = now.getUTCFullYear();
  const closed = [...windowsOfYear(year - 1), ...windowsOfYear(year)].filter(
    (w) => Date.parse(milestonesOf(w.windowId).at(-1)!.at) < now.getTime() - DAY,
  );
  return closed.at(-1)!.windowId;
}

/** Every exam result email per recipient; throws unless each candidate got exactly one and nobody else got any. */
export function checkScoreEmails(
  cases: readonly Case[],
  messages: readonly CaughtEmail[],
  program: Program = PROGRAM,
): { exactlyOnce: number } {
  const counts = new Map<string, number>();
  for (const m of messages.filter((x) => x.subject === `Your ${program} exam result`))
    for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  const missing = cases.filter((c) => !counts.has(c.email)).length;
  const duplicated = cases.filter((c) => (counts.get(c.email) ?? 0) > 1).length;
  const strangers = [...counts.keys()].filter((to) => !cases.some((c) => c.email === to)).length;
  if (missing || duplicated || strangers) {
    throw new Error(
      `score emails are not exactly one per candidate: ${missing} candidates got none; ${duplicated} got more than one; ${strangers} other addresses got one`,
    );
  }
  return { exactlyOnce: cases.length };
}

export interface LifecycleOptions {
  applications: number;
  /** Requests in flight at once (staff and candidate API calls, workflow starts). */
  concurrency: number;
  log: (line: string) => void;
  /** How long a phase may take before the run fails. */
  phaseTimeoutMs?: number;
  /** Called as each phase starts (the release: at its scheduled time), e.g. to inject faults into it. */
  onPhaseStart?: (name: PhaseName) => void;
}

/** The parts of the system the lifecycle drives: its API, database, Temporal client and task queue, and the mailbox. */
export type LifecycleSystem = Pick<System, 'baseUrl' | 'db' | 'taskQueue'> & {
  env: Pick<System['env'], 'client'>;
  catcher: Pick<System['catcher'], 'messages'>;
};

export async function runLifecycle(sys: LifecycleSystem, options: LifecycleOptions): Promise<LifecycleRun> {
  const now = new Date();
  const windowId = pastWindowId(now);
  const cal = windowCalendar(windowId);
  const timeout = options.phaseTimeoutMs ?? 30 * 60_000;
  const retries: Retry[] = [];
  const http = await staffHttp(sys.baseUrl, admin, retries);
  const phases: PhaseRun[] = [];
  const phase = async (name: PhaseName, run: () => Promise<void | string>, startedAt?: number) => {
    const t0 = startedAt ?? Date.now();
    options.onPhaseStart?.(name);
    const skipped = await run();
    phases.push({ name, startedAt: t0, endedAt: Date.now(), ...(skipped ? { skipped } : {}) });
    options.log(`  ${name}: ${skipped ? `skipped (${skipped})` : `${((Date.now() - t0) / 1000).toFixed(1)} s`}`);
  };
  const stagesAre = (stages: string[], label: string) =>
    waitUntil(label, () => stageCountIs(sys, windowId, stages, options.applications), timeout, POLL_MS);

  // Staff load the window's forms first (not timed): results can then be imported before the window exists.
  await http.post('/api/staff/forms', referenceDocument(PROGRAM), [200, 201]);
  const assembly = assemblyDocument(PROGRAM, cal.formsAssembledInAprilOf);
  await http.post('/api/staff/forms', assembly, [200, 201]);
  options.log(
    `lifecycle of ${options.applications} applications in ${PROGRAM} ${windowId} (its calendar has passed: its timers fire at once)`,
  );

  // The form offers only open windows; a past window's case would also be a no-show at once (3 days after the last
  // test day). So each application goes through the form's own start (submitApplication) with a longer grace.
  const noShowGraceDays = daysBetween(cal.end, newYorkDateOf(now.toISOString())) + 60;
  const cases: Case[] = [];
  await phase('apply', async () => {
    await forEachConcurrently(range(options.applications), options.concurrency, async (i) => {
      const email = `bench.candidate${i}@example.org`;
      const form = {
        firstName: 'Bench',
        lastName: `Candidate${i}`,
        email,
        membership: 'member' as const,
        program: PROGRAM,
        windowId,
      };
      const { applicationId } = await submitApplication(
        { db: sys.db, temporal: { client: sys.env.client, taskQueue: sys.taskQueue } },
        form,
        new Date(),
        { noShowGraceDays },
      );
      cases[i] = { applicationId, candidateId: '', email };
    });
    await stagesAre(['eligibility-review'], 'every application in eligibility review');
  });
  // The candidate ids sign the candidates' links (read after the phase: not part of it).
  const ids = new Map(
    (await sys.db.selectFrom('candidates').select(['id', 'email']).execute()).map((r) => [r.email, r.id]),
  );
  for (const c of cases) c.candidateId = ids.get(c.email)!;

  await phase('approval', async () => {
    await forEachConcurrently(cases, options.concurrency, (c) =>
      http.post(
        `/api/staff/applications/${encodeURIComponent(c.applicationId)}/eligibility`,
        { decision: 'approve' },
        [200, 202],
      ),
    );
    // The notice to schedule was due long ago: it goes out as soon as eligibility is approved.
    await stagesAre(['scheduling'], 'every application waiting for an appointment');
  });

  await phase('scheduling', () =>
    scheduleAll(sys, retries, cases, cal.start, options.concurrency).then(async (refused) => {
      if (refused) return refused;
      await stagesAre(['scheduled'], 'every application scheduled');
    }),
  );

  await phase('results', async () => {
    const answers = simulateResponses(
      assembly.items.map((it) => ({ item_id: it.id, key: it.key })),
      cases.length,
      11,
      0.2,
    );
    const csv = [
      'application_id,form_id,tested_on,responses',
      ...cases.map((c, i) => `${c.applicationId},${assembly.formId},${cal.start},${answers[i]}`),
    ].join('\n');
    await http.send('/api/staff/results-imports?filename=bench.csv', 'text/csv', csv, [200, 201, 202]);
    await stagesAre(['awaiting-close'], 'every result received');
  });

  const windowPath = `/api/staff/windows/${PROGRAM}/${windowId}`;
  const windowStatus = async () =>
    (await http.get(windowPath)) as { status: { stage: string; flagged: { itemId: string }[] } };
  const windowAt = (stages: string[]) =>
    waitUntil(
      `window in ${stages.join(' or ')}`,
      async () => {
        const { stage } = (await windowStatus()).status;
        return stages.includes(stage) || `window is in ${stage}`;
      },
      timeout,
      POLL_MS,
    );
  await phase('close', async () => {
    await http.post('/api/staff/windows', { program: PROGRAM, windowId }, [200, 201]);
    await stagesAre(['awaiting-equating'], 'every application told of the close');
    await windowAt(['key-validation', 'awaiting-approval']);
  });

  const flagged = (await windowStatus()).status.flagged;
  await phase('key-validation', async () => {
    if (flagged.length === 0) return 'no item flagged';
    await http.post(
      `${windowPath}/key-decisions`,
      { decisions: flagged.map((f) => ({ itemId: f.itemId, action: 'accept' })) },
      [200],
    );
    await windowAt(['awaiting-approval']);
  });

  // The release time lies past the approval's own work (a guess from the close, which tells as many cases), so
  // the window's release timer opens the release phase.
  const closeMs = phases.find((p) => p.name === 'close')!.endedAt - phases.find((p) => p.name === 'close')!.startedAt;
  const releaseAt = new Date(Date.now() + Math.max(10_000, 2 * closeMs)).toISOString();
  await phase('equating-approval', async () => {
    await http.post(`${windowPath}/approval`, { releaseAt }, [200]);
    await stagesAre(['awaiting-release'], 'every application told of the approval');
  });
  const releaseWaitMs = Date.parse(releaseAt) - Date.now();
  if (releaseWaitMs < 0)
    options.log(
      `  warning: the approval's outcome showed ${-releaseWaitMs} ms after the release time; its phase overlaps the release`,
    );

  await sleepMs(releaseWaitMs);
  await phase(
    'release',
    async () => {
      await stagesAre(['passed', 'failed'], 'every score released');
      await waitUntil(
        'a score email for each',
        async () => {
          const n = sys.catcher.messages().filter((m) => m.subject === `Your ${PROGRAM} exam result`).length;
          return n >= cases.length || `${n} of ${cases.length} score emails`;
        },
        timeout,
        POLL_MS,
      );
      const passed = await stageCount(sys, windowId, ['passed']);
      // A pass starts the certificant's recertification cycle; its first record closes the phase.
      await waitUntil(
        'every recertification cycle recorded',
        async () => {
          const row = await sys.db
            .selectFrom('recertification_cycles')
            .select((eb) => eb.fn.count<string>('certificant_id').distinct().as('n'))
            .executeTakeFirstOrThrow();
          return Number(row.n) === passed || `${row.n} of ${passed} cycles recorded`;
        },
        timeout,
        POLL_MS,
      );
    },
    Date.parse(releaseAt),
  );

  checkScoreEmails(cases, sys.catcher.messages());
  const passed = await stageCount(sys, windowId, ['passed']);
  return {
    program: PROGRAM,
    windowId,
    phases,
    cases,
    flagged: flagged.length,
    passed,
    failed: cases.length - passed,
    releaseAt,
    releaseWaitMs: Math.max(0, releaseWaitMs),
    retries,
  };
}

/**
 * Each candidate reports an appointment on the window's first day with their own link. A past day is refused by
 * the workflow (an exam day cannot lie behind today); then one refusal is the outcome and the phase is skipped.
 */
async function scheduleAll(
  sys: LifecycleSystem,
  retries: Retry[],
  cases: Case[],
  examDate: string,
  concurrency: number,
): Promise<string | undefined> {
  const http = httpClient(sys.baseUrl, retries);
  const book = (c: Case) =>
    http.post(
      `/api/applications/${encodeURIComponent(c.applicationId)}/appointment`,
      { examDate, site: 'CHI-01' },
      [200],
      {
        'x-candidate-token': signCandidateToken(
          testSecret,
          { applicationId: c.applicationId, candidateId: c.candidateId },
          new Date(),
          30,
        ),
      },
    );
  try {
    await book(cases[0]!);
  } catch (err) {
    const refused = /HTTP 409 (.*)$/.exec((err as Error).message);
    if (refused) return `refused: ${(JSON.parse(refused[1]!) as { error: { message: string } }).error.message}`;
    throw err;
  }
  await forEachConcurrently(cases.slice(1), concurrency, book);
  return undefined;
}

async function stageCount(sys: LifecycleSystem, windowId: string, stages: string[]): Promise<number> {
  const row = await sys.db
    .selectFrom('applications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('program', '=', PROGRAM)
    .where('window_id', '=', windowId)
    .where('stage', 'in', stages)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function stageCountIs(
  sys: LifecycleSystem,
  windowId: string,
  stages: string[],
  n: number,
): Promise<true | string> {
  const k = await stageCount(sys, windowId, stages);
  return k === n || `${k} of ${n} in ${stages.join('/')}`;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
