import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillAttestation } from '../helpers/attestation';
import { launchBrowser, signInAsStaff } from '../helpers/browser';
import { startSystem, type System } from '../helpers/system';

const now = () => new Date('2027-01-15T15:00:00.000Z');
let sys: System;
let browser: Browser;
beforeAll(async () => {
  [sys, browser] = await Promise.all([startSystem({ now }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await sys?.close();
});

describe('in a real browser', () => {
  it('a candidate fills in the form, fixes a mistake, sees the confirmation and opens the link from the email', async () => {
    const page = await browser.newPage();
    await page.goto(`${sys.baseUrl}/apply`);
    await page.getByLabel('First name').fill('Katherine');
    await page.getByLabel('Last name').fill('Johnson');
    await page.getByLabel(/^Email/).fill('katherine@');
    await page.getByLabel('NAMSS member').check();
    await page.getByLabel(/^CPMSM/).check();
    await page.getByLabel(/^Spring 2027/).check();
    await fillAttestation(page);
    await page.getByRole('button', { name: 'Submit application' }).click();

    // The form comes back with the error beside the field and everything typed still there.
    await expect.poll(() => page.locator('#email-error').textContent()).toContain('Enter an email address');
    expect(await page.getByLabel('First name').inputValue()).toBe('Katherine');
    expect(await page.getByLabel(/^CPMSM/).isChecked()).toBe(true);

    await page.getByLabel(/^Email/).fill('katherine@example.org');
    await page.getByRole('button', { name: 'Submit application' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Application received');
    expect(await page.getByRole('status').textContent()).toContain('Spring 2027');

    const email = await sys.catcher.waitFor((m) => m.to.includes('katherine@example.org'));
    const link = new URL(/http:\/\/\S+\/applications\/\S+/.exec(email.text)![0]);
    await page.goto(`${sys.baseUrl}${link.pathname}${link.search}`);
    await expect
      .poll(async () => page.locator('#stage').textContent(), { timeout: 10_000 })
      .toContain('Eligibility review');
    await page.close();
  });

  it('a staff member signs in and finds the case with its link to Temporal UI', async () => {
    const page = await browser.newPage();
    await signInAsStaff(page, sys.baseUrl);
    await expect.poll(() => page.getByRole('link', { name: 'Katherine Johnson' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Temporal UI' }).first().getAttribute('href')).toMatch(
      /\/namespaces\/default\/workflows\/exam-application-/,
    );
    await page.close();
  });
});
