import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentsOf } from '../../src/db/tables/documents';
import { addDays, windowCalendar } from '../../src/domain/index';
import { statusQuery } from '../../src/workflows/exam-application/contract';
import { attestationJson, fillAttestation } from '../helpers/attestation';
import { launchBrowser, signInAsStaff } from '../helpers/browser';
import { doctorsLetter } from '../helpers/doctors-letter';
import { eventually } from '../helpers/eventually';
import { startSystem, type System } from '../helpers/system';

// The Summer 2027 calendar decides the clock: first a day when it takes applications with accommodations, then a
// day past its accommodation cutoff that still takes applications.
const summer = windowCalendar('2027-summer');
const beforeCutoff = `${addDays(summer.applicationsOpen, 1)}T15:00:00.000Z`;
const afterCutoff = `${addDays(summer.accommodationCutoff, 1)}T15:00:00.000Z`;
let clock = beforeCutoff;
const now = () => new Date(clock);
let sys: System;
let browser: Browser;
let dir: string;
beforeAll(async () => {
  [sys, browser, dir] = await Promise.all([
    startSystem({ now }),
    launchBrowser(),
    mkdtemp(join(tmpdir(), 'certflow-apply-')),
  ]);
});
beforeEach(() => {
  clock = beforeCutoff;
});
afterAll(async () => {
  await browser?.close();
  await sys?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const errorOf = (page: Page, field: string) => page.locator(`#${field}-error`).textContent();

async function fillPerson(page: Page, email: string, windowLabel: RegExp) {
  await page.getByLabel('First name').fill('Mary');
  await page.getByLabel('Last name').fill('Jackson');
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel('NAMSS member').check();
  await page.getByLabel(/^CPCS/).check();
  await page.getByLabel(windowLabel).check();
}

describe('the application form: eligibility attestation and accommodation, in a real browser', () => {
  describe('an empty form comes back with an error beside each field and a summary whose links reach the fields', () => {
    let page: Page;
    const expected: Record<string, RegExp> = {
      firstName: /first name/,
      lastName: /last name/,
      email: /email address/,
      membership: /member/,
      program: /CPCS or CPMSM/,
      windowId: /testing window/,
      currentlyEmployed: /medical services field now/,
      employment: /at least one employment period/,
      affirmed: /affirm/,
      signature: /full name/,
    };
    afterAll(async () => {
      await page?.close();
    });

    it('shows an error beside each field of an empty form sent', async () => {
      page = await browser.newPage();
      await page.goto(`${sys.baseUrl}/apply`);
      await page.getByRole('button', { name: 'Submit application' }).click();
      await expect.poll(() => page.locator('#error-summary').count()).toBe(1);
      for (const [field, message] of Object.entries(expected))
        expect(await errorOf(page, field), field).toMatch(message);
    });

    it('marks each field invalid and described by its own message', async () => {
      // Each field says it is invalid and is described by its own message.
      expect(await page.locator('#signature').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#signature').getAttribute('aria-describedby')).toContain('signature-error');
    });

    it('lists every error in the summary, whose link moves the focus to its field', async () => {
      expect(await page.locator('#error-summary li').count()).toBe(Object.keys(expected).length);
      await page.locator('#error-summary a', { hasText: 'full name' }).click();
      await expect.poll(() => page.locator('#signature:focus').count()).toBe(1);
    });
  });

  it('a period that ends before it starts, and an accommodation without documentation, are shown beside their fields with what was typed kept', async () => {
    const page = await browser.newPage();
    await page.goto(`${sys.baseUrl}/apply`);
    await fillPerson(page, 'mary@example.org', /^Summer 2027/);
    await fillAttestation(page, 'Mary Jackson');
    const second = page.getByRole('group', { name: /Position 2/ });
    await second.getByLabel('Employer').fill('Health Partners CVO');
    await second.getByLabel('Job title').fill('Specialist');
    await second.getByLabel('From').fill('2024-05-01');
    await second.getByLabel(/^To/).fill('2024-04-01');
    await second.getByLabel('Your duties').fill('file review');
    await page.getByLabel('What you need').fill('Extra time');
    await page.getByRole('button', { name: 'Submit application' }).click();

    await expect.poll(() => errorOf(page, 'employment-2-to')).toMatch(/is before "from"/);
    expect(await errorOf(page, 'documentation')).toMatch(/Attach the written documentation/);
    expect(await page.locator('.field-error').count()).toBe(2);
    expect(await second.getByLabel('Employer').inputValue()).toBe('Health Partners CVO');
    expect(await page.getByLabel('What you need').inputValue()).toBe('Extra time');
    expect(await page.getByLabel(/^I affirm/).isChecked()).toBe(true);
    await page.close();
  });

  it('a file that is not a PDF or an image is refused beside its field and never stored', async () => {
    const page = await browser.newPage();
    await page.goto(`${sys.baseUrl}/apply`);
    await fillPerson(page, 'refused-file@example.org', /^Summer 2027/);
    await fillAttestation(page);
    await page.getByLabel('What you need').fill('Extra time');
    const fake = join(dir, 'letter-not-really.pdf');
    await writeFile(fake, 'just text, whatever the name says');
    await page.getByLabel(/^Documentation/).setInputFiles(fake);
    await page.getByRole('button', { name: 'Submit application' }).click();
    await expect.poll(() => errorOf(page, 'documentation')).toMatch(/whatever its name says/);
    expect(await page.getByLabel('First name').inputValue()).toBe('Mary');
    expect(await sys.db.selectFrom('documents').select('id').execute()).toHaveLength(0);
    expect(
      await sys.db.selectFrom('candidates').select('id').where('email', '=', 'refused-file@example.org').execute(),
    ).toHaveLength(0);
    await page.close();
  });

  it('past the eight-week cutoff an accommodation cannot come with the application, and the page says what is still possible', async () => {
    clock = afterCutoff;
    const page = await browser.newPage();
    await page.goto(`${sys.baseUrl}/apply`);
    await fillPerson(page, 'late@example.org', /^Summer 2027/);
    await fillAttestation(page);
    await page.getByLabel('What you need').fill('Extra time');
    await page.getByLabel(/^Documentation/).setInputFiles(await doctorsLetter(dir));
    await page.getByRole('button', { name: 'Submit application' }).click();
    await expect
      .poll(() => errorOf(page, 'accommodationNeeds'))
      .toMatch(/eight weeks before it starts\. Leave this empty to apply without one/);
    expect(await sys.db.selectFrom('documents').select('id').execute()).toHaveLength(0);
    await page.close();
  });

  describe('the attestation and the accommodation with its documentation go with the application; staff see both on the case page, and the attestation in Temporal', () => {
    let page: Page;
    let applicationId: string;
    let status: Awaited<ReturnType<typeof statusOf>>;
    let docs: Awaited<ReturnType<typeof documentsOf>>;
    const statusOf = (id: string) => sys.env.client.workflow.getHandle(id).query(statusQuery);
    afterAll(async () => {
      await page?.close();
    });

    it('receives the application with its attestation and a documented accommodation request', async () => {
      page = await browser.newPage();
      await page.goto(`${sys.baseUrl}/apply`);
      await fillPerson(page, 'mary@example.org', /^Summer 2027/);
      await fillAttestation(page, 'Mary Jackson');
      await page.getByLabel('What you need').fill('Extra time: 50% more');
      await page.getByLabel(/^Documentation/).setInputFiles(await doctorsLetter(dir));
      await page.getByRole('button', { name: 'Submit application' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Application received');
      // The same answer whatever the address's history; what came with the application shows on the case below.
      expect(await page.locator('main').textContent()).toContain('Check your email');
    }, 30_000);

    it('starts the case in eligibility review with the accommodation request pending a staff decision', async () => {
      applicationId = await eventually(async () => {
        const row = await sys.db
          .selectFrom('applications')
          .select(['id', 'stage'])
          .where('first_name', '=', 'Mary')
          .executeTakeFirstOrThrow();
        expect(row.stage).toBe('eligibility-review');
        return row.id;
      });
      // The case starts with the request pending staff decision, its documentation stored once.
      status = await statusOf(applicationId);
      expect(status.accommodations).toMatchObject([
        { id: 'accommodation-1', needs: 'Extra time: 50% more', status: 'pending' },
      ]);
    }, 30_000);

    it('stores the documentation once, as a PDF attached to the request', async () => {
      docs = await documentsOf(sys.db, 'application', applicationId);
      expect(docs).toMatchObject([{ content_type: 'application/pdf', purpose: 'accommodation-documentation' }]);
      expect(status.accommodations[0]!.documentIds).toEqual([docs[0]!.id]);
    });

    it('shows in Temporal UI the memo with the employers and the staff review it needs', async () => {
      // Temporal UI shows the input and the memo decrypted through the codec; the memo holds the facts staff weigh.
      const described = await sys.env.client.workflow.getHandle(applicationId).describe();
      expect(described.memo).toMatchObject({
        eligibility: { employers: ['General Hospital'], decision: 'staff-review-required' },
      });
    });

    it('shows staff the signed attestation on the case page, with the eligibility decision form', async () => {
      await signInAsStaff(page, sys.baseUrl);
      await page.goto(`${sys.baseUrl}/staff/applications/${encodeURIComponent(applicationId)}`);
      const attestation = page.getByRole('region', { name: 'Eligibility attestation' });
      const text = (await attestation.textContent())!;
      for (const part of [
        'General Hospital',
        'Credentialing Coordinator',
        'primary source verification',
        'committee preparation',
        'Mary Jackson',
        'affirming the statements are true',
      ])
        expect(text).toContain(part);
      expect(await page.getByRole('button', { name: 'Record the eligibility decision' }).count()).toBe(1);
    }, 30_000);

    it('shows staff the accommodation request with a link to its documentation and the decision form', async () => {
      const request = page.getByRole('region', { name: /Request accommodation-1/ });
      expect(await request.textContent()).toContain('Extra time: 50% more');
      expect(await request.getByRole('link', { name: /accommodation-documentation\.pdf/ }).getAttribute('href')).toBe(
        `/staff/documents/${docs[0]!.id}`,
      );
      expect(await request.getByRole('button', { name: 'Record the accommodation decision' }).count()).toBe(1);
    });
  });

  it('the JSON API takes the same attestation and checks it the same way, field by field', async () => {
    const post = (body: Record<string, unknown>) =>
      fetch(`${sys.baseUrl}/apply`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const person = {
      firstName: 'Json',
      lastName: 'Client',
      email: 'json@example.org',
      membership: 'member',
      program: 'CPCS',
      windowId: '2027-summer',
    };
    const missing = await post(person);
    expect(missing.status).toBe(422);
    expect(
      Object.keys(((await missing.json()) as { error: { fields: Record<string, string> } }).error.fields).sort(),
    ).toEqual(['affirmed', 'currentlyEmployed', 'employment', 'signature']);
    const badPeriod = await post({
      ...person,
      ...attestationJson,
      employment: [{ ...attestationJson.employment[0], to: '2019-01-01' }],
    });
    expect(((await badPeriod.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      'employment.0.to': '"to" (2019-01-01) is before "from" (2020-03-01).',
    });
    const ok = await post({ ...person, ...attestationJson });
    expect(ok.status).toBe(200);
    const { applicationId } = (await ok.json()) as { applicationId: string };
    await eventually(async () =>
      expect(
        await sys.db
          .selectFrom('application_attestations')
          .select('signed_by')
          .where('application_id', '=', applicationId)
          .executeTakeFirst(),
      ).toEqual({ signed_by: 'Test Candidate' }),
    );
  });
});
