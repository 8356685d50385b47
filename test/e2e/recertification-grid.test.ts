import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCertification } from '../../src/db/tables/certifications';
import { newYorkDateOf, newYorkWallClockToInstant, recertificationCycle } from '../../src/domain/index';
import { certificationEarnedSignal, recertificationWorkflowId } from '../../src/workflows/recertification/contract';
import { startRecertSystem, type RecertSystem } from '../api/recertification-system';
import { launchBrowser } from '../helpers/browser';

let sys: RecertSystem;
let browser: Browser;
beforeAll(async () => {
  [sys, browser] = await Promise.all([startRecertSystem(), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await sys?.close();
});

describe('the CE grid in a real browser', () => {
  it('a certificant opens the link from the reminder, adds a CE activity with its certificate and sees the meter fill', async () => {
    const id = 'e2e-grace';
    const certifiedOn = newYorkDateOf(new Date(await sys.env.currentTimeMs()).toISOString());
    await sys.db
      .insertInto('candidates')
      .values({ id, email: 'grace@example.test', first_name: 'Grace', last_name: 'Hopper', membership: 'member' })
      .execute();
    await upsertCertification(sys.db, {
      credentialId: `${id}-CPCS`,
      candidateId: id,
      program: 'CPCS',
      applicationId: `app-${id}`,
      certifiedOn,
      expiresOn: certifiedOn,
    });
    await sys.env.client.workflow.signalWithStart('recertificationWorkflow', {
      workflowId: recertificationWorkflowId(id),
      taskQueue: sys.taskQueue,
      args: [{ certificantId: id }],
      signal: certificationEarnedSignal,
      signalArgs: [
        {
          certificantId: id,
          program: 'CPCS',
          credentialId: `${id}-CPCS`,
          certifiedOn,
          firstName: 'Grace',
          lastName: 'Hopper',
          membership: 'member',
        },
      ],
    });
    const cycle = recertificationCycle(certifiedOn);
    await sys.env.sleep(
      Date.parse(newYorkWallClockToInstant(cycle.reportingOpens, 10)) - (await sys.env.currentTimeMs()),
    );
    const reminder = await sys.catcher.waitFor(
      (m) => m.subject === 'Recertification reporting is open' && m.to.includes('grace@example.test'),
      30_000,
    );
    expect(reminder.text).toContain('Still missing:');
    const link = /http:\/\/\S+\/recertification\/\S+/.exec(reminder.text)![0];

    const page = await browser.newPage();
    await page.goto(link);
    expect(await page.locator('#ce-meter').getAttribute('value')).toBe('0');
    await page.getByLabel('Title').fill('Credentialing essentials');
    await page.getByLabel('Provider').fill('NAMSS Education Zone');
    await page.getByLabel('Completed on').fill(cycle.reportingOpens);
    await page.getByLabel('Hours').fill('12');
    await page.getByLabel('Kind').selectOption('namss-approved');
    // A file that only claims to be a PDF is refused on the grid itself, with nothing stored.
    await page
      .getByLabel(/^Certificate of completion/)
      .setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
    await page.getByRole('button', { name: 'Add to my grid' }).click();
    await expect
      .poll(() => page.locator('.error-summary').textContent())
      .toMatch(/Upload a PDF, PNG image or JPEG image file/);
    expect(await page.locator('#ce-meter').getAttribute('value')).toBe('0');
    await page.getByLabel('Title').fill('Credentialing essentials');
    await page.getByLabel('Provider').fill('NAMSS Education Zone');
    await page.getByLabel('Completed on').fill(cycle.reportingOpens);
    await page.getByLabel('Hours').fill('12');
    await page.getByLabel(/^Certificate of completion/).setInputFiles({
      name: 'certificate.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await page.getByRole('button', { name: 'Add to my grid' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('Entry added');
    expect(await page.locator('#ce-meter').getAttribute('value')).toBe('12');
    expect(await page.locator('#entries').textContent()).toContain('certificate.pdf');
    expect(await page.locator('#missing').textContent()).toContain('3 more hours of NAMSS-approved CE');
  }, 120_000);
});
