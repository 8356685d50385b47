import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../src/db/tables/audit-log';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { findCertification, upsertCertification } from '../../src/db/tables/certifications';
import { findCycle } from '../../src/db/tables/recertification';
import { newYorkDateOf, newYorkWallClockToInstant } from '../../src/domain/index';
import { signCandidateToken } from '../../src/lib/candidate-link';
import { examApplicationWorkflowId, statusQuery } from '../../src/workflows/exam-application/contract';
import type { RecertificationStatus } from '../../src/workflows/recertification/contract';
import { eventually } from '../helpers/eventually';
import { serverClock } from '../helpers/server-clock';
import { staffLogin } from '../helpers/staff-login';
import { admin, postForm, startSystem, testSecret, type System } from '../helpers/system';
import { Certificant } from '../workflows/recertification-harness';

// On the time-skipping server, cases cross months and years; the API's clock follows the server's.
const clock = serverClock();
let sys: System;
let bearer: Record<string, string>;
beforeAll(async () => {
  sys = await startSystem({ now: clock.now, timeSkipping: true, taskQueue: 'attention-over-time' });
  await clock.sync(sys.env);
});
afterAll(async () => {
  await sys?.close();
});

/** Staff tokens expire with the API's clock: a fresh one after each jump of the server's. */
async function jumpTo(instant: string) {
  await clock.jumpTo(sys.env, instant);
  const res = await fetch(`${sys.baseUrl}/api/staff/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...admin, name: `attention-${instant}` }),
  });
  bearer = { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}
const post = (path: string, body: unknown, headers: Record<string, string> = bearer) =>
  fetch(`${sys.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const sentOfKind = (workflowId: string, kind: string) =>
  sys.catcher
    .messages()
    .filter((m) => m.headers['x-certflow-workflow'] === workflowId && m.headers['x-certflow-kind'] === kind);

describe('needs attention and cancellation across months, on real records', () => {
  describe('a cancel from Temporal UI gives the seat back at the vendor, records the stage and tells the candidate once', () => {
    const keys = { candidateId: 'c-cancel', program: 'CPCS' as const, windowId: '2027-spring' };
    const id = examApplicationWorkflowId(keys);
    let handle: WorkflowHandle;
    const seat = () =>
      sys.db.selectFrom('vendor_seats').select('site_id').where('application_id', '=', id).executeTakeFirst();

    it('books the approved application for Wednesday, March 10, 2027, holding a seat at the vendor', async () => {
      await jumpTo(clock.now().toISOString());
      await findOrCreateCandidate(sys.db, {
        newId: 'c-cancel',
        email: 'cancel@example.org',
        firstName: 'Carl',
        lastName: 'Cancel',
        membership: 'member',
      });
      handle = await sys.env.client.workflow.start('examApplicationWorkflow', {
        workflowId: id,
        taskQueue: sys.taskQueue,
        args: [
          {
            ...keys,
            applicationId: id,
            candidate: { firstName: 'Carl', lastName: 'Cancel', membership: 'member' },
            submittedAt: clock.now().toISOString(),
          },
        ],
      });
      await eventually(async () => expect((await handle.query(statusQuery)).stage).toBe('eligibility-review'));
      expect(
        (await post(`/api/staff/applications/${encodeURIComponent(id)}/eligibility`, { decision: 'approve' })).status,
      ).toBe(200);
      await jumpTo('2027-02-01T14:01:00.000Z');
      await eventually(async () => expect((await handle.query(statusQuery)).stage).toBe('scheduling'));
      const candidate = {
        'x-candidate-token': signCandidateToken(
          testSecret,
          { applicationId: id, candidateId: 'c-cancel' },
          clock.now(),
          30,
        ),
      };
      expect(
        (
          await post(
            `/api/applications/${encodeURIComponent(id)}/appointment`,
            { examDate: '2027-03-10', site: 'CHI-01' },
            candidate,
          )
        ).status,
      ).toBe(200);
      expect(await seat()).toEqual({ site_id: 'CHI-01' });
    }, 60_000);

    it('ends the case when cancelled from Temporal UI and gives the seat back at the vendor', async () => {
      await handle.cancel();
      await eventually(async () => expect((await handle.describe()).status.name).toBe('CANCELLED'), 20_000);
      expect(await seat()).toBeUndefined();
    }, 30_000);

    it('records the cancelled stage on the application', async () => {
      expect(
        await sys.db.selectFrom('applications').select('stage').where('id', '=', id).executeTakeFirstOrThrow(),
      ).toEqual({ stage: 'cancelled' });
    });

    it('emails the candidate once that the seat of Wednesday, March 10, 2027 was released', async () => {
      const told = await sys.catcher.waitFor(
        (m) => m.headers['x-certflow-workflow'] === id && m.headers['x-certflow-kind'] === 'application-cancelled',
      );
      expect(told.to).toEqual(['cancel@example.org']);
      expect(told.text).toContain('Wednesday, March 10, 2027 at CHI-01 was released at the test vendor');
      expect(sentOfKind(id, 'application-cancelled')).toHaveLength(1);
    }, 30_000);
  });

  describe('a lapse whose badge is unknown to the platform parks the cycle; staff resolve it on the review page and the lapse completes', () => {
    const id = 'cert-att-lapse';
    let cycle: NonNullable<RecertificationStatus['cycle']>;
    let cookie: string;
    const status = async () =>
      (await (
        await fetch(`${sys.baseUrl}/api/staff/recertification/${id}`, { headers: bearer })
      ).json()) as RecertificationStatus;

    it('starts the recertification cycle of a certification whose badge the platform never issued', async () => {
      await jumpTo(clock.now().toISOString());
      const certifiedOn = newYorkDateOf(clock.now().toISOString());
      await sys.db
        .insertInto('candidates')
        .values({ id, email: 'lapse@example.org', first_name: 'Lena', last_name: 'Lapse', membership: 'member' })
        .execute();
      await upsertCertification(sys.db, {
        credentialId: `${id}-CPCS`,
        candidateId: id,
        program: 'CPCS',
        applicationId: `app-${id}`,
        certifiedOn,
        expiresOn: certifiedOn,
      });
      // The badge id on file was never issued by this platform: revoking it is refused (404), retrying cannot help.
      await sys.db
        .updateTable('certifications')
        .set({ badge_id: 'badge-never-issued' })
        .where('credential_id', '=', `${id}-CPCS`)
        .execute();
      await new Certificant(sys.env, sys.taskQueue, id).certify('CPCS', certifiedOn);
      cycle = (
        await eventually(async () => {
          const s = await status();
          expect(s.cycle).toBeDefined();
          return s;
        })
      ).cycle!;
    }, 30_000);

    it('parks the lapse at the badge revocation the platform refuses with 404 Badge not found', async () => {
      await jumpTo(newYorkWallClockToInstant(`${cycle.dueYear}-12-02`, 10));
      const parked = await eventually(async () => {
        const s = await status();
        expect(s.stage).toBe('needs-attention');
        return s;
      }, 20_000);
      expect(parked.attention).toMatchObject({
        activity: 'revokeBadge',
        failureType: 'BadgeRejected',
        resolvable: true,
      });
      expect(parked.attention!.reason).toMatch(/404 Badge not found/);
    }, 45_000);

    it('records the cycle as needing attention and the certification as lapsed', async () => {
      expect(await findCycle(sys.db, id, cycle.dueDate)).toMatchObject({ stage: 'needs-attention' });
      expect(await findCertification(sys.db, `${id}-CPCS`)).toMatchObject({ status: 'lapsed' });
    });

    it("lists the case in the staff queue and shows the platform's reason on its review page", async () => {
      cookie = await staffLogin(sys.baseUrl);
      const home = await (await fetch(`${sys.baseUrl}/staff`, { headers: { cookie } })).text();
      expect(home).toContain(`href="/staff/recertification/${id}#attention"`);
      const review = await (await fetch(`${sys.baseUrl}/staff/recertification/${id}`, { headers: { cookie } })).text();
      expect(review).toMatch(/id="attention-reason">badge platform refused .*404 Badge not found/);
    }, 30_000);

    it('refuses the resolution form without a note, saying what is missing', async () => {
      // The form without a note is refused on the page, with what is missing.
      const noNote = await postForm(
        sys.baseUrl,
        `/staff/recertification/${id}`,
        `/staff/recertification/${id}/attention`,
        { action: 'resolved' },
        cookie,
      );
      expect(noNote.status).toBe(422);
      expect(await noNote.text()).toContain('Say what was done by hand');
    }, 30_000);

    it('takes the resolution with its note and sends staff back to the page', async () => {
      const resolved = await postForm(
        sys.baseUrl,
        `/staff/recertification/${id}`,
        `/staff/recertification/${id}/attention`,
        { action: 'resolved', note: 'No such badge at Credly: nothing to revoke.' },
        cookie,
      );
      expect(resolved.status).toBe(303);
    }, 30_000);

    it('completes the lapse, recording it and emailing the certificant once', async () => {
      const lapsedEmail = await sys.catcher.waitFor(
        (m) => m.subject === 'Your certification has lapsed' && m.to.includes('lapse@example.org'),
        30_000,
      );
      expect(lapsedEmail).toBeDefined();
      await eventually(
        async () => expect(await findCycle(sys.db, id, cycle.dueDate)).toMatchObject({ stage: 'lapsed' }),
        20_000,
      );
      expect((await status()).stage).toBe('lapsed');
      expect(
        sys.catcher
          .messages()
          .filter((m) => m.subject === 'Your certification has lapsed' && m.to.includes('lapse@example.org')),
      ).toHaveLength(1);
    }, 60_000);

    it('audits the resolution with the staff member, the parked step and the note', async () => {
      const audited = (await auditFor(sys.db, `certificant:${id}`)).filter((e) =>
        e.action.startsWith('recertification.attention.'),
      );
      expect(audited).toMatchObject([
        {
          action: 'recertification.attention.resolved',
          actor: admin.email,
          before: { stage: 'needs-attention', step: `revoke the Credly badge (${id}-CPCS)` },
          after: { action: 'resolved', note: 'No such badge at Credly: nothing to revoke.' },
        },
      ]);
    });
  });
});
