import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities/index';
import { emailClaimHeldType, emailClaimLeaseMs } from '../../src/activities/send-once';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { claimEmail, emailsFor } from '../../src/db/tables/email-log';
import { startMailCatcher, type MailCatcher } from '../../src/dev/mail-catcher';
import type { OutgoingEmail } from '../../src/email/message';
import { createMailer, smtpTimeouts, type Mailer } from '../../src/email/transport';
import { openTestDatabase } from '../helpers/database';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let catcher: MailCatcher;
let smtp: Mailer;

beforeAll(async () => {
  [database, catcher] = await Promise.all([openTestDatabase(), startMailCatcher()]);
  smtp = createMailer({ smtpUrl: catcher.smtpUrl, from: 'certflow <no-reply@Certflow.Example>' });
});
afterAll(async () => {
  smtp?.close();
  await catcher?.close();
  await database?.close();
});

const run = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A) =>
  new MockActivityEnvironment().run(fn, ...args) as Promise<R>;

/** The real mailer, with a hook that runs after the SMTP server accepted a message (a crash, a gate). */
function mailerWith(afterAccepted: (message: OutgoingEmail) => Promise<void> | void): Mailer & { sends: number } {
  const wrapped = {
    sends: 0,
    messageIdFor: (slot: string) => smtp.messageIdFor(slot),
    async send(message: OutgoingEmail) {
      wrapped.sends++;
      const info = await smtp.send(message);
      await afterAccepted(message);
      return info;
    },
    close: () => undefined,
  };
  return wrapped;
}

async function candidate(id: string, email: string) {
  await findOrCreateCandidate(database.db, {
    newId: id,
    email,
    firstName: 'Grace',
    lastName: 'Hopper',
    membership: 'member',
  });
  return {
    workflowId: `wf-${id}`,
    candidateId: id,
    applicationId: `wf-${id}`,
    message: { kind: 'application-received' as const, program: 'CPCS', windowId: '2027-spring' },
  };
}

const activitiesWith = (mailer: Mailer) =>
  createActivities({
    db: database.db,
    mailer,
    links: { secret: 'send-once-test-secret-send-once-test-secret', baseUrl: 'https://certflow.example', ttlDays: 30 },
  });
const caughtFor = (email: string) => catcher.messages().filter((m) => m.to.includes(email));
// Time passing for the lease: its end moves into the past on the database clock, which is the clock it is read by.
const leaseRunsOut = (workflowId: string) =>
  sql`update email_log set claimed_until = now() - interval '1 second' where workflow_id = ${workflowId}`.execute(
    database.db,
  );

describe('email: at least once to the SMTP server, one Message-ID per slot', () => {
  describe('a send that dies after the SMTP server took the message is not resent while its lease holds, then resent with the same Message-ID', () => {
    let input: Awaited<ReturnType<typeof candidate>>;
    let crash = true;
    let mailer: ReturnType<typeof mailerWith>;
    let activities: ReturnType<typeof activitiesWith>;
    let firstMessageId: string | undefined;

    it('fails the send that dies after the SMTP server took the message', async () => {
      input = await candidate('crash', 'crash@example.org');
      mailer = mailerWith(() => {
        if (crash) throw new Error('worker process died before marking the email sent');
      });
      activities = activitiesWith(mailer);

      await expect(run(activities.sendCandidateEmail, input)).rejects.toThrow(/worker process died/);
    }, 15_000);

    it("leaves one copy at the SMTP server, with a Message-ID on the sender's domain", () => {
      expect(caughtFor('crash@example.org')).toHaveLength(1);
      const [first] = caughtFor('crash@example.org');
      firstMessageId = first!.headers['message-id'];
      expect(first!.headers['message-id']).toMatch(/^<[0-9a-f]{32}@certflow\.example>$/);
    });

    it('keeps the slot claimed with that Message-ID under a lease that still holds', async () => {
      const [row] = await emailsFor(database.db, input.workflowId);
      expect(row).toMatchObject({ status: 'sending', attempts: 1, message_id: firstMessageId });
      expect(row!.claimed_until!.getTime()).toBeGreaterThan(Date.now());
    });

    it('sends nothing on a retry while the lease holds, failing it retryably to come back when the lease runs out', async () => {
      // The retry finds the live lease: it fails retryably, to come back when the lease runs out, and sends nothing.
      crash = false;
      const held = await run(activities.sendCandidateEmail, input).catch((err: unknown) => err);
      expect(held).toBeInstanceOf(ApplicationFailure);
      expect(held).toMatchObject({ type: emailClaimHeldType, nonRetryable: false });
      expect(Number((held as ApplicationFailure).nextRetryDelay)).toBeGreaterThan(0);
      expect(Number((held as ApplicationFailure).nextRetryDelay)).toBeLessThanOrEqual(emailClaimLeaseMs + 1000);
      expect(mailer.sends).toBe(1);
    }, 15_000);

    it('resends with the same Message-ID once the lease runs out, and marks the slot sent', async () => {
      await leaseRunsOut(input.workflowId);
      expect(await run(activities.sendCandidateEmail, input)).toEqual({ sent: true });
      const copies = caughtFor('crash@example.org');
      expect(copies).toHaveLength(2);
      expect(copies[1]!.headers['message-id']).toBe(firstMessageId);
      expect(await emailsFor(database.db, input.workflowId)).toMatchObject([
        { status: 'sent', attempts: 2, claimed_until: null },
      ]);
    }, 15_000);

    it('skips later retries once sent', async () => {
      // Sent is final: later retries skip.
      expect(await run(activities.sendCandidateEmail, input)).toEqual({ sent: false });
      expect(mailer.sends).toBe(2);
    }, 15_000);
  });

  it('two attempts at once send once: the second finds the first mid-send and waits instead of sending or skipping', async () => {
    const input = await candidate('twice', 'twice@example.org');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const mailer = mailerWith(async () => {
      entered();
      await released;
    });
    const activities = activitiesWith(mailer);

    const first = run(activities.sendCandidateEmail, input);
    await inside;
    await expect(run(activities.sendCandidateEmail, input)).rejects.toMatchObject({
      type: emailClaimHeldType,
      nonRetryable: false,
    });
    release();
    expect(await first).toEqual({ sent: true });
    expect(await run(activities.sendCandidateEmail, input)).toEqual({ sent: false });
    expect(caughtFor('twice@example.org')).toHaveLength(1);
    expect(mailer.sends).toBe(1);
  });

  it('of many claims racing on the database for one slot exactly one wins', async () => {
    const slot = {
      workflowId: 'wf-race',
      kind: 'application-received',
      recipient: 'race@example.org',
      subject: 's',
      messageId: '<race@test>',
      leaseMs: emailClaimLeaseMs,
    };
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimEmail(database.db, slot)));
    expect(claims.filter((c) => c.outcome === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.outcome === 'held')).toHaveLength(7);
  });

  it('a row claimed before leases existed (no lease) may be claimed by the next attempt', async () => {
    await database.db
      .insertInto('email_log')
      .values({
        workflow_id: 'wf-legacy',
        kind: 'k',
        recipient: 'legacy@example.org',
        subject: 's',
        status: 'sending',
        message_id: null,
        claimed_until: null,
        attempts: 1,
      })
      .execute();
    const claim = await claimEmail(database.db, {
      workflowId: 'wf-legacy',
      kind: 'k',
      recipient: 'legacy@example.org',
      subject: 's',
      messageId: '<legacy@test>',
      leaseMs: emailClaimLeaseMs,
    });
    expect(claim).toEqual({ outcome: 'claimed', attempt: 2 });
  });

  it('the Message-ID depends on the slot only, its domain is the sender’s', () => {
    expect(smtp.messageIdFor('wf-a|reminder')).toBe(smtp.messageIdFor('wf-a|reminder'));
    expect(smtp.messageIdFor('wf-a|reminder')).not.toBe(smtp.messageIdFor('wf-b|reminder'));
    expect(smtp.messageIdFor('wf-a|reminder')).toMatch(/@certflow\.example>$/);
    expect(() => createMailer({ smtpUrl: catcher.smtpUrl, from: 'certflow' })).toThrow(
      /MAIL_FROM must be an address with a domain/,
    );
  });

  it('an SMTP server that never answers fails the send at its deadline, which the lease outlasts', async () => {
    expect(emailClaimLeaseMs).toBeGreaterThan(smtpTimeouts.sendDeadlineMs);
    const sockets = new Set<import('node:net').Socket>();
    const silent: Server = createServer((s) => void sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'certflow <no-reply@test.local>',
      timeouts: { ...smtpTimeouts, sendDeadlineMs: 300 },
    });
    try {
      await expect(mailer.send({ to: 'x@example.org', subject: 's', text: 't', html: 'h' })).rejects.toThrow(
        'the SMTP send did not finish within 0.3 s',
      );
    } finally {
      mailer.close();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
