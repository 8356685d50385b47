import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadEncryption } from '../../src/temporal/data-converter';
import { examApplicationWorkflowId, type ExamApplicationInput } from '../../src/workflows/exam-application/contract';
import { openWindows } from '../../src/api/open-windows';
import { attestationJson } from '../helpers/attestation';
import { launchBrowser } from '../helpers/browser';
import { freePorts, killStarted, start, stop, type StartPorts, type StartProcess } from '../start/start-process';

// `npm start` as a new staff member meets it: Temporal UI at /temporal behind the staff sign-in, payloads decrypted.
const dataDir = mkdtempSync(join(tmpdir(), 'certflow-temporal-ui-'));
let ports: StartPorts;
let running: StartProcess;
let browser: Browser;
let base = '';
/** A case applied for through /apply (its candidate on file, so it waits in eligibility review), when a window is open. */
let appliedId: string | undefined;
const keys = { candidateId: 'c-ui-hopper', program: 'CPCS' as const, windowId: '2027-summer' };
const applicationId = examApplicationWorkflowId(keys);

beforeAll(async () => {
  ports = await freePorts();
  running = await start(dataDir, ports);
  base = `http://127.0.0.1:${ports.api}`;
  // A case whose input names the candidate, started as the API starts one: sealed with npm start's own keys.
  const secrets = JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')) as { codecKeys: string };
  const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
  const client = new Client({ connection, dataConverter: payloadEncryption(secrets.codecKeys).dataConverter });
  const input: ExamApplicationInput = {
    ...keys,
    applicationId,
    candidate: { firstName: 'Grace', lastName: 'Hopperfield', membership: 'member' },
    submittedAt: new Date().toISOString(),
  };
  await client.workflow.start('examApplicationWorkflow', {
    workflowId: applicationId,
    taskQueue: 'certflow',
    args: [input],
  });
  await connection.close();
  const open = openWindows(new Date());
  if (open.length > 0) {
    const res = await fetch(`${base}/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        firstName: 'Ada',
        lastName: 'Signalton',
        email: 'ada.signalton@example.org',
        membership: 'member',
        program: 'CPCS',
        windowId: open[0]!.id,
        ...attestationJson,
      }),
    });
    appliedId = ((await res.json()) as { applicationId: string }).applicationId;
  }
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (running) await stop(running);
  killStarted();
});

/** Fills the staff sign-in form the page is on as the admin `npm start` printed, and waits to land on `landing`. */
async function signIn(page: Page, landing: string): Promise<string> {
  const [, email, password] = /sign in as (\S+) \/ (\S+)\)/.exec(running.output())!;
  await page.getByLabel(/email/i).fill(email!);
  await page.getByLabel(/password/i).fill(password!);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((url) => url.pathname.startsWith(landing));
  return email!;
}

/** A new page, signed in and sent on to `path`. */
async function staffPage(path: string, context: { newPage(): Promise<Page> } = browser): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/staff/login?next=${encodeURIComponent(path)}`);
  await signIn(page, path);
  return page;
}

describe('Temporal UI for staff, at /temporal on the API', () => {
  it('a signed-in staff member sees the case input decrypted, with no setting changed; the server holds only ciphertext', async () => {
    const page = await browser.newPage();
    const caseUrl = `${base}/temporal/namespaces/default/workflows/${encodeURIComponent(applicationId)}`;
    await page.goto(caseUrl);
    // Not signed in: the staff sign-in, which brings the staff member back to the case.
    expect(new URL(page.url()).pathname).toBe('/staff/login');
    const email = await signIn(page, '/temporal/namespaces/default/workflows/');
    await expect.poll(async () => page.getByText('Hopperfield').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(dataDir, 'temporal-ui-decrypted.png'), fullPage: true });
    expect(await page.getByText(/Codec Server could not connect/i).count()).toBe(0);

    // The decode is audited for this staff member and this case.
    const audit = await page.goto(`${base}/staff/audit?subject=${encodeURIComponent(`workflow:${applicationId}`)}`);
    const auditText = await audit!.text();
    expect(auditText).toContain('temporal.decode');
    expect(auditText).toContain(email);

    // What the Temporal server stores: ciphertext only.
    const plain = new Client({ connection: await Connection.connect({ address: `127.0.0.1:${ports.temporal}` }) });
    const history = await plain.workflow.getHandle(applicationId).fetchHistory();
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    expect(Buffer.from(started.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(started.data!).toString('latin1')).not.toContain('Hopperfield');
    await plain.connection.close();
    await page.close();
  }, 120_000);

  it('a decision signalled from Temporal UI as plain JSON is encoded by the codec on the same origin, stored encrypted, moves the case, and is audited as sent via Temporal', async () => {
    const caseId = appliedId ?? applicationId;
    const page = await staffPage(`/temporal/namespaces/default/workflows/${encodeURIComponent(caseId)}`);
    await page.getByRole('button', { name: /More Actions/i }).click();
    await page.getByRole('menuitem', { name: /Send a Signal/i }).click();
    const dialog = page.getByRole('dialog');
    // The UI lists the workflow's own signals (from its metadata): pick the decision, type its JSON.
    await dialog.getByTestId('signal-select-button').click();
    await dialog.getByRole('option', { name: 'eligibilityDecisionSignal' }).click();
    await dialog.getByRole('textbox', { name: 'Data' }).click();
    await page.keyboard.type('{"decision":"reject","reason":"No credentialing duties named.","decidedBy":"ui-test"', {
      delay: 5,
    });
    await page.screenshot({ path: join(dataDir, 'temporal-ui-signal.png'), fullPage: true });
    // Leaving the editor formats the JSON (and moves the dialog): then submit.
    await page.keyboard.press('Tab');
    await dialog.getByRole('button', { name: /Submit/i }).click();
    const historyOf = async () => {
      const plain = new Client({ connection: await Connection.connect({ address: `127.0.0.1:${ports.temporal}` }) });
      const events = (await plain.workflow.getHandle(caseId).fetchHistory()).events ?? [];
      await plain.connection.close();
      return events;
    };
    await expect
      .poll(
        async () =>
          (await historyOf()).some(
            (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'eligibilityDecisionSignal',
          ),
        { timeout: 30_000 },
      )
      .toBe(true);
    const signalled = (await historyOf()).find(
      (e) => e.workflowExecutionSignaledEventAttributes,
    )!.workflowExecutionSignaledEventAttributes!;
    expect(Buffer.from(signalled.input!.payloads![0]!.metadata!.encoding!).toString()).toBe('binary/encrypted');
    // The decision took effect: the case ran its rejection to the end, and the audit log names who sent it and how.
    await expect
      .poll(async () => (await historyOf()).some((e) => e.workflowExecutionCompletedEventAttributes), {
        timeout: 30_000,
      })
      .toBe(appliedId !== undefined);
    if (appliedId) {
      const audited = async () =>
        (
          await (await page.goto(
            `${base}/staff/audit?subject=${encodeURIComponent(`application:${appliedId}`)}`,
          ))!.text()
        ).replace(/<[^>]+>/g, ' ');
      await expect.poll(audited, { timeout: 30_000 }).toContain('application.eligibility.reject');
      expect(await audited()).toContain('via Temporal');
    }
    await page.close();
  }, 120_000);

  it('a workflow started from Temporal UI with plain JSON input is stored encrypted and shown decrypted', async () => {
    const page = await staffPage('/temporal/namespaces/default/workflows/start-workflow');
    await page.getByLabel(/Workflow ID/i).fill('ui-started-links');
    await page.getByLabel(/Task Queue/i).fill('certflow');
    await page.getByLabel(/Workflow Type/i).fill('accessLinksWorkflow');
    await page
      .getByRole('textbox', { name: /Data|Input/i })
      .first()
      .click();
    await page.keyboard.type('{"email":"started.from.ui@example.org"', { delay: 5 });
    await page.keyboard.press('Tab');
    await page.screenshot({ path: join(dataDir, 'temporal-ui-start.png'), fullPage: true });
    await page
      .getByRole('button', { name: /Start Workflow/i })
      .last()
      .click();
    const plain = new Client({ connection: await Connection.connect({ address: `127.0.0.1:${ports.temporal}` }) });
    await expect
      .poll(
        async () =>
          (
            await plain.workflow
              .getHandle('ui-started-links')
              .fetchHistory()
              .catch(() => undefined)
          )?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0],
        { timeout: 30_000 },
      )
      .toBeTruthy();
    const input = (await plain.workflow.getHandle('ui-started-links').fetchHistory()).events![0]!
      .workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(input.data!).toString('latin1')).not.toContain('started.from.ui');
    await plain.connection.close();
    await page.goto(`${base}/temporal/namespaces/default/workflows/ui-started-links`);
    await expect
      .poll(async () => page.getByText('started.from.ui@example.org').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    await page.close();
  }, 120_000);

  it('anyone not signed in as staff gets the sign-in page or 401, and no payload', async () => {
    const html = await fetch(`${base}/temporal/namespaces/default/workflows/${encodeURIComponent(applicationId)}`, {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    });
    expect(html.status).toBe(303);
    expect(html.headers.get('location')).toMatch(/^\/staff\/login\?next=/);
    const api = await fetch(
      `${base}/temporal/api/v1/namespaces/default/workflows/${encodeURIComponent(applicationId)}`,
      { headers: { accept: 'application/json' } },
    );
    expect(api.status).toBe(401);
    const decode = await fetch(`${base}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payloads: [] }),
    });
    expect(decode.status).toBe(401);
    // The UI itself listens on loopback only, and its own port is not the way in for a browser elsewhere.
    expect(running.output()).toContain(`${base}/temporal`);
  });

  it('a change sent to Temporal UI from another site is refused before it reaches the UI', async () => {
    const context = await browser.newContext();
    await staffPage('/staff', context);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const forged = await fetch(
      `${base}/temporal/api/v1/namespaces/default/workflows/${encodeURIComponent(applicationId)}/signal/eligibilityDecisionSignal`,
      {
        method: 'POST',
        headers: {
          cookie,
          origin: 'https://evil.example',
          'sec-fetch-site': 'cross-site',
          'content-type': 'application/json',
        },
        body: '{}',
      },
    );
    expect(forged.status).toBe(403);
    await context.close();
  }, 60_000);
});
