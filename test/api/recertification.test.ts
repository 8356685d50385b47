import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../src/db/tables/audit-log';
import { findCertification, upsertCertification } from '../../src/db/tables/certifications';
import { entriesOfCycle, findCycle } from '../../src/db/tables/recertification';
import { newYorkDateOf, newYorkWallClockToInstant } from '../../src/domain/index';
import { signCandidateToken } from '../../src/lib/candidate-link';
import { signCertificantToken } from '../../src/lib/certificant-link';
import { certificationEarnedSignal, recertificationWorkflowId, type RecertificationStatus } from '../../src/workflows/recertification/contract';
import { eventually } from '../helpers/eventually';
import { admin, openPage, postForm, testSecret } from '../helpers/system';
import { seedGoodStandingCases } from '../reports/seed';
import { startRecertSystem, type RecertSystem } from './recertification-system';

let sys: RecertSystem;
let staffToken: string;
const id = 'cert-ada';
const token = signCertificantToken(testSecret, id, new Date(), 30);
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

beforeAll(async () => {
  sys = await startRecertSystem();
  const res = await fetch(`${sys.baseUrl}/api/staff/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...admin, name: 'recert-test' }) });
  staffToken = ((await res.json()) as { token: string }).token;
}, 120_000);
afterAll(async () => {
  await sys?.close();
});

const today = async () => newYorkDateOf(new Date(await sys.env.currentTimeMs()).toISOString());
const json = (method: string, path: string, body?: unknown, headers: Record<string, string> = { 'x-candidate-token': token }) =>
  fetch(`${sys.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
const staff = (path: string, body: unknown = {}) => json('POST', path, body, { authorization: `Bearer ${staffToken}` });
const status = async () => (await (await json('GET', `/api/recertification/${id}`)).json()) as RecertificationStatus;

/** Adds an entry through the page form: CSRF cookie and field from the page, the certificate as a multipart file. */
async function addOnPage(fields: Record<string, string>, file: { bytes: Uint8Array; name: string; type: string } = { bytes: pdf, name: 'certificate.pdf', type: 'application/pdf' }) {
  const { res: grid, cookie } = await openPage(sys.baseUrl, `/recertification/${id}?token=${encodeURIComponent(token)}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await grid.text())![1]!;
  const form = new FormData();
  form.append('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('certificate', new Blob([file.bytes], { type: file.type }), file.name);
  return fetch(`${sys.baseUrl}/recertification/${id}/entries?token=${encodeURIComponent(token)}`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
}

describe('recertification through the API and the pages', () => {
  it('a certificant carries a cycle from the CE grid to renewal; staff determine; the GSR shows only good standing', async () => {
    const certifiedOn = await today();
    await sys.db.insertInto('candidates').values({ id, email: 'ada@example.test', first_name: 'Ada', last_name: 'Lovelace', membership: 'member' }).execute();
    await upsertCertification(sys.db, { credentialId: `${id}-CPCS`, candidateId: id, program: 'CPCS', applicationId: `app-${id}`, certifiedOn, expiresOn: certifiedOn });
    await sys.env.client.workflow.signalWithStart('recertificationWorkflow', {
      workflowId: recertificationWorkflowId(id),
      taskQueue: sys.taskQueue,
      args: [{ certificantId: id }],
      signal: certificationEarnedSignal,
      signalArgs: [{ certificantId: id, program: 'CPCS', credentialId: `${id}-CPCS`, certifiedOn, firstName: 'Ada', lastName: 'Lovelace', membership: 'member' }],
    });

    // Access: only through the certificant's own link; an application link is another kind of token.
    expect((await fetch(`${sys.baseUrl}/recertification/${id}`)).status).toBe(401);
    expect((await json('GET', `/api/recertification/${id}`, undefined, { 'x-candidate-token': signCertificantToken(testSecret, 'someone-else', new Date(), 1) })).status).toBe(404);
    expect((await json('GET', `/api/recertification/${id}`, undefined, { 'x-candidate-token': signCandidateToken(testSecret, { applicationId: id, candidateId: id }, new Date(), 1) })).status).toBe(401);

    // The grid's validators answer in words.
    const tooLong = await json('POST', `/api/recertification/${id}/entries`, { title: 'Conference', provider: 'NAMSS', completedOn: certifiedOn, hours: 41, kind: 'other' });
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as { error: { message: string } }).error.message).toMatch(/at most 40 for one activity/);
    const before = await json('POST', `/api/recertification/${id}/entries`, { title: 'Old course', provider: 'NAMSS', completedOn: '2001-01-01', hours: 2, kind: 'other' });
    expect(((await before.json()) as { error: { message: string } }).error.message).toMatch(/must be inside this cycle: from /);
    const noTitle = await json('POST', `/api/recertification/${id}/entries`, { provider: 'NAMSS', completedOn: certifiedOn, hours: 2, kind: 'other' });
    expect(((await noTitle.json()) as { error: { fields: Record<string, string> } }).error.fields.title).toMatch(/title/);
    const exe = await addOnPage({ title: 'Webinar', provider: 'NAMSS', completedOn: certifiedOn, hours: '1', kind: 'other' }, { bytes: new Uint8Array([0x4d, 0x5a, 1, 2]), name: 'certificate.pdf', type: 'application/pdf' });
    expect(exe.status).toBe(415);

    // Nothing is judged before submission, and submission waits for reporting.
    expect((await addOnPage({ title: 'Credentialing 101', provider: 'NAMSS Education Zone', completedOn: certifiedOn, hours: '10', kind: 'namss-approved' })).status).toBe(303);
    const early = await json('POST', `/api/recertification/${id}/submit`, { attest: true, membership: 'member' });
    expect(early.status).toBe(409);
    const grid = await (await openPage(sys.baseUrl, `/recertification/${id}?token=${encodeURIComponent(token)}`)).res.text();
    expect(grid).toMatch(/<meter id="ce-meter" min="0" max="30" value="10"[^>]*>33%<\/meter>/);
    expect(grid).toContain('Credentialing 101');
    const s1 = await status();
    const judgedEarly = await staff(`/api/staff/recertification/${id}/entries/${s1.entries[0]!.id}/determination`, { decision: 'accept', reason: 'looks fine' });
    expect(((await judgedEarly.json()) as { error: { message: string } }).error.message).toMatch(/determined only once the certificant submits/);

    // Reporting opens (the clock skips ahead); the certificant completes the grid and submits.
    const opens = Date.parse(newYorkWallClockToInstant(s1.cycle!.reportingOpens, 10));
    await sys.env.sleep(opens - (await sys.env.currentTimeMs()));
    const on = s1.cycle!.reportingOpens;
    expect((await addOnPage({ title: 'Medical staff bylaws', provider: 'NAMSS', completedOn: on, hours: '5', kind: 'namss-approved' })).status).toBe(303);
    expect((await addOnPage({ title: 'State conference', provider: 'State MSP association', completedOn: on, hours: '15', kind: 'other' })).status).toBe(303);
    const submitted = await json('POST', `/api/recertification/${id}/submit`, { attest: true, membership: 'member' });
    expect(submitted.status).toBe(200);
    expect(((await submitted.json()) as { fee: { totalUsd: number } }).fee.totalUsd).toBe(175);

    for (const e of (await status()).entries) {
      expect((await staff(`/api/staff/recertification/${id}/entries/${e.id}/determination`, { decision: 'accept', reason: 'Certificate matches the activity' })).status).toBe(200);
    }
    const outcome = (await (await staff(`/api/staff/recertification/${id}/determination/complete`)).json()) as { outcome: string; nextDueDate: string };
    expect(outcome.outcome).toBe('renewed');
    expect((await auditFor(sys.db, `certificant:${id}`)).map((a) => a.action)).toEqual([...Array(3).fill('recertification.entry.determine'), 'recertification.determination.complete']);

    // FAQ: confirmation email, the Good Standing Report, the badge updated.
    const confirmation = await sys.catcher.waitFor((m) => m.subject === 'Your recertification is complete', 30_000);
    expect(confirmation.to).toEqual(['ada@example.test']);
    expect(confirmation.text).toContain(`due ${outcome.nextDueDate}`);
    // The records people query: the cycle and its grid, written by the workflow's activities.
    expect(await findCycle(sys.db, id, s1.cycle!.dueDate)).toMatchObject({ stage: 'renewed', counted_hours: '30.00' });
    expect((await entriesOfCycle(sys.db, id, s1.cycle!.dueDate)).map((e) => e.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const cert = await findCertification(sys.db, `${id}-CPCS`);
    expect(cert).toMatchObject({ status: 'active', expires_on: outcome.nextDueDate });
    expect(sys.credly.badges().filter((b) => b.state !== 'revoked')).toHaveLength(1);

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
    expect((await json('POST', '/api/staff/good-standing/regenerate', {}, {})).status).toBe(401);
  }, 120_000);
  it('extension by the page form, lapse at the extended due date, reinstatement by staff for the certificant (their route only, with a reason, audited) with its fee', async () => {
    const bob = 'cert-bob';
    const bobToken = signCertificantToken(testSecret, bob, new Date(), 30);
    const headers = { 'x-candidate-token': bobToken };
    const certifiedOn = await today();
    await sys.db.insertInto('candidates').values({ id: bob, email: 'bob@example.test', first_name: 'Bob', last_name: 'Builder', membership: 'non-member' }).execute();
    await upsertCertification(sys.db, { credentialId: `${bob}-CPMSM`, candidateId: bob, program: 'CPMSM', applicationId: `app-${bob}`, certifiedOn, expiresOn: certifiedOn });
    await sys.env.client.workflow.signalWithStart('recertificationWorkflow', {
      workflowId: recertificationWorkflowId(bob),
      taskQueue: sys.taskQueue,
      args: [{ certificantId: bob }],
      signal: certificationEarnedSignal,
      signalArgs: [{ certificantId: bob, program: 'CPMSM', credentialId: `${bob}-CPMSM`, certifiedOn, firstName: 'Bob', lastName: 'Builder', membership: 'non-member' }],
    });
    const bobStatus = async () => (await (await json('GET', `/api/recertification/${bob}`, undefined, headers)).json()) as RecertificationStatus;
    let st = await bobStatus();
    for (let i = 0; i < 50 && !st.cycle; i++) st = await bobStatus();
    const cycle = st.cycle!;
    await sys.env.sleep(Date.parse(newYorkWallClockToInstant(cycle.reportingOpens, 10)) - (await sys.env.currentTimeMs()));
    for (const kind of ['namss-approved', 'other']) {
      expect((await json('POST', `/api/recertification/${bob}/entries`, { title: `Half ${kind}`, provider: 'NAMSS', completedOn: cycle.reportingOpens, hours: 7.5, kind }, headers)).status).toBe(201);
    }
    // The extension form: urlencoded with the page's CSRF field.
    const pagePath = `/recertification/${bob}?token=${encodeURIComponent(bobToken)}`;
    const { res: pageRes, cookie } = await openPage(sys.baseUrl, pagePath);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await pageRes.text())![1]!;
    const extension = await fetch(`${sys.baseUrl}/recertification/${bob}/extension?token=${encodeURIComponent(bobToken)}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, request: 'A family emergency kept me from completing my CE this autumn.', months: '3' }).toString(),
    });
    expect(extension.status).toBe(303);
    const until = `${cycle.dueYear + 1}-03-01`;
    expect((await bobStatus()).deadline).toBe(until);
    const extendedPage = await (await openPage(sys.baseUrl, pagePath)).res.text();
    expect(extendedPage).toContain(`<dd id="deadline">${until}</dd>`);

    // Past the extended due date: lapsed, and reinstatement is open (Jan 1 – Jun 1).
    await sys.env.sleep(Date.parse(newYorkWallClockToInstant(`${cycle.dueYear + 1}-03-02`, 10)) - (await sys.env.currentTimeMs()));
    const lapsedEmail = await sys.catcher.waitFor((m) => m.subject === 'Your certification has lapsed' && m.to.includes('bob@example.test'), 30_000);
    expect(await findCertification(sys.db, `${bob}-CPMSM`)).toMatchObject({ status: 'lapsed' });
    // After the extension only reinstatement is left, open from the lapse: the email and the page say the same.
    expect(lapsedEmail.text).toContain(`recertification was due ${cycle.dueDate}, your extension ran until ${until}, and recertification was not completed.`);
    expect(lapsedEmail.text).toContain(`You may apply for reinstatement now and until ${cycle.dueYear + 1}-06-01`);
    const lapsedPage = await (await openPage(sys.baseUrl, pagePath)).res.text();
    expect(lapsedPage).toContain(`<p id="after-lapse">Your extension ran until ${until} and cannot be extended again. You may apply for reinstatement until ${cycle.dueYear + 1}-06-01, with the reinstatement fee.</p>`);
    expect(lapsedPage).not.toContain('Request an extension');
    // The certificant states their membership at submission (FAQ fee by membership): without it, 422 naming the field.
    const unstated = await json('POST', `/api/recertification/${bob}/reinstate`, { attest: true }, headers);
    expect(unstated.status).toBe(422);
    expect(((await unstated.json()) as { error: { fields: Record<string, string> } }).error.fields.membership).toMatch(/State your NAMSS membership/);
    const short = await json('POST', `/api/recertification/${bob}/reinstate`, { attest: true, membership: 'non-member' }, headers);
    expect(((await short.json()) as { error: { message: string } }).error.message).toMatch(/Before you submit, add: 7.5 more hours of NAMSS-approved CE; 15 more hours of CE in total/);
    expect((await json('POST', `/api/recertification/${bob}/entries`, { title: 'Reinstatement CE', provider: 'NAMSS', completedOn: `${cycle.dueYear + 1}-02-01`, hours: 15, kind: 'namss-approved' }, headers)).status).toBe(201);
    expect(((await (await json('POST', `/api/recertification/${bob}/reinstate`, { attest: true, membership: 'non-member' }, headers)).json()) as { error: { message: string } }).error.message).toMatch(/a certificate of completion for: Half namss-approved; Half other; Reinstatement CE/);
    for (const e of (await bobStatus()).entries) {
      const form = new FormData();
      form.append('_csrf', csrf);
      form.append('certificate', new Blob([pdf], { type: 'application/pdf' }), `${e.id}.pdf`);
      const attached = await fetch(`${sys.baseUrl}/api/recertification/${bob}/entries/${e.id}/certificate`, { method: 'POST', body: form, headers: { ...headers, cookie, 'x-csrf-token': csrf } });
      // The jar holds the grid's link cookie too (a browser would keep it to /recertification/): the header proves the page.
      expect(attached.status).toBe(200);
    }
    // Bob asks by letter: staff reinstate for him, through their own route only, with a reason, audited.
    const staffOnOwnRoute = await json('POST', `/api/recertification/${bob}/reinstate`, { attest: true, membership: 'non-member' }, { authorization: `Bearer ${staffToken}` });
    expect(staffOnOwnRoute.status).toBe(403);
    expect(((await staffOnOwnRoute.json()) as { error: { message: string } }).error.message).toContain(`POST /api/staff/recertification/${bob}/submit`);
    expect((await json('GET', `/api/recertification/${bob}`, undefined, { authorization: `Bearer ${staffToken}` })).status).toBe(403);
    const noReason = await staff(`/api/staff/recertification/${bob}/reinstate`, { membership: 'non-member' });
    expect(((await noReason.json()) as { error: { fields: Record<string, string> } }).error.fields.staffReason).toMatch(/Say why you act for the certificant/);
    expect((await bobStatus()).stage).toBe('reinstatement');
    const reinstating = await staff(`/api/staff/recertification/${bob}/reinstate`, { attest: true, membership: 'non-member', staffReason: 'Written request received by post on his behalf' });
    expect(((await reinstating.json()) as { fee: unknown }).fee).toEqual({ recertificationFeeUsd: 325, reinstatementFeeUsd: 100, totalUsd: 425 });
    const [onBehalf] = await auditFor(sys.db, `certificant:${bob}`);
    expect(onBehalf).toMatchObject({ actor: `${admin.email} for certificant ${bob}`, action: 'recertification.reinstate.for-certificant', after: { staffReason: 'Written request received by post on his behalf' } });
    // Staff determine on the console pages this time: signed in with a session, forms with CSRF.
    const login = await postForm(sys.baseUrl, '/staff/login', '/staff/login', { email: admin.email, password: admin.password });
    const session = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    // The work list reads the database, which the workflow writes just after the submission.
    await eventually(async () => {
      const list = await (await fetch(`${sys.baseUrl}/staff/recertification`, { headers: { cookie: session } })).text();
      expect(list).toContain(`<a href="/staff/recertification/${bob}">Bob Builder</a>`);
    });
    const review = await fetch(`${sys.baseUrl}/staff/recertification/${bob}`, { headers: { cookie: session } });
    const reviewCookie = [session, ...review.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
    const reviewHtml = await review.text();
    const staffCsrf = /name="_csrf" value="([^"]+)"/.exec(reviewHtml)![1]!;
    const certificateHref = /href="(\/staff\/recertification\/cert-bob\/documents\/[^"]+)"/.exec(reviewHtml)![1]!;
    const certificate = await fetch(`${sys.baseUrl}${certificateHref}`, { headers: { cookie: session } });
    expect(certificate.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await certificate.arrayBuffer())).toEqual(pdf);
    expect((await fetch(`${sys.baseUrl}${certificateHref}`, { headers: headers })).status).toBe(401);
    const staffForm = (path: string, fields: Record<string, string>) =>
      fetch(`${sys.baseUrl}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: reviewCookie }, body: new URLSearchParams({ _csrf: staffCsrf, ...fields }).toString() });
    const incomplete = await staffForm(`/staff/recertification/${bob}/determination/complete`, {});
    expect(incomplete.status).toBe(409);
    expect(await incomplete.text()).toContain('Accept or reject every submitted entry first');
    for (const e of (await bobStatus()).entries) {
      expect((await staffForm(`/staff/recertification/${bob}/entries/${e.id}/determination`, { decision: 'accept', reason: 'Documented' })).status).toBe(303);
    }
    expect((await staffForm(`/staff/recertification/${bob}/determination/complete`, {})).status).toBe(303);
    await sys.catcher.waitFor((m) => m.subject === 'Your certification is reinstated', 30_000);
    expect(await findCertification(sys.db, `${bob}-CPMSM`)).toMatchObject({ status: 'active', expires_on: `${cycle.dueYear + 3}-12-01` });
  }, 120_000);
});
