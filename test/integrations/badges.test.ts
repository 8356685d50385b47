import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeActivities } from '../../src/activities/badges';
import type { ActivityDeps } from '../../src/activities/deps';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { findCertification, upsertCertification } from '../../src/db/tables/certifications';
import { startCredlyDouble, type CredlyDouble } from '../../src/dev/credly-double';
import { BadgeApiError, createBadgeClient, type BadgeClient } from '../../src/integrations/badges/client';
import { openTestDatabase } from '../helpers/database';

const config = {
  organizationId: 'org-1',
  apiToken: 'secret-token-1',
  templateIds: { CPCS: 'tpl-cpcs', CPMSM: 'tpl-cpmsm' },
};
let credly: CredlyDouble;
let client: BadgeClient;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  credly = await startCredlyDouble({
    organizationId: config.organizationId,
    apiToken: config.apiToken,
    templateIds: Object.values(config.templateIds),
  });
  client = createBadgeClient({ baseUrl: credly.url, ...config });
  database = await openTestDatabase();
});
afterAll(async () => {
  await credly?.close();
  await database?.close();
});

const grace = {
  program: 'CPCS' as const,
  recipientEmail: 'grace@example.org',
  firstName: 'Grace',
  lastName: 'Hopper',
  issuedAt: '2027-12-20T00:00:00Z',
  expiresAt: '2030-12-01T00:00:00Z',
};
const live = (email: string) =>
  credly.badges().filter((b) => b.recipient_email === email && (b.state === 'pending' || b.state === 'accepted'));

describe('Credly-compatible client against the local double over HTTP', () => {
  it('issues with the documented fields and gets a Credly-shaped badge back', async () => {
    const badge = await client.issueBadge(grace);
    expect(badge).toMatchObject({
      state: 'pending',
      badge_template_id: 'tpl-cpcs',
      recipient_email: 'grace@example.org',
      issued_to_first_name: 'Grace',
      issued_to_last_name: 'Hopper',
      issued_at: '2027-12-20T00:00:00.000Z',
      expires_at: '2030-12-01T00:00:00.000Z',
    });
    expect(await client.getBadge(badge.id)).toMatchObject({ id: badge.id });
    expect(await client.liveBadges('grace@example.org', 'CPCS')).toHaveLength(1);
    expect(await client.liveBadges('grace@example.org', 'CPMSM')).toHaveLength(0);
  });

  it('a wrong token is a 401 that retrying cannot fix; a wrong organization a 403', async () => {
    const wrong = createBadgeClient({ baseUrl: credly.url, ...config, apiToken: 'not-the-token' });
    const err = await wrong.issueBadge(grace).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadgeApiError);
    expect(err).toMatchObject({ status: 401, retryable: false });
    const other = createBadgeClient({ baseUrl: credly.url, ...config, organizationId: 'org-2' });
    expect(await other.issueBadge(grace).catch((e: unknown) => e)).toMatchObject({ status: 403, retryable: false });
  });

  it('the double refuses a badge without its required fields, naming them', async () => {
    const err = await client
      .issueBadge({ ...grace, firstName: ' ', recipientEmail: 'not-an-email' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 422,
      retryable: false,
      message: expect.stringContaining("issued_to_first_name can't be blank; recipient_email is invalid"),
    });
    expect(
      await client
        .issueBadge({ ...grace, expiresAt: '2020-01-01T00:00:00Z' })
        .catch((e: unknown) => (e as Error).message),
    ).toContain('expires_at must be a time after issued_at');
  });

  it('replace issues the new expiry and revokes the old: one live badge, never two', async () => {
    const old = await client.issueBadge({ ...grace, recipientEmail: 'ada@example.org' });
    const fresh = await client.replaceBadge(old.id, {
      ...grace,
      recipientEmail: 'ada@example.org',
      expiresAt: '2033-12-01T00:00:00Z',
    });
    expect(live('ada@example.org').map((b) => [b.id, b.expires_at])).toEqual([[fresh.id, '2033-12-01T00:00:00.000Z']]);
    expect(credly.badges().find((b) => b.id === old.id)).toMatchObject({
      state: 'revoked',
      revocation_reason: 'Replaced by a renewed certification',
    });
  });

  it('revoking twice is fine; revoking an unknown badge is not', async () => {
    const b = await client.issueBadge({ ...grace, recipientEmail: 'rev@example.org' });
    await client.revokeBadge(b.id, 'Issued in error');
    await client.revokeBadge(b.id, 'Issued in error');
    expect(credly.badges().find((x) => x.id === b.id)?.state).toBe('revoked');
    expect(await client.revokeBadge('no-such-badge', 'x').catch((e: unknown) => e)).toMatchObject({ status: 404 });
  });
});

describe('badge activities', () => {
  const deps = () =>
    ({ db: database.db, badges: client, now: () => new Date('2028-01-05T12:00:00Z') }) as unknown as ActivityDeps;
  const certify = async (id: string, email: string) => {
    const c = await findOrCreateCandidate(database.db, {
      newId: `cand-${id}`,
      email,
      firstName: 'Katherine',
      lastName: 'Johnson',
      membership: 'member',
    });
    await upsertCertification(database.db, {
      credentialId: `cred-${id}`,
      candidateId: c.id,
      program: 'CPCS',
      applicationId: `app-${id}`,
      certifiedOn: '2027-12-20',
      expiresOn: '2030-12-01',
    });
    return {
      credentialId: `cred-${id}`,
      candidateId: c.id,
      program: 'CPCS' as const,
      issuedAt: '2027-12-20',
      expiresAt: '2030-12-01',
    };
  };

  it('issueBadge stores the badge id on the certification and a retry returns it without a second badge', async () => {
    const input = await certify('k1', 'k1@example.org');
    const acts = badgeActivities(deps());
    const first = await acts.issueBadge(input);
    expect(await acts.issueBadge(input)).toEqual(first);
    expect((await findCertification(database.db, 'cred-k1'))?.badge_id).toBe(first.badgeId);
    expect(live('k1@example.org')).toMatchObject([
      {
        id: first.badgeId,
        issued_to_first_name: 'Katherine',
        badge_template_id: 'tpl-cpcs',
        expires_at: '2030-12-01T00:00:00.000Z',
      },
    ]);
  });

  it('a badge issued by an attempt that died before recording it is adopted, not issued again', async () => {
    const input = await certify('k2', 'k2@example.org');
    const orphan = await client.issueBadge({
      ...grace,
      recipientEmail: 'k2@example.org',
      expiresAt: '2030-12-01T00:00:00Z',
    });
    expect(await badgeActivities(deps()).issueBadge(input)).toEqual({ badgeId: orphan.id });
    expect(live('k2@example.org')).toHaveLength(1);
  });

  it('replaceBadgeExpiry leaves exactly one live badge with the new expiry, also when retried', async () => {
    const input = await certify('k3', 'k3@example.org');
    const acts = badgeActivities(deps());
    const { badgeId: old } = await acts.issueBadge(input);
    const replaced = await acts.replaceBadgeExpiry({ credentialId: 'cred-k3', expiresAt: '2033-12-01' });
    expect(await acts.replaceBadgeExpiry({ credentialId: 'cred-k3', expiresAt: '2033-12-01' })).toEqual(replaced);
    expect(replaced.badgeId).not.toBe(old);
    expect(live('k3@example.org').map((b) => [b.id, b.expires_at, b.issued_at])).toEqual([
      [replaced.badgeId, '2033-12-01T00:00:00.000Z', '2028-01-05T12:00:00.000Z'],
    ]);
    expect((await findCertification(database.db, 'cred-k3'))?.badge_id).toBe(replaced.badgeId);
  });

  it('revokeBadge revokes and clears the badge on file; a second call changes nothing', async () => {
    const input = await certify('k4', 'k4@example.org');
    const acts = badgeActivities(deps());
    await acts.issueBadge(input);
    await acts.revokeBadge({ credentialId: 'cred-k4', reason: 'Certification revoked by the Commission' });
    await acts.revokeBadge({ credentialId: 'cred-k4', reason: 'Certification revoked by the Commission' });
    expect(live('k4@example.org')).toEqual([]);
    expect((await findCertification(database.db, 'cred-k4'))?.badge_id).toBeNull();
  });

  it('a refusal from the platform is a non-retryable failure; no client configured is a retryable one', async () => {
    const input = await certify('k5', 'k5@example.org');
    const broken = badgeActivities({
      ...deps(),
      badges: createBadgeClient({ baseUrl: credly.url, ...config, apiToken: 'wrong-token' }),
    });
    expect(await broken.issueBadge(input).catch((e: unknown) => e)).toMatchObject({
      type: 'BadgeRejected',
      nonRetryable: true,
    });
    expect(
      await badgeActivities({ ...deps(), badges: undefined })
        .issueBadge(input)
        .catch((e: unknown) => e),
    ).toMatchObject({ type: 'BadgesNotConfigured', nonRetryable: false });
    expect(
      await badgeActivities(deps())
        .issueBadge({ ...input, candidateId: 'someone-else' })
        .catch((e: unknown) => e),
    ).toMatchObject({ type: 'CertificationMismatch', nonRetryable: true });
  });
});
