import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities/index';
import { findApplicationDetails } from '../../src/db/tables/application-details';
import { transfersOf } from '../../src/db/tables/application-transfers';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import type { Mailer } from '../../src/email/transport';
import { openTestDatabase } from '../helpers/database';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let activities: ReturnType<typeof createActivities>;
const mailer: Mailer = {
  messageIdFor: (slot) => `<${slot}@test>`,
  send: async () => ({ messageId: undefined }),
  close: () => undefined,
};
const run = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A) =>
  new MockActivityEnvironment().run(fn, ...args) as Promise<R>;

beforeAll(async () => {
  database = await openTestDatabase();
  activities = createActivities({
    db: database.db,
    mailer,
    links: { secret: 'lifecycle-activity-secret-lifecycle-activity', baseUrl: 'http://localhost', ttlDays: 30 },
  });
  await findOrCreateCandidate(database.db, {
    newId: 'cL',
    email: 'l@example.org',
    firstName: 'Lin',
    lastName: 'Lee',
    membership: 'member',
  });
  const base = {
    candidateId: 'cL',
    program: 'CPCS',
    firstName: 'Lin',
    lastName: 'Lee',
    membership: 'member',
    stage: 'scheduled',
    submittedAt: '2026-11-28T12:00:00.000Z',
  };
  await run(activities.recordApplication, { ...base, id: 'app-summer', windowId: '2027-summer' });
  await run(activities.recordApplication, { ...base, id: 'app-spring', windowId: '2027-spring' });
  await run(activities.recordApplication, { ...base, id: 'app-fall-cpmsm', program: 'CPMSM', windowId: '2027-fall' });
});
afterAll(async () => {
  await database?.close();
});

describe('lifecycle activities against the real database', () => {
  it('recordTransfer moves the application to the next window once, however often it runs, and clears the appointment', async () => {
    await run(activities.recordAppointment, {
      applicationId: 'app-summer',
      examDate: '2027-06-24',
      site: 'CHI-01',
      startsAt: null,
    });
    const transfer = {
      applicationId: 'app-summer',
      fromWindowId: '2027-summer',
      toWindowId: '2027-fall',
      feeUsd: 100,
      requestedAt: '2027-06-16T20:00:00.000Z',
    };
    await run(activities.recordTransfer, transfer);
    await run(activities.recordTransfer, transfer);
    expect(
      (
        await database.db
          .selectFrom('applications')
          .select('window_id')
          .where('id', '=', 'app-summer')
          .executeTakeFirstOrThrow()
      ).window_id,
    ).toBe('2027-fall');
    expect(
      (await transfersOf(database.db, 'app-summer')).map((t) => [t.from_window_id, t.to_window_id, Number(t.fee_usd)]),
    ).toEqual([['2027-summer', '2027-fall', 100]]);
    expect(await findApplicationDetails(database.db, 'app-summer')).toMatchObject({ exam_date: null, exam_site: null });
  });

  it('a transfer onto a window the candidate already applied for is refused, not retried', async () => {
    // app-summer is now in Fall 2027; a Spring 2027 application moving to Summer 2027 is fine, Fall would collide.
    await run(activities.recordApplication, {
      id: 'app-summer-2',
      candidateId: 'cL',
      program: 'CPCS',
      windowId: '2027-summer',
      firstName: 'Lin',
      lastName: 'Lee',
      membership: 'member',
      stage: 'scheduled',
      submittedAt: '2026-11-28T12:00:00.000Z',
    });
    const failure = await run(activities.recordTransfer, {
      applicationId: 'app-summer-2',
      fromWindowId: '2027-summer',
      toWindowId: '2027-fall',
      feeUsd: 100,
      requestedAt: '2027-06-16T20:00:00.000Z',
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'TransferRefused',
      nonRetryable: true,
      message:
        'You already have an application for the Fall 2027 window, so this one cannot move there; withdraw one of them instead.',
    });
    expect(
      (
        await database.db
          .selectFrom('applications')
          .select('window_id')
          .where('id', '=', 'app-summer-2')
          .executeTakeFirstOrThrow()
      ).window_id,
    ).toBe('2027-summer');
  });

  it('recordCertification is idempotent per application, and a second program expires with the first one’s cycle (dual)', async () => {
    const first = await run(activities.recordCertification, {
      applicationId: 'app-spring',
      candidateId: 'cL',
      program: 'CPCS',
      certifiedOn: '2027-05-25',
    });
    const again = await run(activities.recordCertification, {
      applicationId: 'app-spring',
      candidateId: 'cL',
      program: 'CPCS',
      certifiedOn: '2027-05-25',
    });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ certifiedOn: '2027-05-25', expiresOn: '2030-12-01' });
    expect(first.credentialId).toMatch(/^CPCS-[A-Z0-9]{12}$/);
    // FAQ: dual certificants recertify "three (3) years from obtaining your first certification".
    const second = await run(activities.recordCertification, {
      applicationId: 'app-fall-cpmsm',
      candidateId: 'cL',
      program: 'CPMSM',
      certifiedOn: '2028-01-05',
    });
    expect(second).toMatchObject({ certifiedOn: '2028-01-05', expiresOn: '2030-12-01' });
  });
});
