import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTaskQueue, totalsByPhase } from '../../bench/lifecycle-count';
import { checkScoreEmails, runLifecycle, type LifecycleRun } from '../../bench/lifecycle-core';
import type { CaughtEmail } from '../../src/dev/mail-catcher';
import { emailsFor } from '../../src/db/tables/email-log';
import { startSystem, type System } from '../helpers/system';

// The lifecycle benchmark's core at a small size: correctness only (timings belong to bench/lifecycle.ts).
const APPLICATIONS = 20;
let sys: System;
let run: LifecycleRun;
beforeAll(async () => {
  sys = await startSystem({ now: () => new Date(), formsSimulated: false });
  run = await runLifecycle(sys, {
    applications: APPLICATIONS,
    concurrency: 8,
    log: () => undefined,
    phaseTimeoutMs: 180_000,
  });
}, 600_000);
afterAll(async () => {
  await sys?.close();
});

describe(`lifecycle benchmark core (${APPLICATIONS} applications, past window, dev server)`, () => {
  it('takes every candidate from application to exactly one score email, in the candidate’s own mailbox only', async () => {
    expect(run.cases).toHaveLength(APPLICATIONS);
    expect(run.passed + run.failed).toBe(APPLICATIONS);
    const scoreEmails = sys.catcher.messages().filter((m) => m.subject === 'Your CPCS exam result');
    expect(scoreEmails).toHaveLength(APPLICATIONS);
    for (const c of run.cases) {
      expect(scoreEmails.filter((m) => m.to.includes(c.email))).toHaveLength(1);
      expect((await emailsFor(sys.db, c.applicationId)).filter((e) => e.kind === 'score-released')).toHaveLength(1);
    }
    // An exam day behind today is refused, so the past window runs without the scheduling phase (and says why).
    expect(run.phases.find((p) => p.name === 'scheduling')?.skipped).toMatch(/has already passed/);
  });

  it('credits each phase with what it made happen: the starts, Updates and signals of that phase', async () => {
    const windows = run.phases.filter((p) => !p.skipped);
    const counted = await countTaskQueue(sys.env.client, sys.taskQueue, windows, APPLICATIONS + 1 + run.passed);
    const apps = (phase: string) => totalsByPhase(counted, windows).get(phase)!.byType.get('examApplicationWorkflow');
    expect(apps('apply')).toMatchObject({ starts: APPLICATIONS, signals: 0, updates: 0 });
    expect(apps('approval')).toMatchObject({ starts: 0, updates: APPLICATIONS, signals: 0 });
    expect(apps('results')).toMatchObject({ starts: 0, updates: 0, signals: APPLICATIONS });
    expect(apps('close')).toMatchObject({ signals: APPLICATIONS });
    expect(apps('equating-approval')).toMatchObject({ signals: APPLICATIONS });
    expect(apps('release')).toMatchObject({ signals: APPLICATIONS });
    const release = totalsByPhase(counted, windows).get('release')!.byType;
    expect(release.get('recertificationWorkflow')?.starts ?? 0).toBe(run.passed);
    expect(totalsByPhase(counted, windows).get('close')!.byType.get('testingWindowWorkflow')).toMatchObject({
      starts: 1,
    });
  });

  it('fails loudly when a candidate got no score email, two, or someone else got one', () => {
    const mail = (to: string): CaughtEmail => ({
      id: 0,
      receivedAt: '',
      from: '',
      to: [to],
      subject: 'Your CPCS exam result',
      text: '',
      html: '',
      headers: {},
    });
    const cases = run.cases.slice(0, 3);
    expect(
      checkScoreEmails(
        cases,
        cases.map((c) => mail(c.email)),
      ),
    ).toEqual({ exactlyOnce: 3 });
    expect(() =>
      checkScoreEmails(cases, [
        mail(cases[0]!.email),
        mail(cases[0]!.email),
        mail(cases[1]!.email),
        mail('stranger@example.org'),
      ]),
    ).toThrow(/1 candidates got none; 1 got more than one; 1 other addresses got one/);
  });
});
