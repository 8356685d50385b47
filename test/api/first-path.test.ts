import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailsFor } from '../../src/db/tables/email-log';
import { signCandidateToken } from '../../src/lib/candidate-link';
import { statusQuery } from '../../src/workflows/exam-application/contract';
import { attestationForm, attestationJson } from '../helpers/attestation';
import { eventually } from '../helpers/eventually';
import { admin, openPage, postForm, startSystem, testSecret, type System } from '../helpers/system';

// Mid-January 2027: the Spring and Summer 2027 windows take applications.
const now = () => new Date('2027-01-15T15:00:00.000Z');
let sys: System;
beforeAll(async () => {
  sys = await startSystem({ now });
});
afterAll(async () => {
  await sys?.close();
});

const applicant = (email: string) => ({
  firstName: 'Grace',
  lastName: 'Hopper',
  email,
  membership: 'member',
  program: 'CPCS',
  windowId: '2027-spring',
});

async function applyJson(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${sys.baseUrl}/apply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...attestationJson, ...body }),
  });
}

async function waitForStage(applicationId: string, stage: string) {
  const handle = sys.env.client.workflow.getHandle(applicationId);
  for (let i = 0; i < 100; i++) {
    const status = await handle.query(statusQuery).catch(() => undefined);
    if (status?.stage === stage) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${applicationId} never reached ${stage}`);
}

function statusLinkIn(text: string): URL {
  const match = /http:\/\/\S+\/applications\/\S+/.exec(text);
  if (!match) throw new Error(`no status link in: ${text}`);
  const url = new URL(match[0]);
  return new URL(`${url.pathname}${url.search}`, sys.baseUrl);
}

describe('the first path: form → workflow → record → email', () => {
  it('a form submission starts the workflow, records the application and emails a signed status link', async () => {
    const res = await postForm(sys.baseUrl, '/apply', '/apply', {
      ...applicant('grace@example.org'),
      ...attestationForm,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Application received');

    const email = await sys.catcher.waitFor((m) => m.to.includes('grace@example.org'));
    expect(email.subject).toContain('CPCS');
    expect(email.html).toContain('<a href=');
    expect(email.text).toContain('Spring 2027');
    const link = statusLinkIn(email.text);
    const applicationId = decodeURIComponent(link.pathname.split('/')[2]!);

    await waitForStage(applicationId, 'eligibility-review');
    await eventually(async () => {
      const row = await sys.db
        .selectFrom('applications')
        .selectAll()
        .where('id', '=', applicationId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        program: 'CPCS',
        window_id: '2027-spring',
        first_name: 'Grace',
        stage: 'eligibility-review',
      });
    });
    expect((await emailsFor(sys.db, applicationId)).map((e) => [e.kind, e.status])).toEqual([
      ['application-received', 'sent'],
    ]);

    const { res: page } = await openPage(sys.baseUrl, `${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Eligibility review');
    const json = await fetch(new URL(`${link.pathname}/status${link.search}`, sys.baseUrl));
    expect(await json.json()).toMatchObject({ applicationId, stage: 'eligibility-review', program: 'CPCS' });
  });

  it('a double submission yields one workflow, one record and one email, and the same answer', async () => {
    const first = await applyJson(applicant('twice@example.org'));
    const second = await applyJson(applicant('twice@example.org'));
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const a = (await first.json()) as { applicationId: string };
    const b = (await second.json()) as { applicationId: string };
    expect(b.applicationId).toBe(a.applicationId);
    await waitForStage(a.applicationId, 'eligibility-review');
    const runs = [];
    for await (const wf of sys.env.client.workflow.list({ query: `WorkflowId = "${a.applicationId}"` }))
      runs.push(wf.runId);
    expect(runs).toHaveLength(1);
    expect(
      await sys.db.selectFrom('applications').select('id').where('id', '=', a.applicationId).execute(),
    ).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(sys.catcher.messages().filter((m) => m.to.includes('twice@example.org'))).toHaveLength(1);
  });

  it('the workflow keeps its search attributes current, so staff can filter by stage and window', async () => {
    const res = await applyJson({ ...applicant('filter@example.org'), program: 'CPMSM' });
    const { applicationId } = (await res.json()) as { applicationId: string };
    await waitForStage(applicationId, 'eligibility-review');
    const query = `Stage = "eligibility-review" AND TestingWindow = "2027-spring" AND Program = "CPMSM"`;
    let ids: string[] = [];
    // Visibility is eventually consistent: the dev server indexes within a moment.
    for (let i = 0; i < 50 && !ids.includes(applicationId); i++) {
      ids = [];
      for await (const wf of sys.env.client.workflow.list({ query })) ids.push(wf.workflowId);
      if (!ids.includes(applicationId)) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ids).toContain(applicationId);
  });

  it('invalid input comes back with a message per field: 422 for JSON, the form again with what was typed', async () => {
    const res = await applyJson({
      firstName: '',
      lastName: 'X',
      email: 'not-an-email',
      membership: 'maybe',
      program: 'ABC',
      windowId: '2019-fall',
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(['email', 'firstName', 'membership', 'program', 'windowId']);
    expect(body.error.fields.email).toMatch(/email address/);

    const form = await postForm(sys.baseUrl, '/apply', '/apply', {
      ...applicant('typo@'),
      ...attestationForm,
      firstName: 'Kept',
    });
    expect(form.status).toBe(422);
    const html = await form.text();
    expect(html).toContain('value="Kept"');
    expect(html).toContain('value="typo@"');
    expect(html).toMatch(/class="field-error" id="email-error">Enter an email address/);
    expect(sys.catcher.messages().some((m) => m.to.includes('typo@'))).toBe(false);
  });

  it.each([
    ['a web address', 'Visit https://win.example', 'cannot contain a web address'],
    ['a bare domain', 'cheap-pills.com', 'cannot contain a web address'],
    ['a line break', 'Ann\nBcc: everyone@example.org', 'must be on one line'],
    ['a control character', 'Ann\u0007', 'must be on one line'],
    ['a bidirectional override', 'Ann\u202Egnp.exe', 'must be on one line'],
  ])('a name with %s is refused beside its field, and nothing is started', async (_what, firstName, message) => {
    const email = `name-${firstName.length}-${message.length}@example.org`;
    const res = await applyJson({ ...applicant(email), firstName });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.firstName).toContain(
      message,
    );
    expect(await sys.db.selectFrom('candidates').select('id').where('email', '=', email).execute()).toHaveLength(0);
  });

  it('a form post without its CSRF token is refused and starts nothing', async () => {
    const res = await fetch(`${sys.baseUrl}/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(applicant('csrf@example.org')).toString(),
    });
    expect(res.status).toBe(403);
    expect(
      await sys.db.selectFrom('candidates').select('id').where('email', '=', 'csrf@example.org').execute(),
    ).toHaveLength(0);
  });
});

describe('access: candidate links and staff', () => {
  let applicationId: string;
  let candidateId: string;
  beforeAll(async () => {
    const res = await applyJson(applicant('owner@example.org'));
    applicationId = ((await res.json()) as { applicationId: string }).applicationId;
    await waitForStage(applicationId, 'eligibility-review');
    candidateId = (
      await sys.db
        .selectFrom('candidates')
        .select('id')
        .where('email', '=', 'owner@example.org')
        .executeTakeFirstOrThrow()
    ).id;
  });

  const statusWith = (token?: string, headers: Record<string, string> = {}) =>
    fetch(
      `${sys.baseUrl}/applications/${encodeURIComponent(applicationId)}/status${token ? `?token=${encodeURIComponent(token)}` : ''}`,
      { headers },
    );

  it('no link: 401', async () => {
    expect((await statusWith()).status).toBe(401);
  });

  it('a forged link (signed with another key) is refused with 401', async () => {
    const forged = signCandidateToken(
      'another-secret-another-secret-another',
      { applicationId, candidateId },
      now(),
      30,
    );
    const res = await statusWith(forged);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not valid/);
  });

  it('an expired link is refused with 401 and says so', async () => {
    const old = signCandidateToken(
      testSecret,
      { applicationId, candidateId },
      new Date(now().getTime() - 31 * 86_400_000),
      30,
    );
    const res = await statusWith(old);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
  });

  it("a valid link for someone else's application gets 404: existence stays private", async () => {
    const other = signCandidateToken(
      testSecret,
      { applicationId: 'exam-application-cother-CPCS-2027-spring', candidateId: 'cother' },
      now(),
      30,
    );
    expect((await statusWith(other)).status).toBe(404);
  });

  it('staff sign in with a password and see any case; a wrong password gets nothing', async () => {
    const bad = await postForm(sys.baseUrl, '/staff/login', '/staff/login', {
      email: admin.email,
      password: 'wrong password',
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.getSetCookie().some((c) => c.startsWith('certflow_staff='))).toBe(false);

    const login = await postForm(sys.baseUrl, '/staff/login', '/staff/login', {
      email: admin.email,
      password: admin.password,
    });
    expect(login.status).toBe(303);
    const session = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('certflow_staff='))!
      .split(';')[0]!;
    const res = await statusWith(undefined, { cookie: session, accept: 'application/json' });
    expect(res.status).toBe(200);
    const home = await fetch(`${sys.baseUrl}/staff`, { headers: { cookie: session } });
    const html = await home.text();
    expect(html).toContain(applicationId);
    expect(html).toContain(`http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(applicationId)}`);
  });

  it('staff bearer tokens for the CLI work on the API, and a made-up one is refused', async () => {
    const created = await fetch(`${sys.baseUrl}/api/staff/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: admin.password, name: 'test' }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    expect((await statusWith(undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await statusWith(undefined, { authorization: 'Bearer cft_madeup' })).status).toBe(401);
  });

  it('the staff area without a session redirects to the login page', async () => {
    const res = await fetch(`${sys.baseUrl}/staff`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff/login?next=%2Fstaff');
  });
});
