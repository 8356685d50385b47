import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsOf } from '../../src/db/tables/documents';
import { fillAttestation } from '../helpers/attestation';
import { launchBrowser } from '../helpers/browser';
import { doctorsLetter } from '../helpers/doctors-letter';
import { stageReached, staffApiToken, startSystem, type System } from '../helpers/system';
import { serverClock } from '../helpers/server-clock';
import { passInSpring2027 } from '../helpers/window-part';

// The API's clock follows the time-skipping server's, so links are signed and checked at the same moment.
const clock = serverClock();
let sys: System;
let browser: Browser;
let dir: string;
beforeAll(async () => {
  [sys, browser, dir] = await Promise.all([
    startSystem({ now: clock.now, timeSkipping: true }),
    launchBrowser(),
    mkdtemp(join(tmpdir(), 'certflow-e2e-')),
  ]);
  await clock.sync(sys.env);
});
afterAll(async () => {
  await browser?.close();
  await sys?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const jumpTo = (instant: string) => clock.jumpTo(sys.env, instant);

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${sys.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** The page of the latest email of a kind, as the candidate opens it from the message. */
async function openFromEmail(page: Page, subjectPart: string) {
  const message = await sys.catcher.waitFor(
    (m) => m.to.includes('dorothy@example.org') && m.subject.includes(subjectPart),
  );
  const link = new URL(/http:\/\/\S+\/applications\/[^\s/]+\?token=[\w.%-]+/.exec(message.text)![0]);
  await page.goto(`${sys.baseUrl}${link.pathname}${link.search}`);
}

const stage = (applicationId: string, expected: string) => stageReached(sys, applicationId, expected);

describe('the candidate journey in a real browser', () => {
  describe('applies, uploads documentation, is refused with a reason, and later sees the score and downloads the certificate', () => {
    let page: Page;
    let applicationId: string;
    let id: string;
    afterAll(async () => {
      await page?.close();
    });

    it('receives the application submitted on the public form', async () => {
      page = await browser.newPage();
      await page.goto(`${sys.baseUrl}/apply`);
      await page.getByLabel('First name').fill('Dorothy');
      await page.getByLabel('Last name').fill('Vaughan');
      await page.getByLabel(/^Email/).fill('dorothy@example.org');
      await page.getByLabel('NAMSS member').check();
      await page.getByLabel(/^CPCS/).check();
      await page.getByLabel(/^Spring 2027/).check();
      await fillAttestation(page);
      await page.getByRole('button', { name: 'Submit application' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Application received');
    }, 30_000);

    it('shows the emailed case in eligibility review with the last day to request accommodations', async () => {
      await openFromEmail(page, 'We received your');
      // The email goes out just before the case moves to eligibility review: the page is read again until it has.
      await expect
        .poll(async () => (await page.reload(), page.locator('#stage').textContent()))
        .toContain('Eligibility review');
      expect(await page.locator('#next-deadline').textContent()).toContain(
        'Last day to request accommodations: Monday, January 4, 2027.',
      );
      applicationId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
      id = encodeURIComponent(applicationId);
    }, 30_000);

    it('takes an accommodation request with its documentation as a stored PDF, waiting for a decision', async () => {
      // Accommodation documentation: a real PDF through the multipart form, no JavaScript involved.
      await page.getByLabel('What you need').fill('A separate, quiet room');
      await page.getByLabel(/^Documentation/).setInputFiles(await doctorsLetter(dir));
      await page.getByRole('button', { name: 'Send my request' }).click();
      await expect.poll(() => page.locator('#notice').textContent()).toContain('Your accommodation request is in.');
      expect(await page.locator('#accommodations').textContent()).toContain('Waiting for a decision');
      const [stored] = await documentsOf(sys.db, 'application', applicationId);
      expect(stored).toMatchObject({ content_type: 'application/pdf', purpose: 'accommodation-documentation' });
    }, 30_000);

    it('lets staff approve the eligibility and the accommodation', async () => {
      // Staff decide through the API (their console is tested elsewhere).
      const staff = { authorization: `Bearer ${await staffApiToken(sys, 'journey')}` };
      expect((await post(`/api/staff/applications/${id}/eligibility`, { decision: 'approve' }, staff)).status).toBe(
        200,
      );
      expect(
        (
          await post(
            `/api/staff/applications/${id}/accommodation-decision`,
            { requestId: 'accommodation-1', decision: 'approve' },
            staff,
          )
        ).status,
      ).toBe(200);
    }, 30_000);

    it('emails the notice to schedule on February 1, 2027, showing the accommodation approved', async () => {
      await jumpTo('2027-02-01T14:01:00.000Z');
      await stage(applicationId, 'scheduling');
      await openFromEmail(page, 'Schedule your CPCS exam');
      expect(await page.locator('#accommodations').textContent()).toContain('Approved');
    }, 30_000);

    it('refuses an exam day outside the window with the reason, keeping the typed date', async () => {
      await page.getByLabel('Exam date').fill('2027-04-10');
      await page.getByLabel('Test site').selectOption('CHI-01');
      await page.getByRole('button', { name: 'Report my appointment' }).click();
      await expect
        .poll(() => page.locator('#appointment-problem').textContent())
        .toContain(
          'Saturday, April 10, 2027 is outside the Spring 2027 window (Monday, March 1, 2027 to Saturday, March 20, 2027).',
        );
      expect(await page.getByLabel('Exam date').inputValue()).toBe('2027-04-10');
    }, 30_000);

    it('records an appointment inside the window and shows the last day to request a transfer', async () => {
      await page.getByLabel('Exam date').fill('2027-03-10');
      await page.getByRole('button', { name: 'Report my appointment' }).click();
      await expect.poll(() => page.locator('#notice').textContent()).toContain('Your appointment is recorded.');
      expect(await page.locator('#next-deadline').textContent()).toContain(
        'Last day to request a transfer: Wednesday, March 3, 2027.',
      );
    }, 30_000);

    it('refuses a transfer after its last day with the day it closed and what is still possible', async () => {
      await jumpTo('2027-03-05T15:00:00.000Z');
      await openFromEmail(page, 'Last day to transfer your exam');
      await page.getByRole('button', { name: 'Request a transfer…' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Transfer your CPCS exam to Summer 2027?');
      await page.getByRole('button', { name: 'Yes, transfer me to Summer 2027' }).click();
      await expect
        .poll(() => page.locator('#transfer-problem').textContent())
        .toContain(
          'The last day to request a transfer was Wednesday, March 3, 2027; you can still reschedule inside the Spring 2027 window.',
        );
      expect((await stage(applicationId, 'scheduled')).transfers).toEqual([]);
    }, 30_000);

    it('shows the certified candidate the pass and the scaled score', async () => {
      // The window's import, close, equating and release (other workflows' jobs) are played by their signals.
      await passInSpring2027(sys, applicationId, jumpTo, 'import-journey');
      await openFromEmail(page, 'You are certified');
      expect(await page.locator('#stage').textContent()).toContain('Passed: you are certified.');
      expect(await page.locator('#score').textContent()).toContain('Your scaled score: 431');
    }, 60_000);

    it('lets the candidate download the certificate as a PDF', async () => {
      await expect
        .poll(async () => (await page.reload(), page.locator('#certificate-link').count()), { timeout: 15_000 })
        .toBe(1);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#certificate-link').click()]);
      const saved = join(dir, 'certificate.pdf');
      await download.saveAs(saved);
      expect((await readFile(saved)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }, 30_000);

    it('shows staff the same case without the score', async () => {
      // Staff see the same case without the score (FAQ: results go to the candidate only).
      const staffNow = { authorization: `Bearer ${await staffApiToken(sys, 'journey-later')}` };
      const staffPage = await (await fetch(`${sys.baseUrl}/applications/${id}`, { headers: staffNow })).text();
      expect(staffPage).toContain('Passed: you are certified.');
      expect(staffPage).toContain('Scores are shown only to the candidate.');
      expect(staffPage).not.toContain('431');
    }, 30_000);

    it('links the certificant to their CE grid', async () => {
      // The certificant's CE grid is one link away, for the same person only.
      await page.locator('#grid-link').click();
      await expect.poll(() => page.locator('h1').textContent()).toMatch(/recertification|CE/i);
    }, 30_000);
  });
});
