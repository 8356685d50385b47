import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startSystem, type System } from '../helpers/system';

// Regressions the fuzz test (test/api/fuzz) found: each answered 500.
let sys: System;
let bearer: string;
beforeAll(async () => {
  sys = await startSystem({ now: () => new Date() });
  const res = await fetch(`${sys.baseUrl}/api/staff/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...admin, name: 'malformed-input' }) });
  bearer = ((await res.json()) as { token: string }).token;
});
afterAll(async () => {
  await sys?.close();
});

const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('malformed input is the caller’s mistake, never a 500', () => {
  it('a session cookie in cookie-parser’s JSON form (j:{…}) is no session: 401, not a crash on an object', async () => {
    const res = await fetch(`${sys.baseUrl}/api/staff/forms`, { headers: { cookie: 'certflow_staff=j%3A%7B%22id%22%3A1%7D', accept: 'application/json' } });
    expect(res.status).toBe(401);
  });

  it('a NUL in an id PostgreSQL would read: 400 bad-text', async () => {
    const res = await fetch(`${sys.baseUrl}/api/applications/%00/status`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('bad-text');
  });

  it('an empty multipart body where an exam form file is expected: 400 upload-form', async () => {
    const res = await fetch(`${sys.baseUrl}/staff/forms`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'multipart/form-data; boundary=xYz', accept: 'application/json' }, body: '' });
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('upload-form');
  });
});
