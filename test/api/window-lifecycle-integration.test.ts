import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../src/db/tables/audit-log';
import { certificationsOf } from '../../src/db/tables/certifications';
import { emailsFor } from '../../src/db/tables/email-log';
import { itemsOf } from '../../src/db/tables/exam-forms';
import { findResult } from '../../src/db/tables/exam-results';
import { findTestingWindow } from '../../src/db/tables/testing-windows';
import { simulateResponses } from '../../src/forms/generate';
import { signCandidateToken } from '../../src/lib/candidate-link';
import { statusQuery } from '../../src/workflows/exam-application/contract';
import { eventually } from '../helpers/eventually';
import { admin, startSystem, testSecret, type System } from '../helpers/system';
import { serverClock } from '../helpers/server-clock';
import { attestationJson } from '../helpers/attestation';

// Issue 5, "Done when": real application workflows and a real testing window workflow, driven only through the API,
// on a time-skipping server whose clock the API follows (links and tokens are checked at the workflows' moment).
const clock = serverClock();
let sys: System;
let bearer: Record<string, string>;
beforeAll(async () => {
  sys = await startSystem({ now: clock.now, timeSkipping: true });
  await clock.sync(sys.env);
  const res = await post('/api/staff/tokens', { ...admin, name: 'window-integration', days: 365 });
  bearer = { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
});
afterAll(async () => {
  await sys?.close();
});

const jumpTo = (instant: string) => clock.jumpTo(sys.env, instant);

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${sys.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
const staffPost = (path: string, body: unknown) => post(path, body, bearer);

const stageOf = (applicationId: string, stages: string[]) =>
  eventually(
    async () => {
      const status = await sys.env.client.workflow.getHandle(applicationId).query(statusQuery);
      expect(stages).toContain(status.stage);
      return status;
    },
    30_000,
    200,
  );

const windowStatus = async () =>
  (
    (await (await fetch(`${sys.baseUrl}/api/staff/windows/CPCS/2027-spring`, { headers: bearer })).json()) as {
      status: { stage: string; flagged: { itemId: string }[]; releaseAt: string | null };
    }
  ).status;
const windowAt = (stages: string[]) =>
  eventually(
    async () => {
      const s = await windowStatus();
      expect(stages).toContain(s.stage);
      return s;
    },
    60_000,
    250,
  );

interface Case {
  applicationId: string;
  candidateId: string;
  email: string;
}

const CANDIDATES = 12;

describe('a testing window with real application workflows, from the form to released scores', () => {
  describe('applies, decides, schedules, imports, closes, validates, approves and releases: one score email each, pass per the conversion', () => {
    const cases: Case[] = [];
    let window: Awaited<ReturnType<typeof windowStatus>>;
    let releaseAt: string;
    let equating: { conversion: number[]; rawCut: number };
    let passed = 0;

    it('accepts an application from each candidate through the form', async () => {
      for (let i = 0; i < CANDIDATES; i++) {
        const email = `window.candidate${i}@example.org`;
        const applied = await post('/apply', {
          firstName: `Cand${i}`,
          lastName: `Window${i}`,
          email,
          membership: 'member',
          program: 'CPCS',
          windowId: '2027-spring',
          ...attestationJson,
        });
        expect(applied.status).toBe(200);
        const { applicationId } = (await applied.json()) as { applicationId: string };
        const row = await sys.db
          .selectFrom('candidates')
          .select('id')
          .where('email', '=', email)
          .executeTakeFirstOrThrow();
        cases.push({ applicationId, candidateId: row.id, email });
      }
    }, 120_000);

    it('lets staff approve the eligibility of each application under review', async () => {
      for (const c of cases) {
        await stageOf(c.applicationId, ['eligibility-review']);
        expect(
          (
            await staffPost(`/api/staff/applications/${encodeURIComponent(c.applicationId)}/eligibility`, {
              decision: 'approve',
            })
          ).status,
        ).toBe(200);
      }
    }, 120_000);

    it('lets staff create the testing window', async () => {
      const created = await staffPost('/api/staff/windows', { program: 'CPCS', windowId: '2027-spring' });
      expect(created.status).toBe(201);
    }, 30_000);

    // The notice to schedule goes out; each candidate reports an appointment inside the window with their own link.
    it('takes the appointment each candidate reports with their own link after the notice to schedule', async () => {
      await jumpTo('2027-02-01T14:01:00.000Z');
      for (const c of cases) {
        await stageOf(c.applicationId, ['scheduling']);
        const link = signCandidateToken(
          testSecret,
          { applicationId: c.applicationId, candidateId: c.candidateId },
          clock.now(),
          30,
        );
        const booked = await post(
          `/api/applications/${encodeURIComponent(c.applicationId)}/appointment`,
          { examDate: '2027-03-10', site: 'CHI-01' },
          { 'x-candidate-token': link },
        );
        expect(booked.status).toBe(200);
      }
    }, 120_000);

    // Exam day: the vendor's results file, imported by staff as CSV. One perfect paper and one blank-ish one make a pass and a fail certain.
    it("accepts the vendor's results file for every candidate and tells each application", async () => {
      await jumpTo('2027-03-10T20:00:00.000Z');
      const formId = (await findTestingWindow(sys.db, 'CPCS', '2027-spring'))!.form_id!;
      const items = await itemsOf(sys.db, formId);
      const answers = simulateResponses(items, CANDIDATES, 11, 0.2);
      answers[0] = items.map((i) => i.key).join('');
      answers[1] = items.map((i) => (i.key === 'A' ? 'B' : 'A')).join('');
      const csv = [
        'application_id,form_id,tested_on,responses',
        ...cases.map((c, i) => `${c.applicationId},${formId},2027-03-10,${answers[i]}`),
      ].join('\n');
      const imported = await fetch(`${sys.baseUrl}/api/staff/results-imports?filename=spring-2027.csv`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', ...bearer },
        body: csv,
      });
      expect(imported.status).toBe(200);
      // Candidates are told by the import's workflow after the answer: the stages below show they all were.
      expect(await imported.json()).toMatchObject({
        status: 'accepted',
        accepted: CANDIDATES,
        signalling: { noWorkflow: [] },
      });
      for (const c of cases) await stageOf(c.applicationId, ['awaiting-close']);
    }, 120_000);

    // The close (the end of the last test day, March 20, New York): item analysis, key decisions, equating, approval.
    it("validates the key at the close and takes staff's decision on each flagged item", async () => {
      await jumpTo('2027-03-21T05:00:00.000Z');
      window = await windowAt(['key-validation', 'awaiting-approval']);
      for (const c of cases) await stageOf(c.applicationId, ['awaiting-equating']);
      if (window.flagged.length) {
        const decided = await staffPost('/api/staff/windows/CPCS/2027-spring/key-decisions', {
          decisions: window.flagged.map((f) => ({ itemId: f.itemId, action: 'accept' })),
        });
        expect(decided.status).toBe(200);
      }
    }, 120_000);

    it('sets the release six weeks after the close, at 9:00 New York, when staff approve the equating', async () => {
      window = await windowAt(['awaiting-approval']);
      const approved = await staffPost('/api/staff/windows/CPCS/2027-spring/approval', {});
      expect(approved.status).toBe(200);
      ({ releaseAt } = (await approved.json()) as { releaseAt: string });
      expect(releaseAt).toBe('2027-05-01T13:00:00.000Z'); // six weeks after the close, 9:00 New York
      for (const c of cases) await stageOf(c.applicationId, ['awaiting-release']);
    }, 120_000);

    // Every staff action on the window is in the audit log with the state before and after it.
    it('audits every staff action on the window with the state before and after it', async () => {
      const audit = await auditFor(sys.db, 'window:testing-window-CPCS-2027-spring');
      expect(audit.map((a) => a.action)).toEqual([
        'window.create',
        ...window.flagged.map(() => 'window.key-decision'),
        'window.approve-equating',
      ]);
      expect(audit[0]).toMatchObject({
        actor: admin.email,
        before: { exists: false },
        after: { program: 'CPCS', windowId: '2027-spring' },
      });
      for (const entry of audit.slice(1, -1))
        expect(entry).toMatchObject({ before: { stage: 'key-validation' }, after: { action: 'accept' } });
      expect(audit.at(-1)).toMatchObject({
        before: { stage: 'awaiting-approval', releaseAt: null },
        after: { releaseAt },
      });
    }, 30_000);

    it('sends no score before the release time', () => {
      expect(sys.catcher.messages().filter((m) => m.subject === 'Your CPCS exam result')).toEqual([]);
    });

    // Pass or fail per the approved conversion: the raw score's scaled score against the passing score 400.
    it('releases each score at the release time, pass or fail per the approved conversion', async () => {
      await jumpTo('2027-05-01T13:01:00.000Z');
      await windowAt(['released']);
      equating = (await findTestingWindow(sys.db, 'CPCS', '2027-spring'))!.equating as {
        conversion: number[];
        rawCut: number;
      };
      for (const c of cases) {
        const status = await stageOf(c.applicationId, ['passed', 'failed']);
        const result = (await findResult(sys.db, c.applicationId))!;
        expect(result.scaled).toBe(equating.conversion[result.raw!]);
        expect(result.passed).toBe(result.scaled! >= 400);
        expect(result.passed).toBe(result.raw! >= equating.rawCut);
        expect(status.stage).toBe(result.passed ? 'passed' : 'failed');
        expect(status.score).toMatchObject({ raw: result.raw, scaled: result.scaled, passed: result.passed });
      }
    }, 120_000);

    it('emails each candidate one score email with their scaled score, logged once', async () => {
      for (const c of cases) {
        const result = (await findResult(sys.db, c.applicationId))!;
        const scoreEmails = await eventually(() => {
          const mine = sys.catcher
            .messages()
            .filter((m) => m.subject === 'Your CPCS exam result' && m.to.includes(c.email));
          expect(mine).toHaveLength(1);
          return mine;
        });
        expect(scoreEmails[0]!.text).toContain(`is ${result.scaled}.`);
        expect((await emailsFor(sys.db, c.applicationId)).filter((e) => e.kind === 'score-released')).toHaveLength(1);
      }
    }, 120_000);

    it('certifies and badges every candidate who passed, and no one who failed', async () => {
      for (const c of cases) {
        const result = (await findResult(sys.db, c.applicationId))!;
        const certifications = await certificationsOf(sys.db, c.candidateId);
        if (result.passed) {
          passed++;
          expect(certifications).toMatchObject([{ program: 'CPCS', status: 'active', certified_on: '2027-05-01' }]);
          expect(sys.credly.badges().filter((b) => b.recipient_email === c.email)).toHaveLength(1);
        } else {
          expect(certifications).toEqual([]);
          expect(sys.credly.badges().filter((b) => b.recipient_email === c.email)).toEqual([]);
        }
      }
    }, 60_000);

    it('passes the perfect paper and fails the blank one', async () => {
      expect((await findResult(sys.db, cases[0]!.applicationId))!.passed).toBe(true);
      expect((await findResult(sys.db, cases[1]!.applicationId))!.passed).toBe(false);
    }, 30_000);

    // The fan-out reached every tested candidate once; no other score email went anywhere.
    it('sends no score email beyond one per tested candidate', () => {
      expect(sys.catcher.messages().filter((m) => m.subject === 'Your CPCS exam result')).toHaveLength(CANDIDATES);
    });

    // Published statistics: counts and a pass rate only, no names, and the cell is large enough to show.
    it("publishes the window's candidate count and pass rate, and no names", async () => {
      const stats = (await (await fetch(`${sys.baseUrl}/api/statistics`)).json()) as {
        minimumCell: number;
        cells: { program: string; windowId: string; candidates: number | null; passRate: number | null }[];
      };
      expect(stats.cells).toContainEqual(
        expect.objectContaining({
          program: 'CPCS',
          windowId: '2027-spring',
          candidates: CANDIDATES,
          passRate: passed / CANDIDATES,
        }),
      );
      const page = await (await fetch(`${sys.baseUrl}/statistics`)).text();
      expect(page).toContain('Spring 2027');
      for (const c of cases) expect(page).not.toContain(c.email);
      expect(page).not.toContain('Window1');
    }, 30_000);
  });
});
