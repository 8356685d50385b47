import type { Db } from '../../src/db/database';
import { upsertCertification, updateCertification } from '../../src/db/tables/certifications';

/** Four people: two in good standing (one dual), one lapsed certificant, one candidate who failed (no certification). */
export async function seedGoodStandingCases(db: Db): Promise<void> {
  const people = [
    { id: 'gs-ada', first_name: 'Ada', last_name: 'Lovelace' },
    { id: 'gs-grace', first_name: 'Grace', last_name: '=Hopper' },
    { id: 'gs-lapsed', first_name: 'Lou', last_name: 'Lapsed' },
    { id: 'gs-failed', first_name: 'Fay', last_name: 'Failed' },
  ];
  for (const p of people) {
    await db
      .insertInto('candidates')
      .values({ ...p, email: `${p.id}@example.test`, membership: 'member' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  await upsertCertification(db, {
    credentialId: 'gs-ada-CPCS',
    candidateId: 'gs-ada',
    program: 'CPCS',
    applicationId: 'app-gs-ada',
    certifiedOn: '2024-10-20',
    expiresOn: '2027-12-01',
  });
  await upsertCertification(db, {
    credentialId: 'gs-grace-CPCS',
    candidateId: 'gs-grace',
    program: 'CPCS',
    applicationId: 'app-gs-grace-1',
    certifiedOn: '2023-03-10',
    expiresOn: '2026-12-01',
  });
  await upsertCertification(db, {
    credentialId: 'gs-grace-CPMSM',
    candidateId: 'gs-grace',
    program: 'CPMSM',
    applicationId: 'app-gs-grace-2',
    certifiedOn: '2025-06-20',
    expiresOn: '2026-12-01',
  });
  await upsertCertification(db, {
    credentialId: 'gs-lapsed-CPCS',
    candidateId: 'gs-lapsed',
    program: 'CPCS',
    applicationId: 'app-gs-lapsed',
    certifiedOn: '2020-10-20',
    expiresOn: '2023-12-01',
  });
  await updateCertification(db, 'gs-lapsed-CPCS', { status: 'lapsed' });
}
