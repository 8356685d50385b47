import { beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/api/auth/secrets';
import { auditFor, listAudit } from '../../src/db/tables/audit-log';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { documentsOf } from '../../src/db/tables/documents';
import { createSession, findStaffByEmail } from '../../src/db/tables/staff';
import { upsertTestingWindow } from '../../src/db/tables/testing-windows';
import { signCandidateToken } from '../../src/lib/candidate-link';
import {
  examApplicationWorkflowId,
  statusQuery,
  type ExamApplicationInput,
} from '../../src/workflows/exam-application/contract';
import { eventually } from '../helpers/eventually';
import { fall2026Part, playWindowPart, realTime } from '../helpers/window-part';
import { admin, systemSuite, testSecret } from '../helpers/system';
import { attestationJson } from '../helpers/attestation';

// Real time on the dev server (late November 2026): Spring 2027 takes applications and accommodation requests.
const suite = systemSuite({ now: () => new Date() }, 'console-test');

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);
const csrfIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
const get = (path: string, cookie = '', headers: Record<string, string> = {}) =>
  fetch(`${suite.sys.baseUrl}${path}`, { redirect: 'manual', headers: { cookie, accept: 'text/html', ...headers } });
const postUrlencoded = (
  path: string,
  fields: Record<string, string>,
  cookie: string,
  headers: Record<string, string> = {},
) =>
  fetch(`${suite.sys.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie, ...headers },
    body: new URLSearchParams(fields).toString(),
  });

/** Signs in through the login form; returns the browser's cookies (CSRF nonce + session). */
async function login(): Promise<string> {
  const form = await get('/staff/login');
  const jar = cookiesOf(form);
  const res = await postUrlencoded(
    '/staff/login',
    { email: admin.email, password: admin.password, _csrf: csrfIn(await form.text()) },
    jar.join('; '),
  );
  expect(res.status).toBe(303);
  return [...jar, ...cookiesOf(res)].join('; ');
}

/** GETs the page for its CSRF field, then posts the form from it. */
async function submit(cookie: string, pagePath: string, action: string, fields: Record<string, string>) {
  const csrf = csrfIn(await (await get(pagePath, cookie)).text());
  return postUrlencoded(action, { ...fields, _csrf: csrf }, cookie);
}

async function stageOf(applicationId: string, stage: string) {
  return eventually(async () => {
    const status = await suite.sys.env.client.workflow.getHandle(applicationId).query(statusQuery);
    expect(status.stage).toBe(stage);
    return status;
  });
}

async function apply(firstName: string, lastName: string, email: string): Promise<string> {
  const res = await fetch(`${suite.sys.baseUrl}/apply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      firstName,
      lastName,
      email,
      membership: 'member',
      program: 'CPCS',
      windowId: '2027-spring',
      ...attestationJson,
    }),
  });
  expect(res.status).toBe(200);
  const { applicationId } = (await res.json()) as { applicationId: string };
  await stageOf(applicationId, 'eligibility-review');
  return applicationId;
}

const candidateIdOf = async (applicationId: string) =>
  (
    await suite.sys.db
      .selectFrom('applications')
      .select('candidate_id')
      .where('id', '=', applicationId)
      .executeTakeFirstOrThrow()
  ).candidate_id;
const linkFor = async (applicationId: string) =>
  signCandidateToken(testSecret, { applicationId, candidateId: await candidateIdOf(applicationId) }, new Date(), 30);
const caseUrl = (id: string) => `/staff/applications/${encodeURIComponent(id)}`;
const section = (page: string, id: string) =>
  page.slice(page.indexOf(`id="${id}"`), page.indexOf('</section>', page.indexOf(`id="${id}"`)));

async function uploadAccommodation(applicationId: string): Promise<void> {
  const form = new FormData();
  form.set('needs', 'Extra time: 50% for a documented reading disability');
  form.set(
    'documentation',
    new Blob([new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], {
      type: 'application/pdf',
    }),
    'letter.pdf',
  );
  const res = await fetch(`${suite.sys.baseUrl}/api/applications/${encodeURIComponent(applicationId)}/accommodations`, {
    method: 'POST',
    headers: { 'x-candidate-token': await linkFor(applicationId) },
    body: form,
  });
  expect(res.status).toBeLessThan(300);
}

describe('staff console', () => {
  describe('the queues list exactly the cases waiting, with links to the case and to Temporal UI', () => {
    let waiting: string;
    let withNeeds: string;
    let page: string;

    it('drops a case from the eligibility queue once staff decide it', async () => {
      waiting = await apply('Queue', 'Waiting', 'queue.waiting@example.org');
      const decided = await apply('Queue', 'Decided', 'queue.decided@example.org');
      withNeeds = await apply('Queue', 'Accommodation', 'queue.accommodation@example.org');
      const decide = await fetch(
        `${suite.sys.baseUrl}/api/staff/applications/${encodeURIComponent(decided)}/eligibility`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.token}` },
          body: JSON.stringify({ decision: 'approve' }),
        },
      );
      expect(decide.status).toBe(200);
      await uploadAccommodation(withNeeds);
      await upsertTestingWindow(suite.sys.db, {
        id: 'testing-window-CPMSM-2026-summer',
        program: 'CPMSM',
        windowId: '2026-summer',
        stage: 'awaiting-approval',
        closedAt: '2026-08-15T04:00:00.000Z',
      });
      await upsertTestingWindow(suite.sys.db, {
        id: 'testing-window-CPMSM-2026-spring',
        program: 'CPMSM',
        windowId: '2026-spring',
        stage: 'released',
      });
      const cookie = await login();
      page = await eventually(async () => {
        const html = await (await get('/staff', cookie)).text();
        expect(section(html, 'q-eligibility')).not.toContain('Queue Decided');
        return html;
      });
    });

    it('lists each undecided case in the eligibility queue with its age and links to the case and to Temporal UI', () => {
      const eligibility = section(page, 'q-eligibility');
      expect(eligibility).toContain(`href="${caseUrl(waiting)}"`);
      expect(eligibility).toContain(
        `href="http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(waiting)}"`,
      );
      expect(eligibility).toContain('Queue Accommodation');
      expect(eligibility).toMatch(/0 days/);
    });

    it('lists only the cases with an accommodation request in the accommodations queue', () => {
      expect(section(page, 'q-accommodations')).toContain(`href="${caseUrl(withNeeds)}#acc-`);
      expect(section(page, 'q-accommodations')).not.toContain('Queue Waiting');
    });

    it('lists only the windows waiting for staff, with the step they wait for', () => {
      const windows = section(page, 'q-windows');
      expect(windows).toContain('CPMSM Summer 2026');
      expect(windows).toContain('equating approval');
      expect(windows).not.toContain('Spring 2026');
      expect(windows).toMatch(/Windows waiting for staff \(1\)/);
    });

    it('links to the other staff pages', () => {
      for (const link of [
        '/staff/results-imports',
        '/good-standing',
        '/statistics',
        '/staff/audit',
        '/staff/recertification',
      ])
        expect(page).toContain(`href="${link}"`);
    });
  });

  describe('a decision from the case page runs the Update, is audited with before and after, and a bad form keeps what was typed', () => {
    let id: string;
    let cookie: string;
    let docId: string;
    let docFilename: string;
    let requestId: string;

    it("shows the candidate's email, needs and documentation on the case page", async () => {
      id = await apply('Case', 'Page', 'case.page@example.org');
      await uploadAccommodation(id);
      cookie = await login();
      const casePage = await (await get(caseUrl(id), cookie)).text();
      expect(casePage).toContain('case.page@example.org');
      expect(casePage).toContain('Extra time: 50%');
      const [doc] = await documentsOf(suite.sys.db, 'application', id);
      docId = doc!.id;
      docFilename = doc!.filename;
      expect(casePage).toContain(`href="/staff/documents/${docId}"`);
    });

    it('downloads the documentation as a PDF attachment, and only when signed in', async () => {
      const download = await get(`/staff/documents/${docId}`, cookie);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toMatch(/^application\/pdf/);
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename=${docFilename}`);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await get(`/staff/documents/${docId}`)).status).toBe(303);
    });

    // A rejection without a reason: 422, the message beside the field, the choice kept, nothing changed.
    it('refuses a rejection without a reason, keeping the choice and the case as it was', async () => {
      const noReason = await submit(cookie, caseUrl(id), `${caseUrl(id)}/eligibility`, {
        decision: 'reject',
        reason: '',
      });
      expect(noReason.status).toBe(422);
      const errorPage = await noReason.text();
      expect(errorPage).toContain('A rejection needs a reason: it is sent to the candidate.');
      expect(errorPage).toMatch(/value="reject" checked/);
      expect((await suite.sys.env.client.workflow.getHandle(id).query(statusQuery)).stage).toBe('eligibility-review');
    });

    it('refuses an accommodation denial without a reason', async () => {
      requestId = (await suite.sys.env.client.workflow.getHandle(id).query(statusQuery)).accommodations[0]!.id;
      const denyNoReason = await submit(cookie, caseUrl(id), `${caseUrl(id)}/accommodations/${requestId}/decision`, {
        decision: 'deny',
        reason: '  ',
      });
      expect(denyNoReason.status).toBe(422);
      expect(await denyNoReason.text()).toContain('A denial needs a reason');
    });

    it('approves the accommodation and the eligibility from the case page, and the candidate is emailed', async () => {
      const approved = await submit(cookie, caseUrl(id), `${caseUrl(id)}/accommodations/${requestId}/decision`, {
        decision: 'approve',
        reason: '',
      });
      expect(approved.status).toBe(303);
      const eligible = await submit(cookie, caseUrl(id), `${caseUrl(id)}/eligibility`, {
        decision: 'approve',
        reason: '',
      });
      expect(eligible.status).toBe(303);
      expect(eligible.headers.get('location')).toBe(`${caseUrl(id)}?done=eligibility`);
      await stageOf(id, 'awaiting-notice');
      await suite.sys.catcher.waitFor((m) => m.to.includes('case.page@example.org') && m.subject.includes('approved'));
    });

    // Deciding again is refused by the workflow; the page shows its message with status 409.
    it("shows the workflow's refusal of a second eligibility decision with 409", async () => {
      const again = await submit(cookie, caseUrl(id), `${caseUrl(id)}/eligibility`, {
        decision: 'reject',
        reason: 'Too late',
      });
      expect(again.status).toBe(409);
      const refusal = await again.text();
      expect(refusal).toMatch(/Eligibility was already decided \(approve\)/);
    });

    it('audits each decision taken with who took it and the state before and after', async () => {
      const entries = await auditFor(suite.sys.db, `application:${id}`);
      expect(entries.map((e) => [e.actor, e.action])).toEqual([
        [admin.email, 'application.accommodation.approve'],
        [admin.email, 'application.eligibility.approve'],
      ]);
      expect(entries[0]).toMatchObject({
        before: { requestId, status: 'pending' },
        after: { id: requestId, status: 'approved' },
      });
      expect(entries[1]).toMatchObject({
        before: { stage: 'eligibility-review' },
        after: { stage: 'awaiting-notice', decision: 'approve' },
      });
    });

    it("shows the case's audit trail newest first, with the state before each action", async () => {
      const auditPage = await (
        await get(`/staff/audit?subject=${encodeURIComponent(`application:${id}`)}`, cookie)
      ).text();
      expect(auditPage.indexOf('application.eligibility.approve')).toBeLessThan(
        auditPage.indexOf('application.accommodation.approve'),
      );
      expect(auditPage).toContain('&#34;stage&#34;: &#34;eligibility-review&#34;');
    });
  });

  it('a form post without its CSRF token is refused with 403 and changes nothing', async () => {
    const id = await apply('Csrf', 'Victim', 'csrf.victim@example.org');
    const cookie = await login();
    const before = (await listAudit(suite.sys.db, { limit: 1, offset: 0 }))[0]?.id;
    const forged = await postUrlencoded(`${caseUrl(id)}/eligibility`, { decision: 'reject', reason: 'forged' }, cookie);
    expect(forged.status).toBe(403);
    const wrong = await postUrlencoded(
      `${caseUrl(id)}/eligibility`,
      { decision: 'reject', reason: 'forged', _csrf: 'x'.repeat(43) },
      cookie,
    );
    expect(wrong.status).toBe(403);
    expect((await suite.sys.env.client.workflow.getHandle(id).query(statusQuery)).stage).toBe('eligibility-review');
    expect((await listAudit(suite.sys.db, { limit: 1, offset: 0 }))[0]?.id).toBe(before);
  });

  it('anonymous callers and candidate links get a sign-in redirect or 401, and nothing changes', async () => {
    const id = await apply('Not', 'Staff', 'not.staff@example.org');
    const token = await linkFor(id);
    for (const path of ['/staff', caseUrl(id), '/staff/audit']) {
      for (const headers of [{}, { 'x-candidate-token': token }] as Record<string, string>[]) {
        const res = await get(path, '', headers);
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toMatch(/^\/staff\/login\?next=/);
      }
      expect((await get(`${path}${path.includes('?') ? '&' : '?'}token=${token}`)).status).toBe(303);
    }
    // A browser of someone signed out: it has a CSRF cookie and a valid field, but no session.
    const form = await get('/staff/login');
    const jar = cookiesOf(form).join('; ');
    const csrf = csrfIn(await form.text());
    for (const headers of [{}, { 'x-candidate-token': token }] as Record<string, string>[]) {
      const res = await postUrlencoded(
        `${caseUrl(id)}/eligibility`,
        { decision: 'approve', _csrf: csrf },
        jar,
        headers,
      );
      expect(res.status).toBe(401);
    }
    const json = await fetch(`${suite.sys.baseUrl}/api/staff/applications/${encodeURIComponent(id)}/eligibility`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-candidate-token': token },
      body: JSON.stringify({ decision: 'approve' }),
    });
    expect(json.status).toBe(401);
    expect((await suite.sys.env.client.workflow.getHandle(id).query(statusQuery)).stage).toBe('eligibility-review');
    expect(await auditFor(suite.sys.db, `application:${id}`)).toEqual([]);
  });

  it('the case page never shows the score, even after its release', async () => {
    // Fall 2026 is over: the case runs to its release at once when the window's signals arrive.
    const candidateId = 'c-console-score';
    await findOrCreateCandidate(suite.sys.db, {
      newId: candidateId,
      email: 'scored@example.org',
      firstName: 'Scored',
      lastName: 'Candidate',
      membership: 'member',
    });
    const keys = { candidateId, program: 'CPCS' as const, windowId: '2026-fall' };
    const id = examApplicationWorkflowId(keys);
    const input: ExamApplicationInput = {
      ...keys,
      applicationId: id,
      candidate: { firstName: 'Scored', lastName: 'Candidate', membership: 'member' },
      submittedAt: new Date().toISOString(),
      options: { noShowGraceDays: 90 },
    };
    const handle = await suite.sys.env.client.workflow.start('examApplicationWorkflow', {
      workflowId: id,
      taskQueue: suite.sys.taskQueue,
      args: [input],
    });
    await stageOf(id, 'eligibility-review');
    const cookie = await login();
    expect((await submit(cookie, caseUrl(id), `${caseUrl(id)}/eligibility`, { decision: 'approve' })).status).toBe(303);
    await stageOf(id, 'scheduling');
    const part = fall2026Part('imp-console', { raw: 87, scaled: 377, passed: false });
    await playWindowPart(handle, part, realTime, (stage) => stageOf(id, stage));
    await stageOf(id, 'failed');

    // The candidate's own status carries the score; the staff page of the same case does not.
    const own = (await (
      await fetch(`${suite.sys.baseUrl}/api/applications/${encodeURIComponent(id)}/status`, {
        headers: { 'x-candidate-token': await linkFor(id) },
      })
    ).json()) as { score?: { scaled: number } };
    expect(own.score?.scaled).toBe(377);
    const page = await (await get(caseUrl(id), cookie)).text();
    expect(page).toContain('id="stage">failed<');
    expect(page).not.toMatch(/\b377\b/);
    expect(page).not.toMatch(/\b87\b/);
    expect(page).not.toMatch(/scaled|raw score/i);
  });

  describe('every staff action is audited with who, what, before and after; sessions expire and sign-out ends them on the server', () => {
    const bearer = () => ({ authorization: `Bearer ${suite.token}` });
    let cookie: string;
    let staff: NonNullable<Awaited<ReturnType<typeof findStaffByEmail>>>;
    let latest: (action: string) => Awaited<ReturnType<typeof listAudit>>[number] | undefined;

    beforeAll(async () => {
      cookie = await login();
      staff = (await findStaffByEmail(suite.sys.db, admin.email))!;
    });

    it('takes staff actions by token: a window created, a bad results file refused, the report regenerated', async () => {
      expect(
        (
          await fetch(`${suite.sys.baseUrl}/api/staff/windows`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...bearer() },
            body: JSON.stringify({ program: 'CPMSM', windowId: '2028-fall' }),
          })
        ).status,
      ).toBe(201);
      const badCsv = 'application_id,form_id,tested_on,responses\nno-such-application,CPCS-2026-A,2026-10-20,ABC\n';
      expect(
        (
          await fetch(`${suite.sys.baseUrl}/api/staff/results-imports`, {
            method: 'POST',
            headers: { 'content-type': 'text/csv', ...bearer() },
            body: badCsv,
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await fetch(`${suite.sys.baseUrl}/api/staff/good-standing/regenerate`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...bearer() },
            body: '{}',
          })
        ).status,
      ).toBe(200);
    });

    // The old cookie is worthless once signed out, even if a copy survives.
    it('ends the session on the server at sign-out, so a kept copy of the cookie no longer signs in', async () => {
      const signOutPage = await (await get('/staff', cookie)).text();
      expect((await postUrlencoded('/staff/logout', { _csrf: csrfIn(signOutPage) }, cookie)).status).toBe(303);
      expect((await get('/staff', cookie)).status).toBe(303);
    });

    it('audits every staff action with who took it and the state before and after', async () => {
      const entries = await listAudit(suite.sys.db, { limit: 500, offset: 0 });
      latest = (action: string) => entries.find((e) => e.action.startsWith(action));
      for (const action of [
        'staff.login',
        'staff.logout',
        'staff.token.create',
        'window.create',
        'results.import.rejected',
        'good-standing.regenerate',
      ]) {
        const entry = latest(action);
        expect(entry, action).toBeDefined();
        expect(entry!.actor, action).toBe(admin.email);
        expect(entry!.before, action).not.toBeNull();
        expect(entry!.after, action).not.toBeNull();
      }
    });

    it('records what the window creation and the sign-out changed', () => {
      expect(latest('window.create')).toMatchObject({
        subject: 'window:testing-window-CPMSM-2028-fall',
        before: { exists: false },
        after: { program: 'CPMSM', windowId: '2028-fall' },
      });
      expect(latest('staff.logout')).toMatchObject({
        subject: `staff:${staff.id}`,
        before: { session: 'active' },
        after: { session: 'ended' },
      });
    });

    // A session past its expiry is refused like no session at all.
    it('sends a session past its expiry to the sign-in page, like no session at all', async () => {
      await createSession(suite.sys.db, {
        tokenHash: hashToken('sess-expired-for-test'),
        staffId: staff.id,
        expiresAt: new Date(Date.now() - 1000).toISOString(),
        startedAt: new Date().toISOString(),
      });
      const expired = await get('/staff', 'certflow_staff=sess-expired-for-test');
      expect(expired.status).toBe(303);
      expect(expired.headers.get('location')).toBe('/staff/login?next=%2Fstaff');
    });

    it('lets a session before its expiry in', async () => {
      await createSession(suite.sys.db, {
        tokenHash: hashToken('sess-valid-for-test'),
        staffId: staff.id,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        startedAt: new Date().toISOString(),
      });
      expect((await get('/staff', 'certflow_staff=sess-valid-for-test')).status).toBe(200);
    });
  });
});
