import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { admin } from './system';

/** Debian's Chromium, headless, with the flags that keep it off the (closed) network except our pages. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (err) {
    throw new Error(
      `Chromium could not start from ${executablePath}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH.\n${String(err)}`,
    );
  }
}

/** Signs the page in as the first admin through the sign-in form, and waits for the staff area. */
export async function signInAsStaff(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/staff`);
  await expect.poll(() => page.locator('h1').textContent()).toBe('Staff sign-in');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('h1').textContent()).toBe('Staff area');
}
