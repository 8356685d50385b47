import { beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../src/db/tables/audit-log';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { certificationsOf } from '../../src/db/tables/certifications';
import { documentsOf } from '../../src/db/tables/documents';
import { itemsOf } from '../../src/db/tables/exam-forms';
import { findResult } from '../../src/db/tables/exam-results';
import { findOpenAttention } from '../../src/db/tables/needs-attention';
import { ensureFormForWindow } from '../../src/forms/ensure';
import { signCandidateToken } from '../../src/lib/candidate-link';
import { examApplicationWorkflowId, statusQuery } from '../../src/workflows/exam-application/contract';
import { recertificationWorkflowId } from '../../src/workflows/recertification/contract';
import { eventually } from '../helpers/eventually';
import { caseAtStage, passInFall2026 as passInFall2026For } from './pass-fall-2026';
import { staffLogin } from '../helpers/staff-login';
import { admin, openPage, postForm, systemSuite, testSecret } from '../helpers/system';

// Real time on the dev server (December 2026): Fall 2026 is over, so a case runs to its release once the window's
// signals arrive; the dev server answers visibility queries, as Temporal UI does.
const suite = systemSuite({ now: () => new Date() }, 'attention-test');
const bearer = () => ({ authorization: `Bearer ${suite.token}` });

const postJson = (path: string, body: unknown, headers: Record<string, string> = bearer()) =>
  fetch(`${suite.sys.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const stageOf = (id: string, stage: string) => caseAtStage(suite.sys, id, stage);
const section = (page: string, id: string) =>
  page.slice(page.indexOf(`id="${id}"`), page.indexOf('</section>', page.indexOf(`id="${id}"`)));
const sentOfKind = (workflowId: string, kind: string) =>
  suite.sys.catcher
    .messages()
    .filter((m) => m.headers['x-certflow-workflow'] === workflowId && m.headers['x-certflow-kind'] === kind);

const passInFall2026 = (candidateId: string, email: string) =>
  passInFall2026For(suite.sys, bearer(), candidateId, email);

/** An exam application for a new candidate, started as the form would start it, waiting for eligibility review. */
async function applyAs(
  candidate: { id: string; email: string; firstName: string; lastName: string },
  windowId: string,
) {
  await findOrCreateCandidate(suite.sys.db, {
    newId: candidate.id,
    email: candidate.email,
    firstName: candidate.firstName,
    lastName: candidate.lastName,
    membership: 'member',
  });
  const keys = { candidateId: candidate.id, program: 'CPCS' as const, windowId };
  const id = examApplicationWorkflowId(keys);
  await suite.sys.env.client.workflow.start('examApplicationWorkflow', {
    workflowId: id,
    taskQueue: suite.sys.taskQueue,
    args: [
      {
        ...keys,
        applicationId: id,
        candidate: { firstName: candidate.firstName, lastName: candidate.lastName, membership: 'member' },
        submittedAt: new Date().toISOString(),
      },
    ],
  });
  await stageOf(id, 'eligibility-review');
  return id;
}

describe('needs attention: a refused badge reaches a person, who retries it to the end', () => {
  describe('the case parks with the reason in Temporal UI, the database and the console; staff retry (JSON, then the form) and it passes with one badge, one PDF, one email of each', () => {
    let id: string;
    let cookie: string;
    let caseUrl: string;

    // The badge platform refuses an address without a domain dot; the mail server takes it.
    it("parks the passed case with the badge platform's reason, in the workflow and the database", async () => {
      id = await passInFall2026('c-att-badge', 'ada.attention@mailhost');
      caseUrl = `/staff/applications/${encodeURIComponent(id)}`;
      const parked = await stageOf(id, 'needs-attention');
      expect(parked.attention).toMatchObject({
        activity: 'issueBadge',
        failureType: 'BadgeRejected',
        resolvable: true,
      });
      expect(parked.attention!.reason).toMatch(/422 .*recipient_email is invalid/);
      const row = await suite.sys.db
        .selectFrom('applications')
        .select('stage')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.stage).toBe('needs-attention');
    });

    it('finds the parked case by its Stage search attribute, as Temporal UI does', async () => {
      await eventually(async () => {
        const ids: string[] = [];
        for await (const w of suite.sys.env.client.workflow.list({ query: 'Stage="needs-attention"' }))
          ids.push(w.workflowId);
        expect(ids).toContain(id);
      }, 20_000);
    });

    // The candidate, who already has the pass email, reads that a person is on it.
    it('tells the candidate on their page that staff are checking a step', async () => {
      const token = signCandidateToken(testSecret, { applicationId: id, candidateId: 'c-att-badge' }, new Date(), 30);
      const own = await (
        await openPage(suite.sys.baseUrl, `/applications/${encodeURIComponent(id)}?token=${token}`)
      ).res.text();
      expect(own).toContain('On hold: a step of your application is being checked by our staff.');
    });

    it("lists the case in the console's attention queue with its step and reason", async () => {
      cookie = await staffLogin(suite.sys.baseUrl);
      const home = await (await fetch(`${suite.sys.baseUrl}/staff`, { headers: { cookie } })).text();
      const queue = section(home, 'q-attention');
      expect(queue).toContain(`href="/staff/applications/${encodeURIComponent(id)}#attention"`);
      expect(queue).toContain('issue the Credly badge');
      expect(queue).toContain('recipient_email is invalid');
    });

    it('shows the reason on the case page with a form to retry or resolve', async () => {
      const casePage = await (await fetch(`${suite.sys.baseUrl}${caseUrl}`, { headers: { cookie } })).text();
      expect(section(casePage, 'attention')).toMatch(
        /id="attention-reason">badge platform refused .*recipient_email is invalid/,
      );
      expect(casePage).toContain(`action="/staff/applications/${encodeURIComponent(id)}/attention"`);
      expect(casePage).toContain('value="resolved"');
    });

    // A retry before the cause is fixed: taken, and the case parks again with the same reason.
    it('takes a retry before the cause is fixed, and the case parks again', async () => {
      const first = await postJson(`/api/staff/applications/${encodeURIComponent(id)}/attention`, { action: 'retry' });
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({
        action: 'retry',
        step: expect.stringMatching(/^issue the Credly badge/),
        stage: 'awaiting-release',
      });
      await stageOf(id, 'needs-attention');
    });

    it("passes the case once the email is corrected and staff retry by the console's form", async () => {
      await suite.sys.db
        .updateTable('candidates')
        .set({ email: 'ada.attention@example.org' })
        .where('id', '=', 'c-att-badge')
        .execute();
      const done = await postForm(
        suite.sys.baseUrl,
        caseUrl,
        `${caseUrl}/attention`,
        { action: 'retry', note: 'Email on file corrected with the candidate.' },
        cookie,
      );
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe(`${caseUrl}?done=attention`);
      const passed = await stageOf(id, 'passed');
      expect(passed.history.map((h) => h.stage).slice(-6)).toEqual([
        'awaiting-release',
        'needs-attention',
        'awaiting-release',
        'needs-attention',
        'awaiting-release',
        'passed',
      ]);
    });

    // Nothing lost, nothing twice.
    it('issues one badge and one certificate PDF, and starts recertification', async () => {
      const [cert] = await certificationsOf(suite.sys.db, 'c-att-badge');
      expect(cert?.badge_id).toBeTruthy();
      expect(suite.sys.credly.badges().filter((b) => b.recipient_email === 'ada.attention@example.org')).toHaveLength(
        1,
      );
      expect(await documentsOf(suite.sys.db, 'certification', cert!.credential_id)).toHaveLength(1);
      expect(
        (await suite.sys.env.client.workflow.getHandle(recertificationWorkflowId('c-att-badge')).describe()).status
          .name,
      ).toBe('RUNNING');
    });

    it('sends one score email and one certificate email, the certificate to the corrected address', async () => {
      await eventually(() => expect(sentOfKind(id, 'certificate-ready')).toHaveLength(1));
      expect(sentOfKind(id, 'score-released')).toHaveLength(1);
      expect(sentOfKind(id, 'certificate-ready')[0]!.to).toEqual(['ada.attention@example.org']);
    });

    it('audits both retries by the staff member, with the reason before and the note after', async () => {
      const audited = (await auditFor(suite.sys.db, `application:${id}`)).filter((e) =>
        e.action.startsWith('application.attention.'),
      );
      expect(audited.map((e) => [e.action, e.actor])).toEqual([
        ['application.attention.retry', admin.email],
        ['application.attention.retry', admin.email],
      ]);
      expect(audited[0]!.before).toMatchObject({
        stage: 'needs-attention',
        step: expect.stringMatching(/^issue the Credly badge/),
        reason: expect.stringMatching(/recipient_email is invalid/),
      });
      expect(audited[1]!.after).toMatchObject({
        action: 'retry',
        stage: 'awaiting-release',
        note: 'Email on file corrected with the candidate.',
      });
    });

    it('closes the attention record with the resolution, who resolved it and the note', async () => {
      expect(
        await suite.sys.db
          .selectFrom('needs_attention')
          .select(['resolution', 'resolved_by', 'note'])
          .where('case_id', '=', id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ resolution: 'retry', resolved_by: admin.email, note: 'Email on file corrected with the candidate.' });
    });

    it("drops the case from the console's attention queue", async () => {
      const after = await (await fetch(`${suite.sys.baseUrl}/staff`, { headers: { cookie } })).text();
      expect(section(after, 'q-attention')).not.toContain(encodeURIComponent(id));
    });
  });

  describe('only staff decide, only on a case that waits, and a resolution says what was done', () => {
    let id: string;
    let path: string;

    beforeAll(async () => {
      id = await applyAs(
        { id: 'c-att-other', email: 'other@example.org', firstName: 'Other', lastName: 'Case' },
        '2027-spring',
      );
      path = `/api/staff/applications/${encodeURIComponent(id)}/attention`;
    });

    it('refuses a caller who is not signed in as staff', async () => {
      expect((await postJson(path, { action: 'retry' }, {})).status).toBe(401);
    });

    it('asks a resolution for a note of what was done by hand', async () => {
      const invalid = await postJson(path, { action: 'resolved' });
      expect(invalid.status).toBe(422);
      expect(((await invalid.json()) as { error: { fields: Record<string, string> } }).error.fields.note).toMatch(
        /what was done by hand/,
      );
    });

    it('refuses a decision on a case that does not wait for attention', async () => {
      const notWaiting = await postJson(path, { action: 'retry' });
      expect(notWaiting.status).toBe(409);
      expect(((await notWaiting.json()) as { error: { message: string } }).error.message).toMatch(
        /does not need attention now/,
      );
    });

    it('answers not found for a recertification case that does not exist', async () => {
      expect((await postJson('/api/staff/recertification/nobody/attention', { action: 'retry' })).status).toBe(404);
    });

    it('leaves the refused case where it was, with nothing audited', async () => {
      expect(
        (await auditFor(suite.sys.db, `application:${id}`)).filter((e) =>
          e.action.startsWith('application.attention.'),
        ),
      ).toEqual([]);
      expect((await suite.sys.env.client.workflow.getHandle(id).query(statusQuery)).stage).toBe('eligibility-review');
    });
  });

  describe('a vendor result after the close of a no-show is stored and waits for staff; it cannot be retried, only resolved with a note', () => {
    let id: string;
    let path: string;

    // Fall 2026 closed as October 24 ended: with no result by then, the case is a no-show at once, and ends.
    it('ends an approved case with no result by the close as a no-show', async () => {
      id = await applyAs(
        { id: 'c-att-late', email: 'late@example.org', firstName: 'Lee', lastName: 'Late' },
        '2026-fall',
      );
      path = `/api/staff/applications/${encodeURIComponent(id)}/attention`;
      expect(
        (await postJson(`/api/staff/applications/${encodeURIComponent(id)}/eligibility`, { decision: 'approve' }))
          .status,
      ).toBe(200);
      await stageOf(id, 'no-show');
      await eventually(async () =>
        expect((await suite.sys.env.client.workflow.getHandle(id).describe()).status.name).toBe('COMPLETED'),
      );
    });

    it('stores a vendor result that arrives after the close', async () => {
      const formId = await ensureFormForWindow(suite.sys.db, 'CPCS', '2026-fall', { simulated: true });
      const responses = (await itemsOf(suite.sys.db, formId)).map((i) => i.key).join('');
      const csv = `application_id,form_id,tested_on,responses\n${id},${formId},2026-10-24,${responses}`;
      const imported = await fetch(`${suite.sys.baseUrl}/api/staff/results-imports?filename=late.csv`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', ...bearer() },
        body: csv,
      });
      expect(imported.status).toBe(200);
      expect(await imported.json()).toMatchObject({ status: 'accepted', accepted: 1 });
      expect(await findResult(suite.sys.db, id)).toMatchObject({ tested_on: '2026-10-24' });
    });

    it('opens an attention record saying the result was tested after the window closed', async () => {
      const open = await eventually(async () => {
        const row = await findOpenAttention(suite.sys.db, 'application', id);
        expect(row).toMatchObject({
          activity: 'lateVendorResult',
          step: 'review a result that arrived after the no-show',
        });
        return row!;
      }, 20_000);
      expect(open.reason).toMatch(/tested on 2026-10-24.*after the 2026-fall window closed/);
    });

    it('refuses a retry: there is no step to retry', async () => {
      const retry = await postJson(path, { action: 'retry' });
      expect(retry.status).toBe(409);
      expect(((await retry.json()) as { error: { message: string } }).error.message).toMatch(/no step to retry/);
    });

    it('resolves with a note, closing the record and leaving the case a no-show, audited', async () => {
      const resolved = await postJson(path, {
        action: 'resolved',
        note: 'Vendor confirmed a late upload; candidate offered a review.',
      });
      expect(resolved.status).toBe(200);
      expect(await resolved.json()).toEqual({
        action: 'resolved',
        step: 'review a result that arrived after the no-show',
        stage: 'no-show',
      });
      expect(await findOpenAttention(suite.sys.db, 'application', id)).toBeUndefined();
      const audited = (await auditFor(suite.sys.db, `application:${id}`)).filter((e) =>
        e.action.startsWith('application.attention.'),
      );
      expect(audited.map((e) => [e.action, e.actor])).toEqual([['application.attention.resolved', admin.email]]);
    });

    it('refuses a second resolution of the same record', async () => {
      expect((await postJson(path, { action: 'resolved', note: 'again' })).status).toBe(409);
    });
  });
});
