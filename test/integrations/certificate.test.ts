import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateActivities } from '../../src/activities/certificates';
import type { ActivityDeps } from '../../src/activities/deps';
import { createApp } from '../../src/api/app';
import { upsertApplication } from '../../src/db/tables/applications';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { updateCertification, upsertCertification } from '../../src/db/tables/certifications';
import { documentsOf, findDocument } from '../../src/db/tables/documents';
import { signCandidateToken } from '../../src/lib/candidate-link';
import { createLogger } from '../../src/logger';
import { openTestDatabase } from '../helpers/database';
import { pdfText } from './pdf-text';
import { openPage } from '../helpers/system';

const secret = 'certificate-test-secret-0123456789abcdef';
const now = new Date('2028-01-10T15:00:00Z');
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let server: Server;
let base: string;

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  for (const [id, first, last] of [
    ['c-ok', 'Grace', 'O’Hara-Łukasiewicz'],
    ['c-rev', 'Revo', 'Ked'],
    ['c-x', 'Other', '<b>Person</b>'],
  ] as const) {
    await findOrCreateCandidate(db, {
      newId: id,
      email: `${id}@example.org`,
      firstName: first,
      lastName: last,
      membership: 'member',
    });
    await upsertApplication(db, {
      id: `app-${id}`,
      candidateId: id,
      program: 'CPMSM',
      windowId: '2027-fall',
      firstName: first,
      lastName: last,
      membership: 'member',
      stage: 'passed',
      submittedAt: '2027-05-01T12:00:00Z',
    });
  }
  await upsertCertification(db, {
    credentialId: 'CPMSM-2027-000123',
    candidateId: 'c-ok',
    program: 'CPMSM',
    applicationId: 'app-c-ok',
    certifiedOn: '2027-12-20',
    expiresOn: '2030-12-01',
  });
  await upsertCertification(db, {
    credentialId: 'CPMSM-2027-000124',
    candidateId: 'c-rev',
    program: 'CPMSM',
    applicationId: 'app-c-rev',
    certifiedOn: '2027-12-20',
    expiresOn: '2030-12-01',
  });
  await updateCertification(db, 'CPMSM-2027-000124', { status: 'revoked' });
  const app = createApp({
    db,
    temporal: { client: {} as Client, taskQueue: 'unused', namespace: 'default', uiUrl: 'http://localhost:8233' },
    secret,
    publicBaseUrl: 'https://certs.example.org',
    staffSessionTtlHours: 8,
    logger: createLogger('silent'),
    now: () => now,
    rateLimitPerMinute: 1000,
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await database?.close();
});

const deps = () =>
  ({
    db: database.db,
    links: { secret, baseUrl: 'https://certs.example.org/', ttlDays: 30 },
  }) as unknown as ActivityDeps;

describe('PDF certificate', () => {
  it('carries name, credential, dates, credential id and the verification link, and a retry stores nothing new', async () => {
    const acts = certificateActivities(deps());
    const first = await acts.createCertificatePdf({ credentialId: 'CPMSM-2027-000123' });
    expect(first).toEqual({ documentId: 'certificate-CPMSM-2027-000123-2030-12-01' });
    expect(await acts.createCertificatePdf({ credentialId: 'CPMSM-2027-000123' })).toEqual(first);
    expect(await documentsOf(database.db, 'certification', 'CPMSM-2027-000123')).toMatchObject([
      { id: first.documentId, purpose: 'certificate', content_type: 'application/pdf' },
    ]);

    const doc = (await findDocument(database.db, first.documentId))!;
    const pdf = await PDFDocument.load(doc.bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('CPMSM certificate CPMSM-2027-000123');
    const text = pdfText(doc.bytes);
    // Standard fonts are Latin-1: "Ł" is printed as "L" rather than failing the activity.
    expect(text).toContain('Grace O’Hara-Lukasiewicz');
    expect(text).toContain('Certified Professional Medical Services Management (CPMSM)');
    expect(text).toContain('Certified on December 20, 2027      Valid through December 1, 2030');
    expect(text).toContain('Credential ID: CPMSM-2027-000123');
    expect(text).toContain('Verify this certificate at https://certs.example.org/verify/CPMSM-2027-000123');
  });

  it('a certificate for an unknown credential is a non-retryable failure', async () => {
    expect(
      await certificateActivities(deps())
        .createCertificatePdf({ credentialId: 'nope' })
        .catch((e: unknown) => e),
    ).toMatchObject({ type: 'CertificationNotFound', nonRetryable: true });
  });

  it('the candidate downloads their own certificate; another candidate’s link gets 404, no link 401', async () => {
    const token = signCandidateToken(secret, { applicationId: 'app-c-ok', candidateId: 'c-ok' }, now, 30);
    const { res } = await openPage(base, `/applications/app-c-ok/certificate.pdf?token=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="CPMSM-certificate-CPMSM-2027-000123.pdf"',
    );
    expect(pdfText(new Uint8Array(await res.arrayBuffer()))).toContain('Credential ID: CPMSM-2027-000123');

    const other = signCandidateToken(secret, { applicationId: 'app-c-x', candidateId: 'c-x' }, now, 30);
    expect((await fetch(`${base}/applications/app-c-ok/certificate.pdf?token=${other}`)).status).toBe(404);
    expect((await fetch(`${base}/applications/app-c-ok/certificate.pdf`)).status).toBe(401);
    const none = await fetch(`${base}/applications/app-c-x/certificate.pdf`, {
      headers: { accept: 'application/json', 'x-candidate-token': other },
    });
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: { message: string } }).error.message).toBe(
      'There is no certificate for this application yet. It is issued once a passing score is released.',
    );
  });
});

describe('GET /verify/:credentialId', () => {
  it('shows name, credential, status and dates of an active certification', async () => {
    const res = await fetch(`${base}/verify/CPMSM-2027-000123`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      name: 'Grace O’Hara-Łukasiewicz',
      credential: 'Certified Professional Medical Services Management (CPMSM)',
      status: 'Active',
      certifiedOn: 'December 20, 2027',
      expiresOn: 'December 1, 2030',
      credentialId: 'CPMSM-2027-000123',
    });
    const page = await (await fetch(`${base}/verify/CPMSM-2027-000123`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('<dt>Status</dt><dd>Active</dd>');
    expect(page).not.toMatch(/c-ok@example\.org|app-c-ok|passed|scaled|raw score/i);
  });

  it('answers a revoked, an unknown and a malformed id with the same "not found"', async () => {
    const bodies = await Promise.all(
      ['CPMSM-2027-000124', 'CPMSM-2027-999999', '..%2F..%2Fetc'].map(async (id) => {
        const res = await fetch(`${base}/verify/${id}`, { headers: { accept: 'application/json' } });
        return [res.status, await res.json()];
      }),
    );
    const expected = [
      404,
      {
        error: {
          code: 'not-found',
          message: 'No active certification has this credential ID. Check the ID on the certificate.',
        },
      },
    ];
    expect(bodies).toEqual([expected, expected, expected]);
  });
});
