import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../src/db/tables/audit-log';
import { findCertification, upsertCertification } from '../../src/db/tables/certifications';
import { entriesOfCycle, findCycle } from '../../src/db/tables/recertification';
import { newYorkDateOf, newYorkWallClockToInstant } from '../../src/domain/index';
import { signCandidateToken } from '../../src/lib/candidate-link';
import { signCertificantToken } from '../../src/lib/certificant-link';
import {
  certificationEarnedSignal,
  recertificationWorkflowId,
  type RecertificationStatus,
} from '../../src/workflows/recertification/contract';
import { eventually } from '../helpers/eventually';
import { admin, openPage, postForm, staffApiToken, testSecret } from '../helpers/system';
import { seedGoodStandingCases } from '../reports/seed';
import { startRecertSystem, type RecertSystem } from './recertification-system';

let sys: RecertSystem;
let staffToken: string;
const id = 'cert-ada';
const token = signCertificantToken(testSecret, id, new Date(), 30);
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

beforeAll(async () => {
  sys = await startRecertSystem();
  staffToken = await staffApiToken(sys, 'recert-test');
}, 120_000);
afterAll(async () => {
  await sys?.close();
});

const today = async () => newYorkDateOf(new Date(await sys.env.currentTimeMs()).toISOString());
const json = (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'x-candidate-token': token },
) =>
  fetch(`${sys.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const staff = (path: string, body: unknown = {}) => json('POST', path, body, { authorization: `Bearer ${staffToken}` });
const status = async () => (await (await json('GET', `/api/recertification/${id}`)).json()) as RecertificationStatus;

/** Adds an entry through the page form: CSRF cookie and field from the page, the certificate as a multipart file. */
async function addOnPage(
  fields: Record<string, string>,
  file: { bytes: Uint8Array; name: string; type: string } = {
    bytes: pdf,
    name: 'certificate.pdf',
    type: 'application/pdf',
  },
) {
  const { res: grid, cookie } = await openPage(
    sys.baseUrl,
    `/recertification/${id}?token=${encodeURIComponent(token)}`,
  );
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await grid.text())![1]!;
  const form = new FormData();
  form.append('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('certificate', new Blob([file.bytes], { type: file.type }), file.name);
  return fetch(`${sys.baseUrl}/recertification/${id}/entries?token=${encodeURIComponent(token)}`, {
    method: 'POST',
    body: form,
    headers: { cookie },
    redirect: 'manual',
  });
}

/** A certificant who just earned a credential, with their recertification workflow started by the earned signal. */
async function certify(c: {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  membership: 'member' | 'non-member';
  program: 'CPCS' | 'CPMSM';
  certifiedOn: string;
}) {
  const credentialId = `${c.id}-${c.program}`;
  await sys.db
    .insertInto('candidates')
    .values({ id: c.id, email: c.email, first_name: c.firstName, last_name: c.lastName, membership: c.membership })
    .execute();
  await upsertCertification(sys.db, {
    credentialId,
    candidateId: c.id,
    program: c.program,
    applicationId: `app-${c.id}`,
    certifiedOn: c.certifiedOn,
    expiresOn: c.certifiedOn,
  });
  await sys.env.client.workflow.signalWithStart('recertificationWorkflow', {
    workflowId: recertificationWorkflowId(c.id),
    taskQueue: sys.taskQueue,
    args: [{ certificantId: c.id }],
    signal: certificationEarnedSignal,
    signalArgs: [
      {
        certificantId: c.id,
        program: c.program,
        credentialId,
        certifiedOn: c.certifiedOn,
        firstName: c.firstName,
        lastName: c.lastName,
        membership: c.membership,
      },
    ],
  });
}

describe('recertification through the API and the pages', () => {
  describe('a certificant carries a cycle from the CE grid to renewal; staff determine; the GSR shows only good standing', () => {
    let certifiedOn: string;
    let s1: RecertificationStatus;
    let outcome: { outcome: string; nextDueDate: string };

    beforeAll(async () => {
      certifiedOn = await today();
      await certify({
        id,
        email: 'ada@example.test',
        firstName: 'Ada',
        lastName: 'Lovelace',
        membership: 'member',
        program: 'CPCS',
        certifiedOn,
      });
    }, 30_000);

    // Access: only through the certificant's own link; an application link is another kind of token.
    it("opens the grid only with the certificant's own link", async () => {
      expect((await fetch(`${sys.baseUrl}/recertification/${id}`)).status).toBe(401);
      expect(
        (
          await json('GET', `/api/recertification/${id}`, undefined, {
            'x-candidate-token': signCertificantToken(testSecret, 'someone-else', new Date(), 1),
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await json('GET', `/api/recertification/${id}`, undefined, {
            'x-candidate-token': signCandidateToken(testSecret, { applicationId: id, candidateId: id }, new Date(), 1),
          })
        ).status,
      ).toBe(401);
    }, 30_000);

    it('answers an invalid entry or certificate in words', async () => {
      const tooLong = await json('POST', `/api/recertification/${id}/entries`, {
        title: 'Conference',
        provider: 'NAMSS',
        completedOn: certifiedOn,
        hours: 41,
        kind: 'other',
      });
      expect(tooLong.status).toBe(422);
      expect(((await tooLong.json()) as { error: { message: string } }).error.message).toMatch(
        /at most 40 for one activity/,
      );
      const before = await json('POST', `/api/recertification/${id}/entries`, {
        title: 'Old course',
        provider: 'NAMSS',
        completedOn: '2001-01-01',
        hours: 2,
        kind: 'other',
      });
      expect(((await before.json()) as { error: { message: string } }).error.message).toMatch(
        /must be inside this cycle: from /,
      );
      const noTitle = await json('POST', `/api/recertification/${id}/entries`, {
        provider: 'NAMSS',
        completedOn: certifiedOn,
        hours: 2,
        kind: 'other',
      });
      expect(((await noTitle.json()) as { error: { fields: Record<string, string> } }).error.fields.title).toMatch(
        /title/,
      );
      const exe = await addOnPage(
        { title: 'Webinar', provider: 'NAMSS', completedOn: certifiedOn, hours: '1', kind: 'other' },
        { bytes: new Uint8Array([0x4d, 0x5a, 1, 2]), name: 'certificate.pdf', type: 'application/pdf' },
      );
      expect(exe.status).toBe(415);
    }, 30_000);

    it('shows an entry on the grid and its meter, but refuses submission before reporting opens', async () => {
      expect(
        (
          await addOnPage({
            title: 'Credentialing 101',
            provider: 'NAMSS Education Zone',
            completedOn: certifiedOn,
            hours: '10',
            kind: 'namss-approved',
          })
        ).status,
      ).toBe(303);
      const early = await json('POST', `/api/recertification/${id}/submit`, { attest: true, membership: 'member' });
      expect(early.status).toBe(409);
      const grid = await (
        await openPage(sys.baseUrl, `/recertification/${id}?token=${encodeURIComponent(token)}`)
      ).res.text();
      expect(grid).toMatch(/<meter id="ce-meter" min="0" max="30" value="10"[^>]*>33%<\/meter>/);
      expect(grid).toContain('Credentialing 101');
    }, 30_000);

    it('refuses staff a determination before the certificant submits', async () => {
      s1 = await status();
      const judgedEarly = await staff(`/api/staff/recertification/${id}/entries/${s1.entries[0]!.id}/determination`, {
        decision: 'accept',
        reason: 'looks fine',
      });
      expect(((await judgedEarly.json()) as { error: { message: string } }).error.message).toMatch(
        /determined only once the certificant submits/,
      );
    }, 30_000);

    // Reporting opens (the clock skips ahead); the certificant completes the grid and submits.
    it('accepts the completed grid once reporting opens, with the member fee', async () => {
      const opens = Date.parse(newYorkWallClockToInstant(s1.cycle!.reportingOpens, 10));
      await sys.env.sleep(opens - (await sys.env.currentTimeMs()));
      const on = s1.cycle!.reportingOpens;
      expect(
        (
          await addOnPage({
            title: 'Medical staff bylaws',
            provider: 'NAMSS',
            completedOn: on,
            hours: '5',
            kind: 'namss-approved',
          })
        ).status,
      ).toBe(303);
      expect(
        (
          await addOnPage({
            title: 'State conference',
            provider: 'State MSP association',
            completedOn: on,
            hours: '15',
            kind: 'other',
          })
        ).status,
      ).toBe(303);
      const submitted = await json('POST', `/api/recertification/${id}/submit`, { attest: true, membership: 'member' });
      expect(submitted.status).toBe(200);
      expect(((await submitted.json()) as { fee: { totalUsd: number } }).fee.totalUsd).toBe(175);
    }, 60_000);

    it('renews once staff accept every entry, each determination audited', async () => {
      for (const e of (await status()).entries) {
        expect(
          (
            await staff(`/api/staff/recertification/${id}/entries/${e.id}/determination`, {
              decision: 'accept',
              reason: 'Certificate matches the activity',
            })
          ).status,
        ).toBe(200);
      }
      outcome = (await (await staff(`/api/staff/recertification/${id}/determination/complete`)).json()) as {
        outcome: string;
        nextDueDate: string;
      };
      expect(outcome.outcome).toBe('renewed');
      expect((await auditFor(sys.db, `certificant:${id}`)).map((a) => a.action)).toEqual([
        ...Array(3).fill('recertification.entry.determine'),
        'recertification.determination.complete',
      ]);
    }, 30_000);

    // FAQ: confirmation email, the Good Standing Report, the badge updated.
    it('emails the confirmation with the next due date', async () => {
      const confirmation = await sys.catcher.waitFor((m) => m.subject === 'Your recertification is complete', 30_000);
      expect(confirmation.to).toEqual(['ada@example.test']);
      expect(confirmation.text).toContain(`due ${outcome.nextDueDate}`);
    }, 40_000);

    // The records people query: the cycle and its grid, written by the workflow's activities.
    it('records the renewed cycle, its accepted grid, the extended certification and one live badge', async () => {
      expect(await findCycle(sys.db, id, s1.cycle!.dueDate)).toMatchObject({
        stage: 'renewed',
        counted_hours: '30.00',
      });
      expect((await entriesOfCycle(sys.db, id, s1.cycle!.dueDate)).map((e) => e.status)).toEqual([
        'accepted',
        'accepted',
        'accepted',
      ]);
      const cert = await findCertification(sys.db, `${id}-CPCS`);
      expect(cert).toMatchObject({ status: 'active', expires_on: outcome.nextDueDate });
      expect(sys.credly.badges().filter((b) => b.state !== 'revoked')).toHaveLength(1);
    }, 30_000);

    it('lists only certificants in good standing in the regenerated Good Standing Report, as CSV and page', async () => {
      await seedGoodStandingCases(sys.db);
      const regenerated = await staff('/api/staff/good-standing/regenerate');
      expect(((await regenerated.json()) as { certificants: number }).certificants).toBe(3);
      const csv = await (await fetch(`${sys.baseUrl}/good-standing.csv`)).text();
      expect(csv.split('\r\n')[0]).toBe('Last name,First name,Credential(s),Initial certification,Current expiry');
      expect(csv).toContain(`Lovelace,Ada,CPCS,${certifiedOn},${outcome.nextDueDate}`);
      expect(csv).toContain("'=Hopper,Grace,CPCS + CPMSM,2023-03-10,2026-12-01");
      expect(csv).not.toMatch(/Failed|Lapsed/);
      const page = await (await fetch(`${sys.baseUrl}/good-standing`)).text();
      expect(page).toContain('<td>Lovelace</td>');
      expect(page).not.toMatch(/Failed|Lapsed/);
    }, 30_000);

    it('lets only staff regenerate the Good Standing Report', async () => {
      expect((await json('POST', '/api/staff/good-standing/regenerate', {}, {})).status).toBe(401);
    }, 30_000);
  });

  describe('extension by the page form, lapse at the extended due date, reinstatement by staff for the certificant (their route only, with a reason, audited) with its fee', () => {
    const bob = 'cert-bob';
    const bobToken = signCertificantToken(testSecret, bob, new Date(), 30);
    const headers = { 'x-candidate-token': bobToken };
    const pagePath = `/recertification/${bob}?token=${encodeURIComponent(bobToken)}`;
    const bobStatus = async () =>
      (await (await json('GET', `/api/recertification/${bob}`, undefined, headers)).json()) as RecertificationStatus;
    let cycle: NonNullable<RecertificationStatus['cycle']>;
    let until: string;
    let csrf: string;
    let cookie: string;
    let session: string;
    let staffForm: (path: string, fields: Record<string, string>) => Promise<Response>;

    beforeAll(async () => {
      await certify({
        id: bob,
        email: 'bob@example.test',
        firstName: 'Bob',
        lastName: 'Builder',
        membership: 'non-member',
        program: 'CPMSM',
        certifiedOn: await today(),
      });
      let st = await bobStatus();
      for (let i = 0; i < 50 && !st.cycle; i++) st = await bobStatus();
      cycle = st.cycle!;
    }, 60_000);

    it('records CE entries once reporting opens', async () => {
      await sys.env.sleep(
        Date.parse(newYorkWallClockToInstant(cycle.reportingOpens, 10)) - (await sys.env.currentTimeMs()),
      );
      for (const kind of ['namss-approved', 'other']) {
        expect(
          (
            await json(
              'POST',
              `/api/recertification/${bob}/entries`,
              { title: `Half ${kind}`, provider: 'NAMSS', completedOn: cycle.reportingOpens, hours: 7.5, kind },
              headers,
            )
          ).status,
        ).toBe(201);
      }
    }, 60_000);

    // The extension form: urlencoded with the page's CSRF field.
    it('extends the due date by the page form and shows the new deadline', async () => {
      const opened = await openPage(sys.baseUrl, pagePath);
      cookie = opened.cookie;
      csrf = /name="_csrf" value="([^"]+)"/.exec(await opened.res.text())![1]!;
      const extension = await fetch(
        `${sys.baseUrl}/recertification/${bob}/extension?token=${encodeURIComponent(bobToken)}`,
        {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
          body: new URLSearchParams({
            _csrf: csrf,
            request: 'A family emergency kept me from completing my CE this autumn.',
            months: '3',
          }).toString(),
        },
      );
      expect(extension.status).toBe(303);
      until = `${cycle.dueYear + 1}-03-01`;
      expect((await bobStatus()).deadline).toBe(until);
      const extendedPage = await (await openPage(sys.baseUrl, pagePath)).res.text();
      expect(extendedPage).toContain(`<dd id="deadline">${until}</dd>`);
    }, 30_000);

    // Past the extended due date: lapsed, and reinstatement is open (Jan 1 – Jun 1).
    it('lapses past the extended due date and emails that only reinstatement is left', async () => {
      await sys.env.sleep(
        Date.parse(newYorkWallClockToInstant(`${cycle.dueYear + 1}-03-02`, 10)) - (await sys.env.currentTimeMs()),
      );
      const lapsedEmail = await sys.catcher.waitFor(
        (m) => m.subject === 'Your certification has lapsed' && m.to.includes('bob@example.test'),
        30_000,
      );
      expect(await findCertification(sys.db, `${bob}-CPMSM`)).toMatchObject({ status: 'lapsed' });
      // After the extension only reinstatement is left, open from the lapse: the email and the page say the same.
      expect(lapsedEmail.text).toContain(
        `recertification was due ${cycle.dueDate}, your extension ran until ${until}, and recertification was not completed.`,
      );
      expect(lapsedEmail.text).toContain(`You may apply for reinstatement now and until ${cycle.dueYear + 1}-06-01`);
    }, 90_000);

    it('offers reinstatement on the page, and no second extension', async () => {
      const lapsedPage = await (await openPage(sys.baseUrl, pagePath)).res.text();
      expect(lapsedPage).toContain(
        `<p id="after-lapse">Your extension ran until ${until} and cannot be extended again. You may apply for reinstatement until ${cycle.dueYear + 1}-06-01, with the reinstatement fee.</p>`,
      );
      expect(lapsedPage).not.toContain('Request an extension');
    }, 30_000);

    // The certificant states their membership at submission (FAQ fee by membership): without it, 422 naming the field.
    it('asks the certificant to state their membership before reinstatement', async () => {
      const unstated = await json('POST', `/api/recertification/${bob}/reinstate`, { attest: true }, headers);
      expect(unstated.status).toBe(422);
      expect(
        ((await unstated.json()) as { error: { fields: Record<string, string> } }).error.fields.membership,
      ).toMatch(/State your NAMSS membership/);
    }, 30_000);

    it('names the CE hours still missing before reinstatement', async () => {
      const short = await json(
        'POST',
        `/api/recertification/${bob}/reinstate`,
        { attest: true, membership: 'non-member' },
        headers,
      );
      expect(((await short.json()) as { error: { message: string } }).error.message).toMatch(
        /Before you submit, add: 7.5 more hours of NAMSS-approved CE; 15 more hours of CE in total/,
      );
    }, 30_000);

    it('names the entries still missing a certificate before reinstatement', async () => {
      expect(
        (
          await json(
            'POST',
            `/api/recertification/${bob}/entries`,
            {
              title: 'Reinstatement CE',
              provider: 'NAMSS',
              completedOn: `${cycle.dueYear + 1}-02-01`,
              hours: 15,
              kind: 'namss-approved',
            },
            headers,
          )
        ).status,
      ).toBe(201);
      expect(
        (
          (await (
            await json(
              'POST',
              `/api/recertification/${bob}/reinstate`,
              { attest: true, membership: 'non-member' },
              headers,
            )
          ).json()) as { error: { message: string } }
        ).error.message,
      ).toMatch(/a certificate of completion for: Half namss-approved; Half other; Reinstatement CE/);
    }, 30_000);

    it("attaches a certificate to each entry from the certificant's page", async () => {
      for (const e of (await bobStatus()).entries) {
        const form = new FormData();
        form.append('_csrf', csrf);
        form.append('certificate', new Blob([pdf], { type: 'application/pdf' }), `${e.id}.pdf`);
        const attached = await fetch(`${sys.baseUrl}/api/recertification/${bob}/entries/${e.id}/certificate`, {
          method: 'POST',
          body: form,
          headers: { ...headers, cookie, 'x-csrf-token': csrf },
        });
        // The jar holds the grid's link cookie too (a browser would keep it to /recertification/): the header proves the page.
        expect(attached.status).toBe(200);
      }
    }, 30_000);

    // Bob asks by letter: staff reinstate for him, through their own route only, with a reason, audited.
    it("refuses staff on the certificant's own routes and points them to theirs", async () => {
      const staffOnOwnRoute = await json(
        'POST',
        `/api/recertification/${bob}/reinstate`,
        { attest: true, membership: 'non-member' },
        { authorization: `Bearer ${staffToken}` },
      );
      expect(staffOnOwnRoute.status).toBe(403);
      expect(((await staffOnOwnRoute.json()) as { error: { message: string } }).error.message).toContain(
        `POST /api/staff/recertification/${bob}/submit`,
      );
      expect(
        (await json('GET', `/api/recertification/${bob}`, undefined, { authorization: `Bearer ${staffToken}` })).status,
      ).toBe(403);
    }, 30_000);

    it('asks staff for a reason before reinstating for the certificant, and changes nothing without one', async () => {
      const noReason = await staff(`/api/staff/recertification/${bob}/reinstate`, { membership: 'non-member' });
      expect(
        ((await noReason.json()) as { error: { fields: Record<string, string> } }).error.fields.staffReason,
      ).toMatch(/Say why you act for the certificant/);
      expect((await bobStatus()).stage).toBe('reinstatement');
    }, 30_000);

    it('submits the reinstatement for the certificant with the reinstatement fee, audited with the reason', async () => {
      const reinstating = await staff(`/api/staff/recertification/${bob}/reinstate`, {
        attest: true,
        membership: 'non-member',
        staffReason: 'Written request received by post on his behalf',
      });
      expect(((await reinstating.json()) as { fee: unknown }).fee).toEqual({
        recertificationFeeUsd: 325,
        reinstatementFeeUsd: 100,
        totalUsd: 425,
      });
      const [onBehalf] = await auditFor(sys.db, `certificant:${bob}`);
      expect(onBehalf).toMatchObject({
        actor: `${admin.email} for certificant ${bob}`,
        action: 'recertification.reinstate.for-certificant',
        after: { staffReason: 'Written request received by post on his behalf' },
      });
    }, 30_000);

    // Staff determine on the console pages this time: signed in with a session, forms with CSRF.
    it("lists the submitted reinstatement on the staff console's work list", async () => {
      const login = await postForm(sys.baseUrl, '/staff/login', '/staff/login', {
        email: admin.email,
        password: admin.password,
      });
      session = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      // The work list reads the database, which the workflow writes just after the submission.
      await eventually(async () => {
        const list = await (
          await fetch(`${sys.baseUrl}/staff/recertification`, { headers: { cookie: session } })
        ).text();
        expect(list).toContain(`<a href="/staff/recertification/${bob}">Bob Builder</a>`);
      });
    }, 30_000);

    it('serves the uploaded certificate to signed-in staff only', async () => {
      const review = await fetch(`${sys.baseUrl}/staff/recertification/${bob}`, { headers: { cookie: session } });
      const reviewCookie = [session, ...review.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
      const reviewHtml = await review.text();
      const staffCsrf = /name="_csrf" value="([^"]+)"/.exec(reviewHtml)![1]!;
      const certificateHref = /href="(\/staff\/recertification\/cert-bob\/documents\/[^"]+)"/.exec(reviewHtml)![1]!;
      const certificate = await fetch(`${sys.baseUrl}${certificateHref}`, { headers: { cookie: session } });
      expect(certificate.headers.get('content-type')).toBe('application/pdf');
      expect(new Uint8Array(await certificate.arrayBuffer())).toEqual(pdf);
      expect((await fetch(`${sys.baseUrl}${certificateHref}`, { headers: headers })).status).toBe(401);
      staffForm = (path: string, fields: Record<string, string>) =>
        fetch(`${sys.baseUrl}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: reviewCookie },
          body: new URLSearchParams({ _csrf: staffCsrf, ...fields }).toString(),
        });
    }, 30_000);

    it('refuses to complete the determination while an entry is undetermined', async () => {
      const incomplete = await staffForm(`/staff/recertification/${bob}/determination/complete`, {});
      expect(incomplete.status).toBe(409);
      expect(await incomplete.text()).toContain('Accept or reject every submitted entry first');
    }, 30_000);

    it('reinstates the certification for three years once staff accept every entry on the console', async () => {
      for (const e of (await bobStatus()).entries) {
        expect(
          (
            await staffForm(`/staff/recertification/${bob}/entries/${e.id}/determination`, {
              decision: 'accept',
              reason: 'Documented',
            })
          ).status,
        ).toBe(303);
      }
      expect((await staffForm(`/staff/recertification/${bob}/determination/complete`, {})).status).toBe(303);
      await sys.catcher.waitFor((m) => m.subject === 'Your certification is reinstated', 30_000);
      expect(await findCertification(sys.db, `${bob}-CPMSM`)).toMatchObject({
        status: 'active',
        expires_on: `${cycle.dueYear + 3}-12-01`,
      });
    }, 60_000);
  });
});
