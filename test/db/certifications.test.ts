import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { certificationsOf, updateCertification, upsertCertification } from '../../src/db/tables/certifications';
import { documentsOf, findDocument, saveDocument } from '../../src/db/tables/documents';
import { openTestDatabase } from '../helpers/database';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('certifications and documents tables', () => {
  it('a certification keeps its calendar dates exactly, and a retried upsert returns the first credential', async () => {
    const c = await findOrCreateCandidate(database.db, {
      newId: 'c1',
      email: 'c1@example.org',
      firstName: 'C',
      lastName: 'One',
      membership: 'member',
    });
    const first = await upsertCertification(database.db, {
      credentialId: 'cred-a',
      candidateId: c.id,
      program: 'CPCS',
      applicationId: 'app-a',
      certifiedOn: '2027-12-31',
      expiresOn: '2030-12-01',
    });
    const retry = await upsertCertification(database.db, {
      credentialId: 'cred-b',
      candidateId: c.id,
      program: 'CPCS',
      applicationId: 'app-a',
      certifiedOn: '2027-12-31',
      expiresOn: '2030-12-01',
    });
    expect(retry.credential_id).toBe(first.credential_id);
    expect(first).toMatchObject({
      certified_on: '2027-12-31',
      expires_on: '2030-12-01',
      status: 'active',
      badge_id: null,
    });
    await updateCertification(database.db, 'cred-a', { expiresOn: '2033-12-01', badgeId: 'badge-1' });
    expect((await certificationsOf(database.db, c.id)).map((r) => [r.expires_on, r.badge_id])).toEqual([
      ['2033-12-01', 'badge-1'],
    ]);
  });

  it('documents store their bytes and list without them', async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);
    await saveDocument(database.db, {
      id: 'd1',
      owner_kind: 'application',
      owner_id: 'app-a',
      purpose: 'accommodation',
      filename: 'letter.pdf',
      content_type: 'application/pdf',
      size_bytes: 5,
      sha256: 'x',
      bytes,
    });
    expect(Array.from((await findDocument(database.db, 'd1'))!.bytes)).toEqual(Array.from(bytes));
    const listed = await documentsOf(database.db, 'application', 'app-a');
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('bytes');
  });
});
