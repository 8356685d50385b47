import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities/index';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { emailsFor } from '../../src/db/tables/email-log';
import { startMailCatcher, type MailCatcher } from '../../src/dev/mail-catcher';
import { createMailer, type Mailer } from '../../src/email/transport';
import { verifyLink } from '../../src/api/auth/link-grants';
import { signingKeys } from '../../src/lib/signing-keys';
import { openTestDatabase } from '../helpers/database';

const secret = 'activity-test-secret-activity-test-secret';
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let catcher: MailCatcher;
let mailer: Mailer;
let activities: ReturnType<typeof createActivities>;
const now = () => new Date('2027-01-15T15:00:00.000Z');

beforeAll(async () => {
  [database, catcher] = await Promise.all([openTestDatabase(), startMailCatcher()]);
  mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: 'certflow <no-reply@test.local>' });
  activities = createActivities({
    db: database.db,
    mailer,
    links: { secret, baseUrl: 'https://certflow.example', ttlDays: 30 },
    now,
  });
});
afterAll(async () => {
  mailer?.close();
  await catcher?.close();
  await database?.close();
});

const run = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A) =>
  new MockActivityEnvironment().run(fn, ...args);

describe('activities against the real database and an SMTP listener', () => {
  it('recordApplication is an upsert: running it again moves the stage and keeps one row', async () => {
    const candidate = await findOrCreateCandidate(database.db, {
      newId: 'cA',
      email: 'A@Example.org',
      firstName: 'Ann',
      lastName: 'Ash',
      membership: 'member',
    });
    const record = {
      id: 'app-1',
      candidateId: candidate.id,
      program: 'CPCS',
      windowId: '2027-spring',
      firstName: 'Ann',
      lastName: 'Ash',
      membership: 'member',
      submittedAt: now().toISOString(),
    };
    await run(activities.recordApplication, { ...record, stage: 'submitted' });
    await run(activities.recordApplication, { ...record, stage: 'eligibility-review' });
    const rows = await database.db.selectFrom('applications').selectAll().where('id', '=', 'app-1').execute();
    expect(rows.map((r) => r.stage)).toEqual(['eligibility-review']);
  });

  it('sendCandidateEmail goes to the email on file, once per (workflow, kind), however often it is retried', async () => {
    const candidate = await findOrCreateCandidate(database.db, {
      newId: 'cB',
      email: 'bea@example.org',
      firstName: 'Bea',
      lastName: 'Birch',
      membership: 'non-member',
    });
    // A second form with the same email never changes the name or address on file.
    await findOrCreateCandidate(database.db, {
      newId: 'cB2',
      email: 'BEA@example.org',
      firstName: 'Mallory',
      lastName: 'X',
      membership: 'member',
    });
    const input = {
      workflowId: 'wf-b',
      candidateId: candidate.id,
      applicationId: 'wf-b',
      message: { kind: 'application-received' as const, program: 'CPCS', windowId: '2027-spring' },
    };
    expect(await run(activities.sendCandidateEmail, input)).toEqual({ sent: true });
    expect(await run(activities.sendCandidateEmail, input)).toEqual({ sent: false });

    const caught = await catcher.waitFor((m) => m.to.includes('bea@example.org'));
    await new Promise((r) => setTimeout(r, 300));
    expect(catcher.messages().filter((m) => m.to.includes('bea@example.org'))).toHaveLength(1);
    expect(caught.text).toContain('Dear Bea');
    expect(caught.html).toContain('Dear Bea');
    expect(caught.headers['x-certflow-kind']).toBe('application-received');
    const token = new URL(/https:\/\/certflow\.example\S+/.exec(caught.text)![0]).searchParams.get('token')!;
    // The retry re-sent nothing and minted no second link: one row, and the emailed token opens it.
    expect(
      await verifyLink({ db: database.db, keys: signingKeys(secret) }, 'candidate-link', token, now()),
    ).toMatchObject({ subjectId: 'wf-b', candidateId: candidate.id });
    expect(
      await database.db
        .selectFrom('candidate_links')
        .select(['subject_id', 'revoked_at'])
        .where('candidate_id', '=', candidate.id)
        .execute(),
    ).toEqual([{ subject_id: 'wf-b', revoked_at: null }]);
    expect((await emailsFor(database.db, 'wf-b')).map((e) => [e.kind, e.status, e.recipient])).toEqual([
      ['application-received', 'sent', 'bea@example.org'],
    ]);
  });

  it('an unknown candidate fails without retry and sends nothing', async () => {
    const input = {
      workflowId: 'wf-x',
      candidateId: 'nobody',
      applicationId: 'wf-x',
      message: { kind: 'application-received' as const, program: 'CPCS', windowId: '2027-spring' },
    };
    await expect(run(activities.sendCandidateEmail, input)).rejects.toMatchObject({
      type: 'CandidateNotFound',
      nonRetryable: true,
    });
  });
});
