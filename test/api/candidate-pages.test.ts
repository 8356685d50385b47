import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { documentsOf } from '../../src/db/tables/documents';
import { signCandidateToken } from '../../src/lib/candidate-link';
import { accessLinksWorkflowId, accessLinksWorkflowName } from '../../src/workflows/access-links/contract';
import {
  examApplicationWorkflowId,
  statusQuery,
  type ExamApplicationInput,
} from '../../src/workflows/exam-application/contract';
import { eventually } from '../helpers/eventually';
import { openPage, postForm, systemSuite, testSecret } from '../helpers/system';

// The dev server runs on real time (late November 2026); the API's clock is pinned so the lost-link slot is fixed.
const pinned = Date.now();
const suite = systemSuite({ now: () => new Date(pinned) }, 'pages-test');

const token = (applicationId: string, candidateId: string, at = new Date(pinned), ttlDays = 30) =>
  signCandidateToken(testSecret, { applicationId, candidateId }, at, ttlDays);
const pagePath = (applicationId: string, t: string) =>
  `/applications/${encodeURIComponent(applicationId)}?token=${encodeURIComponent(t)}`;
const postPath = (applicationId: string, action: string, t: string) =>
  `/applications/${encodeURIComponent(applicationId)}/${action}?token=${encodeURIComponent(t)}`;

async function stageOf(applicationId: string, stage?: string) {
  return eventually(async () => {
    const status = await suite.sys.env.client.workflow.getHandle(applicationId).query(statusQuery);
    if (stage) expect(status.stage).toBe(stage);
    return status;
  });
}

async function startApplication(candidateId: string, windowId: string, options?: ExamApplicationInput['options']) {
  await findOrCreateCandidate(suite.sys.db, {
    newId: candidateId,
    email: `${candidateId}@example.org`,
    firstName: 'Ada',
    lastName: 'Lovelace',
    membership: 'member',
  });
  const keys = { candidateId, program: 'CPCS' as const, windowId };
  const applicationId = examApplicationWorkflowId(keys);
  const input: ExamApplicationInput = {
    ...keys,
    applicationId,
    candidate: { firstName: 'Ada', lastName: 'Lovelace', membership: 'member' },
    submittedAt: new Date().toISOString(),
    ...(options ? { options } : {}),
  };
  await suite.sys.env.client.workflow.start('examApplicationWorkflow', {
    workflowId: applicationId,
    taskQueue: suite.sys.taskQueue,
    args: [input],
  });
  await stageOf(applicationId, 'eligibility-review');
  return applicationId;
}

async function approve(applicationId: string) {
  const res = await fetch(
    `${suite.sys.baseUrl}/api/staff/applications/${encodeURIComponent(applicationId)}/eligibility`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.token}` },
      body: JSON.stringify({ decision: 'approve' }),
    },
  );
  expect(res.status).toBe(200);
}

/** A multipart form the way a browser sends it: CSRF cookie and field from the page first. */
async function upload(
  applicationId: string,
  t: string,
  fields: Record<string, string>,
  file?: { bytes: Uint8Array; name: string; type: string },
  withCsrf = true,
) {
  const { res: page, cookie } = await openPage(suite.sys.baseUrl, pagePath(applicationId, t));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const form = new FormData();
  if (withCsrf) form.set('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('documentation', new Blob([file.bytes], { type: file.type }), file.name);
  return fetch(`${suite.sys.baseUrl}${postPath(applicationId, 'accommodations', t)}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie },
    body: form,
  });
}

const tinyPdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('the candidate application page and its forms', () => {
  let early: string; // Spring 2027, in eligibility review
  let late: string; // Fall 2026, approved: scheduling, every deadline past

  beforeAll(async () => {
    early = await startApplication('c-early', '2027-spring');
    late = await startApplication('c-late', '2026-fall', { noShowGraceDays: 90 });
    await approve(late);
    await stageOf(late, 'scheduling');
  });

  describe('spells out the stage and the next deadline with its weekday, and offers only the forms the stage allows', () => {
    let res: Response;
    let page: string;
    beforeAll(async () => {
      ({ res } = await openPage(suite.sys.baseUrl, pagePath(early, token(early, 'c-early'))));
      page = await res.text();
    });

    it('spells out eligibility review, the last day to request accommodations with its weekday, and the window', () => {
      expect(res.status).toBe(200);
      expect(page).toContain('Eligibility review: staff are reviewing your application.');
      expect(page).toContain('Last day to request accommodations: Monday, January 4, 2027.');
      expect(page).toContain('Monday, March 1, 2027 to Saturday, March 20, 2027');
    });

    it('offers the accommodation and withdrawal forms in eligibility review, not the appointment or transfer ones', () => {
      expect(page).toContain('id="accommodation-heading"');
      expect(page).toContain('id="withdraw-heading"');
      expect(page).not.toContain('id="appointment-heading"');
      expect(page).not.toContain('id="transfer-heading"');
    });

    it('works without scripts, every visible input with its label', () => {
      expect(page).not.toMatch(/<script/i);
      // Every visible input has a label.
      for (const [, id] of page.matchAll(/<(?:input|select|textarea) [^>]*id="([^"]+)"/g))
        expect(page).toContain(`for="${id}"`);
    });

    it('offers the appointment form with the test sites and the last day to take the exam once scheduling', async () => {
      const scheduling = await (await openPage(suite.sys.baseUrl, pagePath(late, token(late, 'c-late')))).res.text();
      expect(scheduling).toContain('Ready to schedule');
      expect(scheduling).toContain('Last day to take your exam: Saturday, October 24, 2026.');
      expect(scheduling).toContain('id="appointment-heading"');
      expect(scheduling).toContain('<option value="CHI-01">CHI-01 — Chicago Loop Test Center</option>');
    });
  });

  describe('shows field errors in place and keeps what was typed; nothing changes', () => {
    let withdrawal: Response;
    let withdrawalPage: string;
    beforeAll(async () => {
      const t = token(early, 'c-early');
      withdrawal = await postForm(suite.sys.baseUrl, pagePath(early, t), postPath(early, 'withdraw', t), {
        reason: 'Moving <abroad> & busy',
      });
      withdrawalPage = await withdrawal.text();
    });

    it('answers a withdrawal without its confirmation 422, with the error beside the tick box', () => {
      expect(withdrawal.status).toBe(422);
      expect(withdrawalPage).toContain('role="alert"');
      expect(withdrawalPage).toContain(
        '<span class="field-error" id="withdraw-confirm-error">Tick the box to confirm that this is your written request to withdraw.</span>',
      );
      expect(withdrawalPage).toMatch(
        /id="withdraw-confirm" name="confirm" value="yes" aria-invalid="true" aria-describedby="withdraw-confirm-error"/,
      );
    });

    it('keeps the typed reason, escaped', () => {
      expect(withdrawalPage).toContain('>Moving &#60;abroad&#62; &#38; busy</textarea>');
    });

    it('answers an impossible date and an unknown site 422, with an error beside each field and the date kept', async () => {
      const lt = token(late, 'c-late');
      const empty = await postForm(suite.sys.baseUrl, pagePath(late, lt), postPath(late, 'appointment', lt), {
        examDate: '2026-02-30',
        site: 'NOWHERE',
      });
      expect(empty.status).toBe(422);
      const emptyPage = await empty.text();
      expect(emptyPage).toContain('id="appointment-examDate-error">Enter a real date, for example 2027-06-15.</span>');
      expect(emptyPage).toContain('id="appointment-site-error">Choose a test site from the list.</span>');
      expect(emptyPage).toContain('value="2026-02-30"');
    });

    it('changes neither case: no withdrawal, no appointment', async () => {
      expect((await stageOf(early)).stage).toBe('eligibility-review');
      expect((await stageOf(late)).appointment).toBeUndefined();
    });
  });

  describe('shows a refusal with its reason and what is still possible, keeping the typed values', () => {
    let t: string;
    beforeAll(() => {
      t = token(late, 'c-late');
    });

    it('refuses an exam day outside the window (409) with the window dates, keeping the typed date and site', async () => {
      const outside = await postForm(suite.sys.baseUrl, pagePath(late, t), postPath(late, 'appointment', t), {
        examDate: '2027-03-10',
        site: 'CHI-01',
      });
      expect(outside.status).toBe(409);
      const page = await outside.text();
      expect(page).toContain(
        '<strong>Not done:</strong> Wednesday, March 10, 2027 is outside the Fall 2026 window (Monday, October 5, 2026 to Saturday, October 24, 2026).',
      );
      expect(page).toContain('value="2027-03-10"');
      expect(page).toMatch(
        /<option value="CHI-01" selected>CHI-01 — Chicago Loop Test Center \(12 seats left on that date\)<\/option>/,
      );
    });

    it('asks the candidate to confirm a transfer to Spring 2027', async () => {
      const { res: confirm } = await openPage(
        suite.sys.baseUrl,
        `/applications/${encodeURIComponent(late)}/transfer?token=${encodeURIComponent(t)}`,
      );
      expect(confirm.status).toBe(200);
      expect(await confirm.text()).toContain('Transfer your CPCS exam to Spring 2027?');
    });

    it('refuses the transfer after its last day (409), saying the exam can still be rescheduled inside the window', async () => {
      const transfer = await postForm(suite.sys.baseUrl, pagePath(late, t), postPath(late, 'transfer', t), {});
      expect(transfer.status).toBe(409);
      expect(await transfer.text()).toContain(
        'The last day to request a transfer was Monday, October 19, 2026; you can still reschedule inside the Fall 2026 window.',
      );
    });

    it('leaves the case scheduling, with no transfer', async () => {
      const status = await stageOf(late, 'scheduling');
      expect(status.transfers).toEqual([]);
    });
  });

  it('refuses a form without its CSRF token (403) and changes nothing', async () => {
    const t = token(early, 'c-early');
    const res = await fetch(`${suite.sys.baseUrl}${postPath(early, 'withdraw', t)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ confirm: 'yes' }).toString(),
    });
    expect(res.status).toBe(403);
    const noCsrfUpload = await upload(
      early,
      t,
      { needs: 'Extra time' },
      { bytes: tinyPdf, name: 'letter.pdf', type: 'application/pdf' },
      false,
    );
    expect(noCsrfUpload.status).toBe(403);
    const status = await stageOf(early, 'eligibility-review');
    expect(status.withdrawal).toBeUndefined();
    expect(status.accommodations).toEqual([]);
    expect(await documentsOf(suite.sys.db, 'application', early)).toEqual([]);
  });

  it('refuses forged, expired and foreign links with nothing changed', async () => {
    const good = token(early, 'c-early');
    const forged = `${good.slice(0, -4)}${good.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const expired = token(early, 'c-early', new Date(pinned - 40 * 86_400_000), 30);
    const foreign = token(late, 'c-late');
    const cases: [string, number, RegExp][] = [
      [forged, 401, /This link is not valid/],
      [expired, 401, /This link has expired/],
      [foreign, 404, /No such application/],
    ];
    for (const [t, status, message] of cases) {
      const page = await fetch(`${suite.sys.baseUrl}${pagePath(early, t)}`);
      expect(page.status).toBe(status);
      expect(await page.text()).toMatch(message);
      // The form is fetched with a good link (a real CSRF token), then sent with the bad one.
      const res = await postForm(suite.sys.baseUrl, pagePath(early, good), postPath(early, 'withdraw', t), {
        confirm: 'yes',
      });
      expect(res.status).toBe(status);
    }
    expect((await fetch(`${suite.sys.baseUrl}/applications/${encodeURIComponent(early)}`)).status).toBe(401);
    expect((await stageOf(early, 'eligibility-review')).withdrawal).toBeUndefined();
  });

  describe('refuses a disguised and an oversized upload with a clear message beside the field, keeping the text; a real PDF goes in', () => {
    let t: string;
    beforeAll(() => {
      t = token(early, 'c-early');
    });

    it('refuses a file that is not what its name says (415) beside the field, keeping the typed needs', async () => {
      const disguised = await upload(
        early,
        t,
        { needs: 'A quiet room' },
        {
          bytes: new TextEncoder().encode('just text pretending to be a letter'),
          name: 'letter.pdf',
          type: 'application/pdf',
        },
      );
      expect(disguised.status).toBe(415);
      const page = await disguised.text();
      expect(page).toContain(
        'id="accommodation-documentation-error">The file is not a file type we accept, whatever its name says. Upload a PDF, PNG image or JPEG image file.</span>',
      );
      expect(page).toContain('>A quiet room</textarea>');
    });

    it('refuses a file over 5 MB (413), saying the limit', async () => {
      const big = new Uint8Array(5 * 1024 * 1024 + 1);
      big.set(tinyPdf.subarray(0, 8));
      const oversized = await upload(
        early,
        t,
        { needs: 'A quiet room' },
        { bytes: big, name: 'letter.pdf', type: 'application/pdf' },
      );
      expect(oversized.status).toBe(413);
      expect(await oversized.text()).toContain(
        'The file is larger than 5 MB. Upload a smaller PDF, PNG image or JPEG image.',
      );
    });

    it('stores no document and no request for the refused uploads', async () => {
      expect(await documentsOf(suite.sys.db, 'application', early)).toEqual([]);
      expect((await stageOf(early)).accommodations).toEqual([]);
    });

    it('asks for the needs (422) when they are left blank', async () => {
      const noNeeds = await upload(
        early,
        t,
        { needs: '  ' },
        { bytes: tinyPdf, name: 'letter.pdf', type: 'application/pdf' },
      );
      expect(noNeeds.status).toBe(422);
      expect(await noNeeds.text()).toContain(
        'id="accommodation-needs-error">Describe the accommodation you need.</span>',
      );
    });

    it('takes a real PDF with the needs, stores it and shows the request waiting for a decision', async () => {
      const ok = await upload(
        early,
        t,
        { needs: 'A quiet room' },
        { bytes: tinyPdf, name: 'letter.pdf', type: 'application/pdf' },
      );
      expect(ok.status).toBe(303);
      const { res: after } = await openPage(
        suite.sys.baseUrl,
        `${ok.headers.get('location')!}&token=${encodeURIComponent(t)}`,
      );
      const afterPage = await after.text();
      expect(afterPage).toContain('role="status" id="notice">Your accommodation request is in.');
      expect(afterPage).toContain('<td>A quiet room</td><td>1</td><td>Waiting for a decision</td>');
      expect(await documentsOf(suite.sys.db, 'application', early)).toHaveLength(1);
    });
  });

  it('shows staff the case without forms (and without a score)', async () => {
    const res = await fetch(`${suite.sys.baseUrl}/applications/${encodeURIComponent(late)}`, {
      headers: { authorization: `Bearer ${suite.token}` },
    });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Ready to schedule');
    expect(page).not.toContain('<form method="post" action="/applications/');
  });
});

describe('lost your link?', () => {
  describe('answers the same for a known and an unknown address, and mails the links to the address on file only, once per slot', () => {
    let applicationId: string;

    it('answers a known and an unknown address with the same page', async () => {
      applicationId = await startApplication('c-lost', '2027-spring');
      const known = await postForm(suite.sys.baseUrl, '/links/resend', '/links/resend', {
        email: ' C-Lost@Example.org ',
      });
      const unknown = await postForm(suite.sys.baseUrl, '/links/resend', '/links/resend', {
        email: 'nobody@example.org',
      });
      expect(known.status).toBe(200);
      expect(unknown.status).toBe(200);
      const [a, b] = [await known.text(), await unknown.text()];
      expect(a).toBe(b);
      expect(a).toContain('If we have that address on file, we have sent it a message');
      await postForm(suite.sys.baseUrl, '/links/resend', '/links/resend', { email: 'c-lost@example.org' });
    });

    it("mails the address on file a link that opens the candidate's application", async () => {
      const mail = await suite.sys.catcher.waitFor(
        (m) => m.to.includes('c-lost@example.org') && m.subject === 'Your links to certflow',
      );
      const link = /(http:\/\/\S+\/applications\/\S+\?token=[\w.%-]+)/.exec(mail.text)![1]!;
      const { res: opened } = await openPage(suite.sys.baseUrl, new URL(link).pathname + new URL(link).search);
      expect(opened.status).toBe(200);
      expect(await opened.text()).toContain('Your CPCS application');
      expect(new URL(link).pathname).toBe(`/applications/${encodeURIComponent(applicationId)}`);
    });

    it('sends one email per slot: a repeated request in the slot starts nothing', async () => {
      // The slot's workflow id is taken: a repeated request in the slot starts nothing and sends nothing.
      const again = suite.sys.env.client.workflow.start(accessLinksWorkflowName, {
        workflowId: accessLinksWorkflowId('c-lost', new Date(pinned)),
        taskQueue: suite.sys.taskQueue,
        args: [{ candidateId: 'c-lost' }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      await expect(again).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      const rows = await suite.sys.db
        .selectFrom('email_log')
        .select('workflow_id')
        .where('kind', '=', 'access-links')
        .execute();
      expect(rows).toEqual([{ workflow_id: accessLinksWorkflowId('c-lost', new Date(pinned)) }]);
    });

    it('mails nothing to an address not on file', () => {
      expect(suite.sys.catcher.messages().filter((m) => m.to.includes('nobody@example.org'))).toEqual([]);
    });
  });

  it('shows a malformed address beside its field, keeping it', async () => {
    const res = await postForm(suite.sys.baseUrl, '/links/resend', '/links/resend', { email: 'not-an-email' });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('id="resend-email-error">Enter an email address like name@example.org.</span>');
    expect(page).toContain('value="not-an-email"');
  });
});
