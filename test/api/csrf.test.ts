import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { staffLogin } from '../helpers/staff-login';
import { systemSuite } from '../helpers/system';

// A staff member signed in to the console visits a hostile page, which posts to certflow with whatever content type
// a browser form can send. Each probe is refused before any handler runs, and nothing is stored.
const suite = systemSuite({ now: () => new Date() }, 'csrf-test');
let cookie: string;
beforeAll(async () => {
  cookie = await staffLogin(suite.sys.baseUrl);
});

const csv = 'application_id,exam_date,responses\napp-nobody,2026-10-05,ABC\n';
const post = (path: string, headers: Record<string, string>, body?: string | FormData) =>
  fetch(`${suite.sys.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { accept: 'application/json', ...headers },
    body,
  });
const count = async (table: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(suite.sys.db)).rows[0]!.n);
const tokenFor = async (jar: string) =>
  (
    (await (await fetch(`${suite.sys.baseUrl}/api/staff/csrf-token`, { headers: { cookie: jar } })).json()) as {
      token: string;
    }
  ).token;
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('state-changing requests reached with the staff cookie', () => {
  it('multipart to the Good Standing regeneration, with no token: 403, nothing done', async () => {
    const auditBefore = await count('audit_log');
    const form = new FormData();
    form.set('anything', 'x');
    const res = await post('/api/staff/good-standing/regenerate', { cookie }, form);
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('csrf');
    expect(await count('audit_log')).toBe(auditBefore);
  });

  it('a text/plain CSV to the results import, with no token: 403, no import stored', async () => {
    const before = await count('results_imports');
    const res = await post('/api/staff/results-imports', { cookie, 'content-type': 'text/plain' }, csv);
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('csrf');
    expect(await count('results_imports')).toBe(before);
  });

  it('JSON with the cookie and no token: 403', async () => {
    const res = await post(
      '/api/staff/windows',
      { cookie, 'content-type': 'application/json' },
      JSON.stringify({ program: 'CPCS', windowId: '2027-spring' }),
    );
    expect(res.status).toBe(403);
  });

  it('the same CSV with the session’s X-CSRF-Token is processed', async () => {
    const res = await post(
      '/api/staff/results-imports',
      { cookie, 'content-type': 'text/plain', 'x-csrf-token': await tokenFor(cookie) },
      csv,
    );
    // Read and judged: the unknown application makes it a report with errors, not a refusal at the door.
    expect(res.status).toBeLessThan(500);
    expect(res.status).not.toBe(403);
  });

  it('a token from another staff session is refused: tokens are bound to their session', async () => {
    const other = await staffLogin(suite.sys.baseUrl);
    const res = await post(
      '/api/staff/results-imports',
      { cookie, 'content-type': 'text/plain', 'x-csrf-token': await tokenFor(other) },
      csv,
    );
    expect(res.status).toBe(403);
  });

  it('a cross-site Origin or Sec-Fetch-Site is refused even with a valid token', async () => {
    const token = await tokenFor(cookie);
    const probes: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of probes) {
      const res = await post(
        '/api/staff/results-imports',
        { cookie, 'content-type': 'text/plain', 'x-csrf-token': token, ...headers },
        csv,
      );
      expect(res.status).toBe(403);
      expect(await codeOf(res)).toBe('cross-site');
    }
  });

  it('a urlencoded form without its _csrf field: 403', async () => {
    const res = await post('/staff/logout', { cookie, 'content-type': 'application/x-www-form-urlencoded' }, '');
    expect(res.status).toBe(403);
    // Still signed in.
    expect((await fetch(`${suite.sys.baseUrl}/api/staff/csrf-token`, { headers: { cookie } })).status).toBe(200);
  });
});

describe('calls without ambient authority', () => {
  it('a bearer-token CSV needs no CSRF token', async () => {
    const res = await post(
      '/api/staff/results-imports',
      { authorization: `Bearer ${suite.token}`, 'content-type': 'text/csv' },
      csv,
    );
    expect(res.status).not.toBe(403);
    expect(res.status).toBeLessThan(500);
  });

  it('the CSRF token endpoint is for signed-in staff only', async () => {
    expect(
      (await fetch(`${suite.sys.baseUrl}/api/staff/csrf-token`, { headers: { accept: 'application/json' } })).status,
    ).toBe(401);
  });
});

describe('malformed addresses', () => {
  it.each(['/applications/%ZZ', '/api/applications/%ZZ/status', '/recertification/%E0%A4%A'])(
    '%s answers 400, not 500',
    async (path) => {
      const res = await fetch(`${suite.sys.baseUrl}${path}`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(400);
      expect(await codeOf(res)).toBe('bad-path');
    },
  );
});
