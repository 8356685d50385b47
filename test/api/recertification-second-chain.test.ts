import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCertification } from '../../src/db/tables/certifications';
import { emailsFor } from '../../src/db/tables/email-log';
import type { CaughtEmail } from '../../src/dev/mail-catcher';
import { Certificant, dayAfter } from '../workflows/recertification-harness';
import { startRecertSystem, type RecertSystem } from './recertification-system';

let sys: RecertSystem;
beforeAll(async () => {
  sys = await startRecertSystem();
}, 120_000);
afterAll(async () => {
  await sys?.close();
});

const id = 'cert-twice';
const email = 'twice@example.test';
const mine = (subject: string, dueDate: string) => (m: CaughtEmail) =>
  m.to.includes(email) && m.subject === subject && m.text.includes(dueDate);

describe('recertification email, chain after chain', () => {
  it('after a chain expired, a new certification starts a second chain under the same workflow id, and its reminders and lapse are really sent', async () => {
    await sys.db
      .insertInto('candidates')
      .values({ id, email, first_name: 'Ada', last_name: 'Lovelace', membership: 'member' })
      .execute();
    const c = new Certificant(sys.env, sys.taskQueue, id);

    // First chain: certified, never recertified, lapsed, expired at the end of the reinstatement period.
    const firstOn = await c.today();
    await upsertCertification(sys.db, {
      credentialId: `${id}-CPCS`,
      candidateId: id,
      program: 'CPCS',
      applicationId: `app-${id}-cpcs`,
      certifiedOn: firstOn,
      expiresOn: firstOn,
    });
    await c.certify('CPCS', firstOn);
    const one = (await c.until((s) => s.stage === 'in-cycle', 'first chain in cycle')).cycle!;
    const firstRun = (await c.handle.describe()).runId;
    await c.advanceTo(dayAfter(one.reinstatement.closes));
    await sys.env.client.workflow.getHandle(c.handle.workflowId, firstRun).result();
    const firstOpen = await sys.catcher.waitFor(mine('Recertification reporting is open', one.dueDate), 30_000);
    await sys.catcher.waitFor(mine('Your certification has lapsed', one.dueDate), 30_000);
    await sys.catcher.waitFor((m) => m.to.includes(email) && m.subject === 'Your certification has expired', 30_000);

    // Second chain: a new certification, the same workflow id, a new first run.
    const secondOn = await c.today();
    await upsertCertification(sys.db, {
      credentialId: `${id}-CPMSM`,
      candidateId: id,
      program: 'CPMSM',
      applicationId: `app-${id}-cpmsm`,
      certifiedOn: secondOn,
      expiresOn: secondOn,
    });
    await c.certify('CPMSM', secondOn);
    const two = (
      await c.until((s) => s.stage === 'in-cycle' && s.credentials[0]?.program === 'CPMSM', 'second chain in cycle')
    ).cycle!;
    const secondRun = (await c.handle.describe()).runId;
    expect(secondRun).not.toBe(firstRun);
    expect(two.cycleNumber).toBe(one.cycleNumber);
    await c.advanceTo(dayAfter(two.dueDate));
    await c.until((s) => s.stage === 'lapsed', 'second chain lapsed');

    const secondOpen = await sys.catcher.waitFor(mine('Recertification reporting is open', two.dueDate), 30_000);
    await sys.catcher.waitFor(mine('Your certification has lapsed', two.dueDate), 30_000);
    // Each chain's message is its own message: a different Message-ID, a slot of its own in the email log.
    expect(secondOpen.headers['message-id']).not.toBe(firstOpen.headers['message-id']);
    const kinds = (await emailsFor(sys.db, c.handle.workflowId)).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        `${firstRun}/c1:reporting-open`,
        `${firstRun}/c1:lapsed`,
        `${secondRun}/c1:reporting-open`,
        `${secondRun}/c1:lapsed`,
      ]),
    );
  }, 180_000);
});
