import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findStaffByEmail } from '../../src/db/tables/staff';
import { staffLogin } from '../helpers/staff-login';
import { admin, startSystem, type System } from '../helpers/system';

// The business clock is the test's: an idle session is a matter of moving it.
let clock = new Date('2026-12-04T09:00:00Z');
let sys: System;
beforeAll(async () => {
  sys = await startSystem({ now: () => clock });
});
afterAll(async () => {
  await sys?.close();
});

const minutes = (n: number) => (clock = new Date(clock.getTime() + n * 60_000));
const json = (path: string, init: RequestInit = {}) =>
  fetch(`${sys.baseUrl}${path}`, { ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
const newToken = async (name: string) => {
  const res = await json('/api/staff/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...admin, name }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string };
};

describe('staff sessions', () => {
  it('a session in use stays signed in; one left idle for 30 minutes asks for the sign-in again', async () => {
    const cookie = await staffLogin(sys.baseUrl);
    for (let i = 0; i < 3; i++) {
      minutes(20);
      expect((await json('/api/staff/me', { headers: { cookie } })).status).toBe(200);
    }
    minutes(31);
    expect((await json('/api/staff/me', { headers: { cookie } })).status).toBe(401);
  });

  it('every staff page and answer is no-store', async () => {
    const cookie = await staffLogin(sys.baseUrl);
    for (const path of ['/staff', '/staff/login', '/api/staff/me']) {
      const res = await fetch(`${sys.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('the stored password hash is at the current scrypt cost', async () => {
    expect((await findStaffByEmail(sys.db, admin.email))!.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
  });
});

describe('API tokens', () => {
  it('are listed without their secrets and stop working the moment they are revoked', async () => {
    const { id, token } = await newToken('laptop');
    const bearer = { authorization: `Bearer ${token}` };
    expect((await json('/api/staff/me', { headers: bearer })).status).toBe(200);

    const listed = (await (await json('/api/staff/tokens', { headers: bearer })).json()) as {
      tokens: { id: string; name: string }[];
    };
    expect(listed.tokens.find((t) => t.id === id)).toMatchObject({ name: 'laptop', revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(token);

    const revoked = await json(`/api/staff/tokens/${id}`, { method: 'DELETE', headers: bearer });
    expect(revoked.status).toBe(200);
    expect((await json('/api/staff/me', { headers: bearer })).status).toBe(401);
    // Twice: nothing left to revoke.
    const { token: other } = await newToken('other');
    expect(
      (await json(`/api/staff/tokens/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${other}` } }))
        .status,
    ).toBe(404);
  });
});

describe('sign-in throttling per account', () => {
  it('five wrong passwords for one account lock it for 15 minutes, from any address, and say so', async () => {
    const attempt = (email: string, password: string) =>
      json('/api/staff/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password, name: 'x' }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt('ops@test.local', 'guess')).status).toBe(401);
    const locked = await attempt('ops@test.local', 'guess');
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { message: string } }).error.message).toContain(
      'Too many failed sign-ins for this account',
    );
    // Another account from the same address is not affected.
    expect((await attempt(admin.email, admin.password)).status).toBe(201);
  });
});

describe('roles', () => {
  const adminBearer = async () => ({
    authorization: `Bearer ${(await newToken('admin-roles')).token}`,
    'content-type': 'application/json',
  });
  const tokenOf = async (email: string, password: string) =>
    (
      (await (
        await json('/api/staff/tokens', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password, name: 'roles' }),
        })
      ).json()) as { token: string }
    ).token;
  const account = async (headers: Record<string, string>, email: string, role: string) => {
    const res = await json('/api/staff/accounts', {
      method: 'POST',
      headers,
      body: JSON.stringify({ email, displayName: email.split('@')[0], role, password: 'a long enough password' }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string };
    return {
      id: created.id,
      headers: {
        authorization: `Bearer ${await tokenOf(email, 'a long enough password')}`,
        'content-type': 'application/json',
      },
    };
  };
  const status = async (method: string, path: string, headers: Record<string, string>, body: unknown = {}) =>
    (await json(path, { method, headers, body: method === 'GET' ? undefined : JSON.stringify(body) })).status;

  it('each role does its own work and is told which role the rest needs', async () => {
    const admin = await adminBearer();
    const psychometrician = await account(admin, 'psy@test.local', 'psychometrician');
    const caseworker = await account(admin, 'case@test.local', 'staff');
    const approval = '/api/staff/windows/CPCS/2027-spring/approval';
    const eligibility = '/api/staff/applications/app-nobody/eligibility';

    // A psychometrician cannot decide a case; the refusal names the roles that can.
    const refused = await json(eligibility, {
      method: 'POST',
      headers: psychometrician.headers,
      body: JSON.stringify({ decision: 'approved' }),
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      'Your role (psychometrician) cannot do this: it needs the role admin or staff.',
    );
    // …but gets past the role check on equating approval (the window itself is what answers).
    expect(await status('POST', approval, psychometrician.headers)).not.toBe(403);

    expect(await status('POST', approval, caseworker.headers)).toBe(403);
    expect(await status('POST', eligibility, caseworker.headers, { decision: 'approved' })).not.toBe(403);
    expect(await status('GET', '/api/staff/accounts', caseworker.headers)).toBe(403);
    expect(
      await status('POST', '/api/staff/accounts', caseworker.headers, {
        email: 'x@test.local',
        displayName: 'x',
        role: 'admin',
        password: 'a long enough password',
      }),
    ).toBe(403);
    // Reading is open to every role.
    expect(await status('GET', '/api/staff/me', psychometrician.headers)).toBe(200);
  });

  it('an admin changes a role or disables an account, audited; a disabled account stops working at once', async () => {
    const admin = await adminBearer();
    const temp = await account(admin, 'temp@test.local', 'staff');
    expect(
      (await (
        await json(`/api/staff/accounts/${temp.id}`, {
          method: 'PATCH',
          headers: admin,
          body: JSON.stringify({ role: 'psychometrician' }),
        })
      ).json()) as { role: string },
    ).toMatchObject({ role: 'psychometrician' });
    expect(await status('POST', '/api/staff/windows/CPCS/2027-spring/approval', temp.headers)).not.toBe(403);
    expect(await status('PATCH', `/api/staff/accounts/${temp.id}`, admin, { disabled: true })).toBe(200);
    expect(await status('GET', '/api/staff/me', temp.headers)).toBe(401);
    // The same email cannot be created twice; an admin cannot lock themselves out.
    expect(
      await status('POST', '/api/staff/accounts', admin, {
        email: 'temp@test.local',
        displayName: 't',
        role: 'staff',
        password: 'a long enough password',
      }),
    ).toBe(409);
    const me = (await (await json('/api/staff/me', { headers: admin })).json()) as { id: string };
    expect(await status('PATCH', `/api/staff/accounts/${me.id}`, admin, { disabled: true })).toBe(409);
  });
});
