import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffLogin } from '../helpers/staff-login';
import { seedApplication } from '../helpers/seed-application';
import { openPage, startSystem, type System } from '../helpers/system';
import { rowCounts } from './fuzz/snapshot';

// Refused uploads are never stored: every refusal below leaves the same rows and the same temporary directory.
const pinned = Date.now();
let sys: System;
let applicationId: string;
let candidateToken: string;
let staffCookie: string;

beforeAll(async () => {
  sys = await startSystem({ now: () => new Date(pinned) });
  ({ applicationId, token: candidateToken } = await seedApplication(sys, 'c-upload', new Date(pinned)));
  staffCookie = await staffLogin(sys.baseUrl);
});
afterAll(async () => {
  await sys?.close();
});

/** The page's CSRF cookie and field, as a browser holds them before it posts the form. */
async function pageSession(path: string, cookie = ''): Promise<{ cookie: string; csrf: string }> {
  const page = await openPage(sys.baseUrl, path, cookie);
  return { cookie: page.cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(await page.res.text())?.[1] ?? '' };
}

const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const exe = Uint8Array.of(0x4d, 0x5a, 0x90, 0x00, 1, 2, 3);
const big = (n: number) => {
  const b = new Uint8Array(n);
  b.set(pdf.slice(0, 9));
  return b;
};

interface Refusal {
  name: string;
  file?: { bytes: Uint8Array; type: string; name: string };
  csrf?: 'valid' | 'missing' | 'forged';
  rawBody?: { contentType: string; body: string };
  status: number;
}
const refusals: Refusal[] = [
  { name: 'too big', file: { bytes: big(6 * 1024 * 1024), type: 'application/pdf', name: 'big.pdf' }, status: 413 },
  {
    name: 'wrong type by its bytes (an executable named .pdf)',
    file: { bytes: exe, type: 'application/pdf', name: 'letter.pdf' },
    status: 415,
  },
  {
    name: 'wrong declared type (text declared as an image)',
    file: { bytes: new TextEncoder().encode('just text'), type: 'image/png', name: 'letter.png' },
    status: 415,
  },
  {
    name: 'malformed multipart (the closing boundary never comes)',
    rawBody: {
      contentType: 'multipart/form-data; boundary=zz',
      body: '--zz\r\nContent-Disposition: form-data; name="documentation"; filename="a.pdf"\r\n\r\n%PDF-1.4',
    },
    status: 400,
  },
  {
    name: 'no CSRF field',
    file: { bytes: pdf, type: 'application/pdf', name: 'letter.pdf' },
    csrf: 'missing',
    status: 403,
  },
  {
    name: 'forged CSRF field',
    file: { bytes: pdf, type: 'application/pdf', name: 'letter.pdf' },
    csrf: 'forged',
    status: 403,
  },
];

async function post(
  path: string,
  session: { cookie: string; csrf: string },
  field: string,
  fields: Record<string, string>,
  r: Refusal,
): Promise<Response> {
  if (r.rawBody)
    return fetch(`${sys.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'content-type': r.rawBody.contentType },
      body: r.rawBody.body,
    });
  const form = new FormData();
  if (r.csrf !== 'missing') form.set('_csrf', r.csrf === 'forged' ? `${session.csrf.slice(0, -2)}xx` : session.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set(field, new Blob([r.file!.bytes], { type: r.file!.type }), r.file!.name);
  return fetch(`${sys.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session.cookie },
    body: form,
  });
}

async function expectNothingStored(send: () => Promise<Response>, status: number) {
  const rows = await rowCounts(sys.db);
  const temp = readdirSync(tmpdir()).sort();
  const res = await send();
  await res.arrayBuffer();
  expect(res.status).toBe(status);
  expect(await rowCounts(sys.db)).toEqual(rows);
  // multer keeps parts in memory: no temporary file appears, whatever the refusal.
  expect(
    readdirSync(tmpdir())
      .sort()
      .filter((f) => !temp.includes(f) && /^(multer|upload|busboy)/i.test(f)),
  ).toEqual([]);
}

describe('a refused accommodation document is never stored', () => {
  const page = () => `/applications/${encodeURIComponent(applicationId)}?token=${encodeURIComponent(candidateToken)}`;
  const action = () =>
    `/applications/${encodeURIComponent(applicationId)}/accommodations?token=${encodeURIComponent(candidateToken)}`;
  for (const r of refusals) {
    it(r.name, async () => {
      const session = await pageSession(page());
      await expectNothingStored(
        () => post(action(), session, 'documentation', { needs: 'Extra time for reading' }, r),
        r.status,
      );
    });
  }
  it('a stranger without the link: refused before the file is read', async () => {
    const session = await pageSession(page());
    const stranger = `/applications/${encodeURIComponent(applicationId)}/accommodations?token=forged`;
    await expectNothingStored(
      () =>
        post(
          stranger,
          session,
          'documentation',
          { needs: 'Extra time' },
          { name: 'no link', file: { bytes: pdf, type: 'application/pdf', name: 'a.pdf' }, status: 401 },
        ),
      401,
    );
  });
});

describe('a refused results file or exam form is never stored', () => {
  for (const [path, page] of [
    ['/staff/results-imports', '/staff/results-imports'],
    ['/staff/forms', '/staff/forms'],
  ] as const) {
    for (const r of refusals.filter((x) => x.status === 400 || x.status === 403)) {
      it(`${path}: ${r.name}`, async () => {
        const session = await pageSession(page, staffCookie);
        const refusal = r.rawBody
          ? { ...r, rawBody: { ...r.rawBody, body: r.rawBody.body.replace('documentation', 'file') } }
          : r;
        await expectNothingStored(() => post(path, session, 'file', {}, refusal), r.status);
      });
    }
    it(`${path}: signed out`, async () => {
      const session = await pageSession(page);
      await expectNothingStored(
        () =>
          post(
            path,
            session,
            'file',
            {},
            { name: 'signed out', file: { bytes: pdf, type: 'text/csv', name: 'a.csv' }, status: 0 },
          ),
        401,
      );
    });
  }
});
