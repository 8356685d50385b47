import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { createQueueWorkers } from '../../src/temporal/queue-workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app';
import { auditFor } from '../../src/db/tables/audit-log';
import { upsertCertification } from '../../src/db/tables/certifications';
import { documentsOf } from '../../src/db/tables/documents';
import { newYorkDateOf } from '../../src/domain/index';
import { signCertificantToken } from '../../src/lib/certificant-link';
import { createLogger } from '../../src/logger';
import { statusQuery } from '../../src/workflows/exam-application/contract';
import {
  certificationEarnedSignal,
  recertificationWorkflowId,
  type RecertificationStatus,
} from '../../src/workflows/recertification/contract';
import { eventually } from '../helpers/eventually';
import { admin, openPage, startSystem, testSecret, type System } from '../helpers/system';
import { testEncryption } from '../helpers/temporal';
import { addedQuery, releaseSignal } from './fixtures/busy-cycle-workflow';
import { attestationJson } from '../helpers/attestation';

// Short enough for a test to wait out, long enough for a loaded machine to take an Update.
const updateTimeoutMs = 4_000;
// A request that hangs fails the test here instead of at the test's own timeout.
const neverHang = () => AbortSignal.timeout(updateTimeoutMs + 20_000);
const today = newYorkDateOf(new Date().toISOString());
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
let sys: System;

beforeAll(async () => {
  sys = await startSystem({ now: () => new Date(), updateTimeoutMs });
}, 120_000);
afterAll(async () => {
  await sys?.close();
});

const issuedAt = new Date();
const tokenOf = (id: string) => signCertificantToken(testSecret, id, issuedAt, 30);

/** A certificant whose cycle has just started: CE entries dated today are inside it. */
async function certify(id: string): Promise<void> {
  await sys.db
    .insertInto('candidates')
    .values({ id, email: `${id}@example.test`, first_name: 'Ada', last_name: id, membership: 'member' })
    .execute();
  await upsertCertification(sys.db, {
    credentialId: `${id}-CPCS`,
    candidateId: id,
    program: 'CPCS',
    applicationId: `app-${id}`,
    certifiedOn: today,
    expiresOn: today,
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
        certifiedOn: today,
        firstName: 'Ada',
        lastName: id,
        membership: 'member',
      },
    ],
  });
  expect(await titles(id)).toEqual([]); // the cycle is up and answering
}

const entry = (title: string) => ({ title, provider: 'NAMSS', completedOn: today, hours: 2, kind: 'other' });
const addEntry = (id: string, body: unknown, key?: string, baseUrl = sys.baseUrl) =>
  fetch(`${baseUrl}/api/recertification/${id}/entries`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-candidate-token': tokenOf(id),
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
    signal: neverHang(),
  });
const titles = async (id: string) => {
  const res = await fetch(`${sys.baseUrl}/api/recertification/${id}`, {
    headers: { 'x-candidate-token': tokenOf(id) },
  });
  return ((await res.json()) as RecertificationStatus).entries.map((e) => e.title);
};

/** The CE grid page as a browser gets it: its cookie and the hidden fields of its add-entry form. */
async function gridForm(id: string) {
  const { res: page, cookie } = await openPage(
    sys.baseUrl,
    `/recertification/${id}?token=${encodeURIComponent(tokenOf(id))}`,
  );
  const html = await page.text();
  const add = html.slice(html.indexOf('<h2>Add a CE activity</h2>'));
  return {
    cookie,
    csrf: /name="_csrf" value="([^"]+)"/.exec(add)![1]!,
    key: /name="_idempotency_key" value="([^"]+)"/.exec(add)![1]!,
  };
}
const submitAddForm = (id: string, form: { cookie: string; csrf: string; key: string }, title: string) => {
  const body = new FormData();
  body.append('_csrf', form.csrf);
  body.append('_idempotency_key', form.key);
  for (const [k, v] of Object.entries(entry(title))) body.append(k, String(v));
  body.append('certificate', new Blob([pdf], { type: 'application/pdf' }), 'certificate.pdf');
  return fetch(`${sys.baseUrl}/recertification/${id}/entries?token=${encodeURIComponent(tokenOf(id))}`, {
    method: 'POST',
    body,
    headers: { cookie: form.cookie },
    redirect: 'manual',
    signal: neverHang(),
  });
};

describe('API Updates carry an idempotency key', () => {
  it('the same CE entry posted twice with the same Idempotency-Key is one entry, and both answers are the first', async () => {
    await certify('cert-json');
    const key = randomUUID();
    const first = await addEntry('cert-json', entry('Credentialing 101'), key);
    const again = await addEntry('cert-json', entry('Credentialing 101'), key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    const answer = (await first.json()) as { entryId: string };
    expect(await again.json()).toEqual(answer);

    // A double click: both requests in flight at once.
    const twin = randomUUID();
    const both = await Promise.all([
      addEntry('cert-json', entry('Bylaws'), twin),
      addEntry('cert-json', entry('Bylaws'), twin),
    ]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    expect(await titles('cert-json')).toEqual(['Credentialing 101', 'Bylaws']);

    // The key de-duplicates, not the body: a new key (or none) is a new entry.
    expect((await addEntry('cert-json', entry('Credentialing 101'), randomUUID())).status).toBe(201);
    expect((await addEntry('cert-json', entry('Credentialing 101'))).status).toBe(201);
    expect(await titles('cert-json')).toEqual([
      'Credentialing 101',
      'Bylaws',
      'Credentialing 101',
      'Credentialing 101',
    ]);
  });

  it('the same key on another certificant never collides', async () => {
    await certify('cert-other');
    const key = randomUUID();
    await certify('cert-other-2');
    expect((await addEntry('cert-other', entry('Webinar'), key)).status).toBe(201);
    expect((await addEntry('cert-other-2', entry('Webinar'), key)).status).toBe(201);
    expect(await titles('cert-other')).toEqual(['Webinar']);
    expect(await titles('cert-other-2')).toEqual(['Webinar']);
  });

  it('a staff decision sent twice with the same key is decided and audited once', async () => {
    const token = await fetch(`${sys.baseUrl}/api/staff/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...admin, name: 'updates-test' }),
    });
    const bearer = { authorization: `Bearer ${((await token.json()) as { token: string }).token}` };
    const applied = await fetch(`${sys.baseUrl}/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        firstName: 'Grace',
        lastName: 'Hopper',
        email: 'grace@example.test',
        membership: 'member',
        program: 'CPCS',
        windowId: '2027-spring',
        ...attestationJson,
      }),
    });
    const { applicationId } = (await applied.json()) as { applicationId: string };
    await eventually(async () =>
      expect((await sys.env.client.workflow.getHandle(applicationId).query(statusQuery)).stage).toBe(
        'eligibility-review',
      ),
    );

    const key = randomUUID();
    const decide = () =>
      fetch(`${sys.baseUrl}/api/staff/applications/${applicationId}/eligibility`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearer },
        body: JSON.stringify({ decision: 'approve' }),
        signal: neverHang(),
      });
    const [first, again] = [await decide(), await decide()];
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.json()).toEqual(await first.json());
    expect((await auditFor(sys.db, `application:${applicationId}`)).map((a) => a.action)).toEqual([
      'application.eligibility.approve',
    ]);
  });

  it('a malformed key is refused before anything changes', async () => {
    await certify('cert-bad-key');
    const res = await addEntry('cert-bad-key', entry('Webinar'), 'x'.repeat(256));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /Idempotency-Key must be 1 to 255 visible ASCII characters/,
    );
    expect(await titles('cert-bad-key')).toEqual([]);
  });

  it('a page form sent twice (same rendered key) changes the case once and stores its certificate once', async () => {
    await certify('cert-form');
    const form = await gridForm('cert-form');
    expect((await submitAddForm('cert-form', form, 'State conference')).status).toBe(303);
    expect((await submitAddForm('cert-form', form, 'State conference')).status).toBe(303);
    const doubleClick = await Promise.all([
      submitAddForm('cert-form', form, 'State conference'),
      submitAddForm('cert-form', form, 'State conference'),
    ]);
    expect(doubleClick.map((r) => r.status)).toEqual([303, 303]);
    expect(await titles('cert-form')).toEqual(['State conference']);
    expect(await documentsOf(sys.db, 'ce-entry', 'cert-form')).toHaveLength(1);

    // The page rendered again carries a new key: the same entry added on purpose is a second entry.
    const next = await gridForm('cert-form');
    expect(next.key).not.toBe(form.key);
    expect((await submitAddForm('cert-form', next, 'State conference')).status).toBe(303);
    expect(await titles('cert-form')).toEqual(['State conference', 'State conference']);
    expect(await documentsOf(sys.db, 'ce-entry', 'cert-form')).toHaveLength(2);
  });
});

describe('API Updates answer within UPDATE_TIMEOUT_MS', () => {
  it('with the worker stopped, an Update answers 503 saying nothing changed, and nothing does once the worker is back', async () => {
    await certify('cert-no-worker');
    await sys.worker.stop();
    let res: Response;
    try {
      res = await addEntry('cert-no-worker', entry('Lost in transit'), randomUUID());
    } finally {
      await sys.worker.start();
    }
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'Nothing was changed: the service cannot take requests right now. Try again in a moment.',
    );

    // Once the new worker answers, a later change goes through the same workflow; the refused one never shows up.
    expect(await titles('cert-no-worker')).toEqual([]);
    expect((await addEntry('cert-no-worker', entry('Arrived'), randomUUID())).status).toBe(201);
    expect(await titles('cert-no-worker')).toEqual(['Arrived']);
  });

  it('with Temporal unreachable, an Update answers 503 instead of hanging', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const client = new Client({ connection, dataConverter: testEncryption.dataConverter });
    const app = createApp({
      db: sys.db,
      temporal: { client, taskQueue: 'nowhere', namespace: 'default', uiUrl: 'http://localhost:8233' },
      secret: testSecret,
      publicBaseUrl: 'http://localhost',
      staffSessionTtlHours: 8,
      logger: createLogger('silent'),
      updateTimeoutMs,
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const res = await addEntry(
        'cert-down',
        entry('Webinar'),
        randomUUID(),
        `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      );
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Nothing was changed/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    }
  });

  it('an Update accepted while the case is busy answers 202 with where to see the outcome; the same key then answers with it', async () => {
    const taskQueue = `busy-${randomUUID()}`;
    const worker = await createQueueWorkers({
      connection: sys.env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('./fixtures/busy-cycle-workflow.ts', import.meta.url)),
    });
    await worker.runUntil(async () => {
      const handle = await sys.env.client.workflow.start('busyCycleWorkflow', {
        taskQueue,
        workflowId: recertificationWorkflowId('cert-busy'),
      });
      const key = randomUUID();
      const busy = await addEntry('cert-busy', entry('Held up'), key);
      expect(busy.status).toBe(202);
      expect(busy.headers.get('location')).toBe('/api/recertification/cert-busy');
      expect(await busy.json()).toMatchObject({
        status: 'processing',
        statusUrl: '/api/recertification/cert-busy',
        message:
          'Your request was accepted and is being processed. See the outcome at /api/recertification/cert-busy in a moment.',
      });

      // A page form gets a page that links back to the grid.
      const page = await fetch(`${sys.baseUrl}/apply`);
      const cookie = page.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const form = await submitAddForm('cert-busy', { cookie, csrf, key: randomUUID() }, 'Held up too');
      expect(form.status).toBe(202);
      const html = await form.text();
      expect(html).toContain('Your request is being processed');
      // Back to the grid, and the link in the page never carries the token.
      expect(html).toContain('href="/recertification/cert-busy"');
      expect(html).not.toContain('token=');

      await handle.signal(releaseSignal);
      const outcome = await addEntry('cert-busy', entry('Held up'), key);
      expect(outcome.status).toBe(201);
      expect(await outcome.json()).toMatchObject({ entryId: 'busy: Held up' });
      expect((await handle.query(addedQuery)).map((e) => e.title).sort()).toEqual(['Held up', 'Held up too']);
    });
  });
});
