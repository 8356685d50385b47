import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCertification } from '../../src/db/tables/certifications';
import { newYorkDateOf } from '../../src/domain/index';
import { certificantGridUrl, signCertificantToken } from '../../src/lib/certificant-link';
import { statusQuery } from '../../src/workflows/exam-application/contract';
import { certificationEarnedSignal, recertificationWorkflowId } from '../../src/workflows/recertification/contract';
import { fillAttestation } from '../helpers/attestation';
import { launchBrowser } from '../helpers/browser';
import { doctorsLetter } from '../helpers/doctors-letter';
import { admin, stageReached, startSystem, testSecret, type System } from '../helpers/system';
import { serverClock } from '../helpers/server-clock';

// WCAG 2.2 AA: candidates who ask for accommodations are people with disabilities.
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const clock = serverClock();
let sys: System;
let browser: Browser;
let dir: string;
beforeAll(async () => {
  [sys, browser, dir] = await Promise.all([
    startSystem({ now: clock.now, timeSkipping: true }),
    launchBrowser(),
    mkdtemp(join(tmpdir(), 'certflow-axe-')),
  ]);
  await clock.sync(sys.env);
});
afterAll(async () => {
  await browser?.close();
  await sys?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every state checked, with what axe found there (empty when the page passes). */
const found: Record<string, string[]> = {};

async function check(page: Page, state: string): Promise<void> {
  const result = await new AxeBuilder({ page: page as never }).withTags(tags).analyze();
  found[state] = result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

const stage = (applicationId: string, expected: string) => stageReached(sys, applicationId, expected);

async function openFromEmail(page: Page, subjectPart: string) {
  const message = await sys.catcher.waitFor(
    (m) => m.to.includes('hedy@example.org') && m.subject.includes(subjectPart),
  );
  const link = new URL(/http:\/\/\S+\/applications\/[^\s/]+\?token=[\w.%-]+/.exec(message.text)![0]);
  await page.goto(`${sys.baseUrl}${link.pathname}${link.search}`);
}

describe('every candidate and staff page meets WCAG 2.2 AA (axe-core in Chromium), in each state it can show', () => {
  it('has no violations on the form, the candidate page through the stages, and the staff console', async () => {
    // axe needs pages of a context of their own; the candidate and the staff member each have one.
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${sys.baseUrl}/apply`);
    await check(page, 'apply: empty');
    await page.getByRole('button', { name: 'Submit application' }).click();
    await page.locator('#error-summary').waitFor();
    await check(page, 'apply: with errors');

    const window = page.getByRole('group', { name: 'Testing window' }).getByRole('radio').first();
    await page.getByLabel('First name').fill('Hedy');
    await page.getByLabel('Last name').fill('Lamarr');
    await page.getByLabel(/^Email/).fill('hedy@example.org');
    await page.getByLabel('Not a member').check();
    await page.getByLabel(/^CPMSM/).check();
    await window.check();
    await fillAttestation(page, 'Hedy Lamarr');
    await page.getByLabel('What you need').fill('A screen reader');
    await page.getByLabel(/^Documentation/).setInputFiles(await doctorsLetter(dir));
    await page.getByRole('button', { name: 'Submit application' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/Application received|Apply/);
    await check(page, 'apply: received (or the cutoff refusal)');

    await openFromEmail(page, 'We received your');
    const applicationId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    await stage(applicationId, 'eligibility-review');
    await check(page, 'candidate: eligibility review');
    await page.getByRole('button', { name: 'Send my request' }).click();
    await page.locator('#accommodation-problem').waitFor();
    await check(page, 'candidate: accommodation form with errors');

    const staff = await (await browser.newContext()).newPage();
    await staff.goto(`${sys.baseUrl}/staff/login`);
    await check(staff, 'staff: sign-in');
    await staff.getByLabel('Email').fill(admin.email);
    await staff.getByLabel('Password').fill(admin.password);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => staff.locator('h1').textContent()).toBe('Staff area');
    await check(staff, 'staff: home with queues');
    await staff.goto(`${sys.baseUrl}/staff/applications/${encodeURIComponent(applicationId)}`);
    await check(staff, 'staff: case with attestation and pending decisions');
    await staff.getByLabel('Reject', { exact: true }).check();
    await staff.getByRole('button', { name: 'Record the eligibility decision' }).click();
    await staff.locator('#eligibility-reason-error').waitFor();
    await check(staff, 'staff: case with a refused decision');
    await staff.getByLabel('Approve: the candidate is eligible').check();
    await staff.getByRole('button', { name: 'Record the eligibility decision' }).click();
    await staff.getByRole('status').waitFor();
    await check(staff, 'staff: case decided');
    await staff.goto(`${sys.baseUrl}/staff/audit`);
    await check(staff, 'staff: audit log');

    // The notice to schedule: the clock moves to the window's notice day.
    const status = await sys.env.client.workflow.getHandle(applicationId).query(statusQuery);
    await clock.jumpTo(sys.env, `${status.window.noticeToSchedule}T15:00:00.000Z`);
    await stage(applicationId, 'scheduling');
    await openFromEmail(page, 'Schedule your');
    await check(page, 'candidate: scheduling');
    await page.getByRole('button', { name: 'Report my appointment' }).click();
    await page.locator('#appointment-problem').waitFor();
    await check(page, 'candidate: appointment form with errors');
    await page.getByLabel('Exam date').fill(status.window.end);
    await page.getByLabel('Test site').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Report my appointment' }).click();
    await page.locator('#notice').waitFor();
    await check(page, 'candidate: scheduled');
    await page.getByRole('button', { name: 'Request a transfer…' }).click();
    await check(page, 'candidate: transfer confirmation');

    // The CE grid of a certificant, at the start of a cycle.
    const certifiedOn = newYorkDateOf(clock.now().toISOString());
    await sys.db
      .insertInto('candidates')
      .values({ id: 'axe-ce', email: 'ce@example.org', first_name: 'Grace', last_name: 'Hopper', membership: 'member' })
      .execute();
    await upsertCertification(sys.db, {
      credentialId: 'axe-ce-CPCS',
      candidateId: 'axe-ce',
      program: 'CPCS',
      applicationId: 'app-axe-ce',
      certifiedOn,
      expiresOn: certifiedOn,
    });
    await sys.env.client.workflow.signalWithStart('recertificationWorkflow', {
      workflowId: recertificationWorkflowId('axe-ce'),
      taskQueue: sys.taskQueue,
      args: [{ certificantId: 'axe-ce' }],
      signal: certificationEarnedSignal,
      signalArgs: [
        {
          certificantId: 'axe-ce',
          program: 'CPCS',
          credentialId: 'axe-ce-CPCS',
          certifiedOn,
          firstName: 'Grace',
          lastName: 'Hopper',
          membership: 'member',
        },
      ],
    });
    await page.goto(
      certificantGridUrl(sys.baseUrl, 'axe-ce', signCertificantToken(testSecret, 'axe-ce', clock.now(), 30)),
    );
    await page.locator('#ce-meter').waitFor();
    await check(page, 'candidate: CE grid');
    // With errors: an entry without its title, sent past the browser's own checks, comes back beside the grid.
    await page
      .locator('form[action*="/entries"]')
      .evaluate((form) => ((form as unknown as { noValidate: boolean }).noValidate = true));
    await page.getByLabel('Provider').fill('NAMSS');
    await page.getByLabel('Completed on').fill(certifiedOn);
    await page.getByLabel('Hours').fill('2');
    await page
      .getByLabel(/Certificate of completion/)
      .setInputFiles(await doctorsLetter(dir, 'Certificate of completion'));
    await page.getByRole('button', { name: 'Add to my grid' }).click();
    await page.locator('.error-summary').waitFor();
    await check(page, 'candidate: CE grid with errors');

    await page.goto(`${sys.baseUrl}/links/resend`);
    await check(page, 'candidate: lost link');
    await page.goto(`${sys.baseUrl}/no-such-page`);
    await check(page, 'error page');

    // The check itself can fail: a bare unlabeled input is a violation.
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>t</title></head><body><main><input type="text"></main></body></html>',
    );
    const unlabeled = await new AxeBuilder({ page: page as never }).withTags(tags).analyze();
    expect(unlabeled.violations.map((v) => v.id)).toContain('label');

    expect(Object.keys(found)).toHaveLength(19);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    await page.context().close();
    await staff.context().close();
  }, 180_000);
});
