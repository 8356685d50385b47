import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLink } from '../../src/api/auth/link-grants';
import { csrfToken, verifyCsrf } from '../../src/api/auth/csrf';
import type { CaughtEmail } from '../../src/dev/mail-catcher';
import { mintLink } from '../../src/lib/mint-link';
import { signingKeys } from '../../src/lib/signing-keys';
import { statusQuery } from '../../src/workflows/exam-application/contract';
import { attestationJson } from '../helpers/attestation';
import { eventually } from '../helpers/eventually';
import { admin, openPage, postForm, staffApiToken, startSystem, testSecret, type System } from '../helpers/system';
import { auditFor } from '../../src/db/tables/audit-log';

let sys: System;
beforeAll(async () => {
  sys = await startSystem({ now: () => new Date() });
});
afterAll(async () => {
  await sys?.close();
});

const form = {
  firstName: 'Lin',
  lastName: 'Kowalski',
  email: 'lin@example.org',
  membership: 'member',
  program: 'CPCS',
  windowId: '2027-spring',
  ...attestationJson,
};
const apply = async () => {
  const res = await fetch(`${sys.baseUrl}/apply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const linkIn = (mail: CaughtEmail) =>
  new URL(/(http:\/\/\S+\/applications\/[^\s/]+\?token=[\w.%-]+)/.exec(mail.text)![1]!);
const pathOf = (url: URL) => `${url.pathname}${url.search}`;
const mailTo = (subject: string) =>
  sys.catcher.waitFor((m) => m.to.includes('lin@example.org') && m.subject.startsWith(subject), 20_000);
const asScript = (url: URL, path = `/api${url.pathname}/status`) =>
  fetch(`${sys.baseUrl}${path}`, { headers: { 'x-candidate-token': url.searchParams.get('token')! } });

describe('candidate links: ids, revocation, the cookie exchange and /apply', () => {
  let applicationId: string;
  let first: URL; // from the confirmation email
  let repeatLink: URL; // from the "already have" email

  describe('/apply answers a new and a repeated application alike; the emails differ, and the same form twice sends one', () => {
    let created: Awaited<ReturnType<typeof apply>>;

    it('emails the new application a link and starts its case in eligibility review', async () => {
      created = await apply();
      const received = await mailTo('We received your CPCS');
      first = linkIn(received);
      applicationId = decodeURIComponent(first.pathname.split('/')[2]!);
      await eventually(async () =>
        expect((await sys.env.client.workflow.getHandle(applicationId).query(statusQuery)).stage).toBe(
          'eligibility-review',
        ),
      );
    });

    it('answers the same form sent twice more exactly as it answered the new application', async () => {
      const repeated = await apply();
      const again = await apply();
      expect(repeated).toEqual(created);
      expect(again).toEqual(created);
      expect(created).toEqual({
        status: 200,
        body: { applicationId, program: 'CPCS', windowId: '2027-spring', accommodation: false },
      });
    });

    it('emails the repeat that nothing changed, with a link of its own that works', async () => {
      const notice = await mailTo('You already have this application');
      expect(notice.text).toContain('we did not start a second one; nothing has changed on it');
      repeatLink = linkIn(notice);
      expect(repeatLink.searchParams.get('token')).not.toBe(first.searchParams.get('token'));
      expect((await asScript(repeatLink)).status).toBe(200);
    });

    it('sends one notice for the two repeated forms', async () => {
      // One notice for the two repeated forms (one workflow per ten-minute slot, one email per workflow).
      await eventually(async () =>
        expect(
          await sys.db.selectFrom('email_log').select('kind').where('kind', '=', 'application-repeated').execute(),
        ).toHaveLength(1),
      );
      expect(sys.catcher.messages().filter((m) => m.subject === 'You already have this application')).toHaveLength(1);
    });
  });

  describe('an emailed link becomes a short-lived HttpOnly cookie for that application, and the address and the page lose the token', () => {
    let exchanged: Response;

    it("exchanges the emailed link for a redirect to the application's clean address", async () => {
      exchanged = await fetch(`${sys.baseUrl}${pathOf(first)}`, { redirect: 'manual' });
      expect(exchanged.status).toBe(303);
      expect(exchanged.headers.get('location')).toBe(`/applications/${encodeURIComponent(applicationId)}`);
    });

    it('sets a two-hour HttpOnly, SameSite=Lax cookie for that application only', () => {
      const [cookie] = exchanged.headers.getSetCookie();
      expect(cookie).toMatch(/^certflow_link=a2\./);
      expect(cookie).toContain(`Path=/applications/${encodeURIComponent(applicationId)}`);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Lax');
      expect(cookie).toContain('Max-Age=7200');
    });

    it('shows the application at an address without the token, and nowhere on the page', async () => {
      const opened = await openPage(sys.baseUrl, pathOf(first));
      expect(opened.url.search).toBe('');
      const page = await opened.res.text();
      expect(opened.res.status).toBe(200);
      expect(page).toContain('Your CPCS application');
      expect(page).not.toContain('token=');
      expect(page).not.toContain(first.searchParams.get('token')!);
    });

    it('keeps the clean address closed without the cookie', async () => {
      // Without the cookie the clean address is closed.
      expect((await fetch(`${sys.baseUrl}/applications/${encodeURIComponent(applicationId)}`)).status).toBe(401);
    });
  });

  it('a form posted with the cookie passes the CSRF guard from our page; from another site, or without the token, it is refused', async () => {
    const action = `/applications/${encodeURIComponent(applicationId)}/withdraw`;
    const opened = await openPage(sys.baseUrl, pathOf(first));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await opened.res.text())![1]!;
    const post = (headers: Record<string, string>, fields: Record<string, string>) =>
      fetch(`${sys.baseUrl}${action}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: opened.cookie, ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    // Same site, valid token, no confirmation box: it got past the link and the CSRF checks to the form's own check.
    const ours = await post({ origin: sys.baseUrl }, { _csrf: csrf, reason: 'changing plans' });
    expect(ours.status).toBe(422);
    expect(await ours.text()).toContain('Tick the box to confirm');
    const crossSite = await post(
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { _csrf: csrf, confirm: 'yes' },
    );
    expect(crossSite.status).toBe(403);
    const noToken = await post({}, { confirm: 'yes' });
    expect(noToken.status).toBe(403);
    const status = await sys.env.client.workflow.getHandle(applicationId).query(statusQuery);
    expect(status.withdrawal).toBeUndefined();
  });

  describe('"Lost your link?" revokes every older link (and the cookie made from one); the new link works', () => {
    let oldCookie: string;
    let fresh: URL;

    it('mails a fresh link when asked', async () => {
      oldCookie = (await openPage(sys.baseUrl, pathOf(first))).cookie;
      sys.catcher.clear();
      expect((await postForm(sys.baseUrl, '/links/resend', '/links/resend', { email: 'lin@example.org' })).status).toBe(
        200,
      );
      fresh = linkIn(await mailTo('Your links to certflow'));
    });

    it('refuses every older link, saying how to get a fresh one', async () => {
      await eventually(async () => {
        for (const old of [first, repeatLink]) {
          const refused = await asScript(old);
          expect(refused.status).toBe(401);
          expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
            'This link is not valid any more. Use "Lost your link?" at /links/resend and we will email you a fresh one.',
          );
        }
      });
    });

    it('closes the page to the cookie made from an older link, pointing to "Lost your link?"', async () => {
      const viaOldCookie = await fetch(`${sys.baseUrl}/applications/${encodeURIComponent(applicationId)}`, {
        headers: { cookie: oldCookie },
      });
      expect(viaOldCookie.status).toBe(401);
      expect(await viaOldCookie.text()).toContain('Lost your link?');
    });

    it('no longer exchanges a revoked link for a cookie', async () => {
      // A revoked link is not exchanged for a cookie: the page answers 401 in place.
      expect((await fetch(`${sys.baseUrl}${pathOf(first)}`, { redirect: 'manual' })).status).toBe(401);
    });

    it('opens the application with the new link, in the browser and from a script', async () => {
      expect((await openPage(sys.baseUrl, pathOf(fresh))).res.status).toBe(200);
      expect((await asScript(fresh)).status).toBe(200);
    });
  });

  it('/apply for a closed application answers the same again; the email says why it cannot be reopened', async () => {
    const before = await apply();
    const fresh = linkIn(await mailTo('Your links to certflow'));
    const withdrawn = await fetch(`${sys.baseUrl}/api/applications/${encodeURIComponent(applicationId)}/withdraw`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-candidate-token': fresh.searchParams.get('token')! },
      body: JSON.stringify({ inWriting: true, reason: 'moving abroad' }),
    });
    expect(withdrawn.status).toBe(200);
    await eventually(
      async () =>
        expect((await sys.env.client.workflow.getHandle(applicationId).describe()).status.name).not.toBe('RUNNING'),
      20_000,
    );

    const closed = await apply();
    expect(closed).toEqual(before);
    const notice = await mailTo('Your application for this window is closed');
    expect(notice.text).toContain(
      'is closed (it was withdrawn), and a closed application cannot be reopened for the same window',
    );
    expect(notice.text).not.toContain('token=');
  });

  it('staff revoke every link of a candidate: needs a role that may decide cases, is audited, and the link stops working', async () => {
    const fresh = linkIn(await mailTo('Your links to certflow'));
    const candidateId = (
      await sys.db
        .selectFrom('applications')
        .select('candidate_id')
        .where('id', '=', applicationId)
        .executeTakeFirstOrThrow()
    ).candidate_id;
    const url = `${sys.baseUrl}/api/staff/candidates/${encodeURIComponent(candidateId)}/links/revoke`;
    expect(
      (await fetch(url, { method: 'POST', headers: { 'x-candidate-token': fresh.searchParams.get('token')! } })).status,
    ).toBe(401);
    const bearer = { authorization: `Bearer ${await staffApiToken(sys, 'links-test')}` };
    const revoked = await fetch(url, { method: 'POST', headers: bearer });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revoked: number }).revoked).toBeGreaterThan(0);
    expect((await asScript(fresh)).status).toBe(401);
    expect((await auditFor(sys.db, `candidate:${candidateId}`)).map((a) => [a.actor, a.action])).toEqual([
      [admin.email, 'candidate.links.revoke'],
    ]);
  });
});

describe('one key per purpose, with key ids', () => {
  it('a link signed with a rotated-out key is refused while the other purposes keep working; a key kept in the list still verifies', async () => {
    const k1 = Buffer.alloc(32, 1).toString('base64');
    const k2 = Buffer.alloc(32, 2).toString('base64');
    const before = signingKeys(testSecret, { 'candidate-link': `k1:${k1}` });
    const rotated = signingKeys(testSecret, { 'candidate-link': `k2:${k2}` });
    const overlapping = signingKeys(testSecret, { 'candidate-link': `k2:${k2},k1:${k1}` });
    const now = new Date();
    const link = (purpose: 'candidate-link' | 'certificant-link', origin: string) =>
      mintLink(
        { db: sys.db, keys: before },
        {
          purpose,
          subjectId: 'app-rot',
          candidateId: 'c-rot',
          origin,
          issuedAt: now,
          expiresAt: new Date(now.getTime() + 86_400_000),
        },
      );
    const application = await link('candidate-link', 'rotation-test');
    const grid = await link('certificant-link', 'rotation-test');
    expect(application.token).toMatch(/^a2\.lk_[\w-]+\.k1\./);

    await expect(
      verifyLink({ db: sys.db, keys: rotated }, 'candidate-link', application.token, now),
    ).rejects.toMatchObject({ status: 401 });
    expect(await verifyLink({ db: sys.db, keys: overlapping }, 'candidate-link', application.token, now)).toMatchObject(
      { subjectId: 'app-rot' },
    );
    // The certificant keys were not rotated: the grid link still opens.
    expect(await verifyLink({ db: sys.db, keys: rotated }, 'certificant-link', grid.token, now)).toMatchObject({
      subjectId: 'app-rot',
    });
    // Neither kind opens the other's door.
    await expect(
      verifyLink({ db: sys.db, keys: before }, 'certificant-link', application.token, now),
    ).rejects.toMatchObject({ status: 401 });

    // The CSRF keys were not rotated either: a token from before still passes.
    const req = {
      cookies: {} as Record<string, string>,
      method: 'POST',
      get: () => undefined,
      is: (t: string) => (t === 'application/x-www-form-urlencoded' ? t : false),
    };
    const res = { cookie: () => undefined };
    const token = csrfToken(req as never, res as never, before, false);
    const outcome = await new Promise<unknown>((resolve) =>
      verifyCsrf(rotated)({ ...req, body: { _csrf: token } } as never, {} as never, resolve),
    );
    expect(outcome).toBeUndefined();
    const forged = await new Promise<unknown>((resolve) =>
      verifyCsrf(signingKeys(testSecret, { csrf: `k2:${k2}` }))(
        { ...req, body: { _csrf: token } } as never,
        {} as never,
        resolve,
      ),
    );
    expect(forged).toMatchObject({ status: 403 });
  });
});
