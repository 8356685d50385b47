import { describe, expect, it } from 'vitest';
import { systemSuite } from '../helpers/system';

// Regressions the fuzz test (test/api/fuzz) found: each answered 500.
const suite = systemSuite({ now: () => new Date() }, 'malformed-input');

const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('malformed input is the caller’s mistake, never a 500', () => {
  it('a session cookie in cookie-parser’s JSON form (j:{…}) is no session: 401, not a crash on an object', async () => {
    const res = await fetch(`${suite.sys.baseUrl}/api/staff/forms`, {
      headers: { cookie: 'certflow_staff=j%3A%7B%22id%22%3A1%7D', accept: 'application/json' },
    });
    expect(res.status).toBe(401);
  });

  it('a NUL in an id PostgreSQL would read: 400 bad-text', async () => {
    const res = await fetch(`${suite.sys.baseUrl}/api/applications/%00/status`, {
      headers: { authorization: `Bearer ${suite.token}` },
    });
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('bad-text');
  });

  it('an empty multipart body where an exam form file is expected: 400 upload-form', async () => {
    const res = await fetch(`${suite.sys.baseUrl}/staff/forms`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${suite.token}`,
        'content-type': 'multipart/form-data; boundary=xYz',
        accept: 'application/json',
      },
      body: '',
    });
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('upload-form');
  });
});
