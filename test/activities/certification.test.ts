import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificationActivities } from '../../src/activities/certification';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { certificationsOf, updateCertification } from '../../src/db/tables/certifications';
import { openTestDatabase } from '../helpers/database';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let acts: ReturnType<typeof certificationActivities>;
const record = (c: { candidateId: string; applicationId: string; program: 'CPCS' | 'CPMSM'; certifiedOn: string }) =>
  new MockActivityEnvironment().run(acts.recordCertification, c) as Promise<{
    credentialId: string;
    certifiedOn: string;
    expiresOn: string;
  }>;

/** A CPCS certified 2027-05-25 (due 2030-12-01), optionally lapsed at that due date. */
async function cpcsHolder(id: string, status: 'active' | 'lapsed' = 'active') {
  await findOrCreateCandidate(database.db, {
    newId: id,
    email: `${id}@example.org`,
    firstName: 'Lin',
    lastName: 'Lee',
    membership: 'member',
  });
  const first = await record({
    candidateId: id,
    applicationId: `${id}-cpcs-1`,
    program: 'CPCS',
    certifiedOn: '2027-05-25',
  });
  expect(first.expiresOn).toBe('2030-12-01');
  if (status === 'lapsed') await updateCertification(database.db, first.credentialId, { status: 'lapsed' });
  return first;
}

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

beforeAll(async () => {
  database = await openTestDatabase();
  const mailer = {
    messageIdFor: (slot: string) => `<${slot}@test>`,
    send: async () => ({ messageId: undefined }),
    close: () => undefined,
  };
  acts = certificationActivities({
    db: database.db,
    mailer,
    links: { secret: 'certification-activity-secret-certification', baseUrl: 'http://localhost', ttlDays: 30 },
  });
});
afterAll(async () => {
  await database?.close();
});

describe('recordCertification: certifying again, and a second program while the first is extended or lapsed', () => {
  it('after the reinstatement period (Jun 1 after the due year) the same program is a new credential; the old one stays, expired', async () => {
    const old = await cpcsHolder('again', 'lapsed');
    const renewed = await record({
      candidateId: 'again',
      applicationId: 'again-cpcs-2',
      program: 'CPCS',
      certifiedOn: '2031-06-02',
    });
    // FAQ: "Certificants need to recertify within three years after achieving certification": a new single cycle.
    expect(renewed).toMatchObject({ certifiedOn: '2031-06-02', expiresOn: '2034-12-01' });
    expect(renewed.credentialId).not.toBe(old.credentialId);
    const rows = await certificationsOf(database.db, 'again');
    expect(rows.map((r) => [r.credential_id, r.status, r.certified_on, r.expires_on])).toEqual([
      [old.credentialId, 'expired', '2027-05-25', '2030-12-01'],
      [renewed.credentialId, 'active', '2031-06-02', '2034-12-01'],
    ]);
    // A retried activity finds the same credential.
    expect(
      await record({ candidateId: 'again', applicationId: 'again-cpcs-2', program: 'CPCS', certifiedOn: '2031-06-02' }),
    ).toEqual(renewed);
  });

  it('on the last day of reinstatement the lapsed credential is still held: the same program is refused for good, not retried', async () => {
    await cpcsHolder('last-day', 'lapsed');
    const failure = await failureOf(
      record({ candidateId: 'last-day', applicationId: 'last-day-cpcs-2', program: 'CPCS', certifiedOn: '2031-06-01' }),
    );
    expect(failure).toMatchObject({ type: 'AlreadyCertified', nonRetryable: true });
    expect(failure.message).toMatch(/already holds CPCS credential .* \(lapsed\)/);
    expect((await certificationsOf(database.db, 'last-day')).map((r) => r.status)).toEqual(['lapsed']);
  });

  it('a CPMSM while the CPCS is lapsed but reinstatable: the CPCS stays lapsed, the CPMSM is due with the next cycle of the first', async () => {
    await cpcsHolder('lapsed-second', 'lapsed');
    // FAQ: dual certificants recertify "three (3) years from obtaining your first certification": 2030 + 3.
    expect(
      await record({
        candidateId: 'lapsed-second',
        applicationId: 'lapsed-second-cpmsm',
        program: 'CPMSM',
        certifiedOn: '2031-03-01',
      }),
    ).toMatchObject({ expiresOn: '2033-12-01' });
    expect((await certificationsOf(database.db, 'lapsed-second')).map((r) => [r.program, r.status])).toEqual([
      ['CPCS', 'lapsed'],
      ['CPMSM', 'active'],
    ]);
  });

  it('a CPMSM the day after the CPCS expired starts a cycle of its own', async () => {
    await cpcsHolder('expired-second', 'lapsed');
    expect(
      await record({
        candidateId: 'expired-second',
        applicationId: 'expired-second-cpmsm',
        program: 'CPMSM',
        certifiedOn: '2031-06-02',
      }),
    ).toMatchObject({ expiresOn: '2034-12-01' });
    expect((await certificationsOf(database.db, 'expired-second')).map((r) => [r.program, r.status])).toEqual([
      ['CPCS', 'expired'],
      ['CPMSM', 'active'],
    ]);
  });

  it('a CPMSM while the CPCS is active: the day before the due date it shares the cycle, on the due date it joins the next one', async () => {
    await cpcsHolder('before-due');
    expect(
      await record({
        candidateId: 'before-due',
        applicationId: 'before-due-cpmsm',
        program: 'CPMSM',
        certifiedOn: '2030-11-30',
      }),
    ).toMatchObject({ expiresOn: '2030-12-01' });
    await cpcsHolder('on-due');
    expect(
      await record({
        candidateId: 'on-due',
        applicationId: 'on-due-cpmsm',
        program: 'CPMSM',
        certifiedOn: '2030-12-01',
      }),
    ).toMatchObject({ expiresOn: '2033-12-01' });
    // Extended (still active after the due date): the next cycle too.
    await cpcsHolder('extended');
    expect(
      await record({
        candidateId: 'extended',
        applicationId: 'extended-cpmsm',
        program: 'CPMSM',
        certifiedOn: '2031-02-15',
      }),
    ).toMatchObject({ expiresOn: '2033-12-01' });
  });
});
