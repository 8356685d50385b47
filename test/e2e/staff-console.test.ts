import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../src/db/tables/audit-log';
import { findTestingWindow } from '../../src/db/tables/testing-windows';
import { ensureFormForWindow } from '../../src/forms/ensure';
import { statusQuery } from '../../src/workflows/exam-application/contract';
import { launchBrowser, signInAsStaff } from '../helpers/browser';
import { eventually } from '../helpers/eventually';
import { admin, staffApiToken, startSystem, type System } from '../helpers/system';
import { seedApplications, seedResults } from '../workflows/testing-window/seed';
import { attestationJson } from '../helpers/attestation';

// Real time on the dev server (late November 2026): Spring 2027 takes applications; Spring 2026 is over and runs at once.
let sys: System;
let browser: Browser;
let bearer: Record<string, string>;
beforeAll(async () => {
  [sys, browser] = await Promise.all([startSystem({ now: () => new Date() }), launchBrowser()]);
  bearer = { authorization: `Bearer ${await staffApiToken(sys, 'e2e-console')}` };
});
afterAll(async () => {
  await browser?.close();
  await sys?.close();
});

/** Spring 2026 of CPCS with 60 seeded candidates and results, driven to the approval stage through the API. */
async function windowAwaitingApproval(): Promise<void> {
  const formId = await ensureFormForWindow(sys.db, 'CPCS', '2026-spring', { simulated: true });
  const apps = await seedApplications(sys.db, 'CPCS', '2026-spring', 60);
  await seedResults(sys.db, { program: 'CPCS', windowId: '2026-spring', formId, testedOn: '2026-03-10' }, apps);
  const created = await fetch(`${sys.baseUrl}/api/staff/windows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer },
    body: JSON.stringify({ program: 'CPCS', windowId: '2026-spring' }),
  });
  expect(created.status).toBe(201);
  const statusOf = async () =>
    (
      (await (await fetch(`${sys.baseUrl}/api/staff/windows/CPCS/2026-spring`, { headers: bearer })).json()) as {
        status: { stage: string; flagged: { itemId: string }[] };
      }
    ).status;
  const status = await eventually(
    async () => {
      const s = await statusOf();
      expect(['key-validation', 'awaiting-approval']).toContain(s.stage);
      return s;
    },
    60_000,
    250,
  );
  if (status.flagged.length) {
    const decisions = status.flagged.map((f) => ({ itemId: f.itemId, action: 'accept' }));
    const decided = await fetch(`${sys.baseUrl}/api/staff/windows/CPCS/2026-spring/key-decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer },
      body: JSON.stringify({ decisions }),
    });
    expect(decided.status).toBe(200);
  }
  await eventually(
    async () => expect((await findTestingWindow(sys.db, 'CPCS', '2026-spring'))?.stage).toBe('awaiting-approval'),
    60_000,
    250,
  );
}

describe('the staff console in a real browser', () => {
  describe('a staff member signs in, finds a candidate in the eligibility queue, approves eligibility and approves an equating', () => {
    let applicationId: string;
    let windowReady: Promise<void>;
    let page: Page;
    afterAll(async () => {
      await page?.close();
    });

    it('takes an application for Spring 2027 into eligibility review', async () => {
      const applied = await fetch(`${sys.baseUrl}/apply`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          firstName: 'Dorothy',
          lastName: 'Vaughan',
          email: 'dorothy@example.org',
          membership: 'member',
          program: 'CPCS',
          windowId: '2027-spring',
          ...attestationJson,
        }),
      });
      ({ applicationId } = (await applied.json()) as { applicationId: string });
      await eventually(async () =>
        expect(
          (await sys.db.selectFrom('applications').select('stage').where('id', '=', applicationId).executeTakeFirst())
            ?.stage,
        ).toBe('eligibility-review'),
      );
      // Spring 2026 runs to its approval stage meanwhile; the equating step waits for it.
      windowReady = windowAwaitingApproval();
    }, 30_000);

    it('lists the candidate in the eligibility queue of the signed-in staff member, linked to Temporal UI', async () => {
      page = await browser.newPage();
      await signInAsStaff(page, sys.baseUrl);
      const queue = page.getByRole('region', { name: /Eligibility decisions waiting/ });
      expect(await queue.getByRole('heading').textContent()).toBe('Eligibility decisions waiting (1)');
      expect(await queue.getByRole('link', { name: /Temporal UI/ }).getAttribute('href')).toBe(
        `http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(applicationId)}`,
      );
      await queue.getByRole('link', { name: 'Dorothy Vaughan' }).click();
    }, 30_000);

    it("opens the candidate's case page in eligibility review", async () => {
      await expect.poll(() => page.locator('h1').textContent()).toBe('Dorothy Vaughan — CPCS, Spring 2027');
      expect(await page.locator('#stage').textContent()).toBe('eligibility-review');
    }, 30_000);

    it('answers a rejection without a reason with the error beside the field, the choice kept', async () => {
      // A rejection without a reason comes back with the error beside the field and the choice kept.
      await page.getByLabel('Reject', { exact: true }).check();
      await page.getByRole('button', { name: 'Record the eligibility decision' }).click();
      await expect
        .poll(() => page.locator('#eligibility-reason-error').textContent())
        .toBe('A rejection needs a reason: it is sent to the candidate.');
      expect(await page.getByLabel('Reject', { exact: true }).isChecked()).toBe(true);
    }, 30_000);

    it('records the approval, moves the case on and emails the candidate', async () => {
      await page.getByLabel('Approve: the candidate is eligible').check();
      await page.getByRole('button', { name: 'Record the eligibility decision' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('The eligibility decision was recorded.');
      expect(await page.locator('#stage').textContent()).toBe('awaiting-notice');
      const email = await sys.catcher.waitFor(
        (m) => m.to.includes('dorothy@example.org') && m.subject.includes('approved'),
      );
      expect(email.text).toContain('Spring 2027');
      expect((await sys.env.client.workflow.getHandle(applicationId).query(statusQuery)).eligibility).toMatchObject({
        decision: 'approve',
      });
    }, 30_000);

    it("approves the equating of the window waiting in its queue, audited under the staff member's name", async () => {
      // The window waiting for approval appears in its queue; its report page carries the approval form.
      await windowReady;
      await page.getByRole('link', { name: 'Staff area' }).click();
      const windows = page.getByRole('region', { name: /Windows waiting for staff/ });
      await windows.getByRole('link', { name: 'CPCS Spring 2026' }).click();
      await page.getByRole('button', { name: 'Approve the conversion' }).click();
      await eventually(
        async () =>
          expect((await findTestingWindow(sys.db, 'CPCS', '2026-spring'))?.stage).toMatch(
            /approved|releasing|released/,
          ),
        30_000,
        250,
      );
      const approval = (await auditFor(sys.db, 'window:testing-window-CPCS-2026-spring')).find(
        (a) => a.action === 'window.approve-equating',
      );
      expect(approval).toMatchObject({ actor: admin.email, before: { stage: 'awaiting-approval' } });
    }, 150_000);

    it('shows both decisions on the audit log page, newest first', async () => {
      // The audit log page shows both decisions, newest first.
      await page.getByRole('link', { name: 'Staff area' }).click();
      await page.getByRole('link', { name: 'Audit log' }).click();
      const log = (await page.locator('main').textContent())!;
      expect(log.indexOf('window.approve-equating')).toBeGreaterThan(-1);
      expect(log.indexOf('window.approve-equating')).toBeLessThan(log.indexOf('application.eligibility.approve'));
    }, 30_000);
  });
});
