import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import cookieParser from 'cookie-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfToken, verifyCsrf } from '../../src/api/auth/csrf';
import { errorHandler } from '../../src/api/error-handler';
import { createLogger } from '../../src/logger';
import { checkUpload } from '../../src/uploads/check-upload';
import { receivedUpload, receiveUpload } from '../../src/uploads/receive-upload';
import { signingKeys } from '../../src/lib/signing-keys';

const pdf = (size = 200) => {
  const head = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n');
  const tail = Buffer.from('\n%%EOF\n');
  return new Uint8Array(Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20), tail]));
};
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]); // "MZ": a Windows executable

describe('checkUpload decides by content, never by name', () => {
  const docs = { allowed: ['pdf', 'png', 'jpeg'] as const, maxBytes: 1000 };
  it('accepts a PDF, a PNG and a JPEG with their real content types', () => {
    expect(checkUpload(pdf(), docs)).toEqual({ ok: true, kind: 'pdf', contentType: 'application/pdf' });
    expect(checkUpload(png, docs)).toEqual({ ok: true, kind: 'png', contentType: 'image/png' });
    expect(checkUpload(jpeg, docs)).toEqual({ ok: true, kind: 'jpeg', contentType: 'image/jpeg' });
  });
  it('refuses an executable, saying what to upload instead', () => {
    expect(checkUpload(exe, docs)).toEqual({
      ok: false,
      message:
        'The file is not a file type we accept, whatever its name says. Upload a PDF, PNG image or JPEG image file.',
    });
  });
  it('refuses a PNG where only PDF is allowed, naming what it really is', () => {
    expect(checkUpload(png, { allowed: ['pdf'], maxBytes: 1000 })).toEqual({
      ok: false,
      message: 'The file is a PNG image, whatever its name says. Upload a PDF file.',
    });
  });
  it('takes exactly maxBytes and refuses one byte more, naming both sizes', () => {
    expect(checkUpload(pdf(1000), docs).ok).toBe(true);
    expect(checkUpload(pdf(1001), docs)).toEqual({
      ok: false,
      message:
        'The file is 1001 bytes; the limit is 1000 bytes. Upload a smaller PDF, PNG image or JPEG image (for example a scan at lower resolution).',
    });
  });
  it('refuses an empty file and a truncated PDF', () => {
    expect(checkUpload(new Uint8Array(), docs)).toMatchObject({ ok: false, message: expect.stringContaining('empty') });
    expect(checkUpload(pdf().subarray(0, 100), docs)).toMatchObject({
      ok: false,
      message: expect.stringContaining('incomplete'),
    });
  });
});

describe('receiveUpload over HTTP', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(cookieParser());
    app.post(
      '/upload',
      receiveUpload({ field: 'document', allowed: ['pdf', 'png', 'jpeg'], maxBytes: 64 * 1024 }),
      (_req: Request, res: Response) => {
        const u = receivedUpload(res);
        res.json({ kind: u.kind, contentType: u.contentType, size: u.sizeBytes, name: u.originalName });
      },
    );
    app.use(errorHandler(createLogger('silent')));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const send = async (bytes: Uint8Array, name: string, type: string, field = 'document') => {
    const form = new FormData();
    form.append(field, new Blob([bytes], { type }), name);
    const res = await fetch(`${base}/upload`, { method: 'POST', body: form, headers: { accept: 'application/json' } });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('stores the content type it found, not the one the browser claimed', async () => {
    expect(await send(png, 'scan.pdf', 'application/pdf')).toEqual({
      status: 200,
      body: { kind: 'png', contentType: 'image/png', size: 16, name: 'scan.pdf' },
    });
    expect(await send(pdf(), 'letter.txt', 'text/plain')).toEqual({
      status: 200,
      body: { kind: 'pdf', contentType: 'application/pdf', size: 200, name: 'letter.txt' },
    });
  });
  it('415 for an .exe renamed .pdf', async () => {
    const r = await send(exe, 'doctor-letter.pdf', 'application/pdf');
    expect(r.status).toBe(415);
    expect(r.body.error.message).toBe(
      'The file is not a file type we accept, whatever its name says. Upload a PDF, PNG image or JPEG image file.',
    );
  });
  it('413 for a file over the limit, cut off by multer', async () => {
    const r = await send(pdf(64 * 1024 + 1), 'big.pdf', 'application/pdf');
    expect(r).toEqual({
      status: 413,
      body: {
        error: {
          code: 'upload-too-large',
          message: 'The file is larger than 64 KB. Upload a smaller PDF, PNG image or JPEG image.',
          fields: { document: 'too large' },
        },
      },
    });
  });
  it('400 without a file, or with the file in another field', async () => {
    const form = new FormData();
    form.append('note', 'x');
    const res = await fetch(`${base}/upload`, { method: 'POST', body: form, headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect((await send(pdf(), 'a.pdf', 'application/pdf', 'other')).status).toBe(400);
  });
});

describe('receiveUpload behind the global CSRF check', () => {
  const csrfKeys = signingKeys('upload-csrf-secret-0123456789abcdef');
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const app = express();
    app.use(cookieParser());
    app.use(express.urlencoded({ extended: false }));
    app.use(verifyCsrf(csrfKeys));
    app.get('/form', (req: Request, res: Response) => {
      res.json({ csrf: csrfToken(req, res, csrfKeys, false) });
    });
    app.post(
      '/upload',
      receiveUpload({ field: 'document', allowed: ['pdf'], maxBytes: 4096, csrfKeys }),
      (_req: Request, res: Response) => {
        res.json({ kind: receivedUpload(res).kind });
      },
    );
    app.use(errorHandler(createLogger('silent')));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const upload = async (cookie: string, csrf?: string) => {
    const form = new FormData();
    if (csrf) form.append('_csrf', csrf);
    form.append('document', new Blob([pdf()], { type: 'application/pdf' }), 'a.pdf');
    return fetch(`${base}/upload`, { method: 'POST', body: form, headers: { cookie, accept: 'application/json' } });
  };

  it('checks the form token once the multipart body is parsed: missing or wrong → 403, right → accepted', async () => {
    const res = await fetch(`${base}/form`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrf } = (await res.json()) as { csrf: string };
    expect((await upload(cookie)).status).toBe(403);
    expect((await upload(cookie, `${csrf.slice(0, -2)}xx`)).status).toBe(403);
    expect((await upload('', csrf)).status).toBe(403);
    const ok = await upload(cookie, csrf);
    expect([ok.status, await ok.json()]).toEqual([200, { kind: 'pdf' }]);
  });
});
