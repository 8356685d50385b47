import { describe, expect, it } from 'vitest';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { certificationsOf, updateCertification, upsertCertification } from '../../src/db/tables/certifications';
import {
  statusQuery as recertificationStatusQuery,
  recertificationWorkflowId,
} from '../../src/workflows/recertification/contract';
import { eventually } from '../helpers/eventually';
import { systemSuite } from '../helpers/system';
import { caseAtStage, passInFall2026 } from './pass-fall-2026';

// Real time on the dev server (December 2026): each pass is certified on today's date.
const suite = systemSuite({ now: () => new Date() }, 'certify-again-test');
const bearer = () => ({ authorization: `Bearer ${suite.token}` });

/** A CPCS of an earlier chain, lapsed at its due date `expiresOn` (reinstatement until Jun 1 of the next year). */
async function lapsedCpcs(candidateId: string, expiresOn: string): Promise<string> {
  await findOrCreateCandidate(suite.sys.db, {
    newId: candidateId,
    email: `${candidateId}@example.org`,
    firstName: 'Ada',
    lastName: 'Again',
    membership: 'member',
  });
  const row = await upsertCertification(suite.sys.db, {
    credentialId: `old-${candidateId}`,
    candidateId,
    program: 'CPCS',
    applicationId: `old-app-${candidateId}`,
    certifiedOn: '2020-05-25',
    expiresOn,
  });
  await updateCertification(suite.sys.db, row.credential_id, { status: 'lapsed' });
  return row.credential_id;
}

describe('certifying again in a program', () => {
  it('after the old CPCS expired: the pass is a new credential with its own cycle, and the old one stays, expired', async () => {
    // Due 2023-12-01, reinstatement closed 2024-06-01.
    const old = await lapsedCpcs('c-again', '2023-12-01');
    const id = await passInFall2026(suite.sys, bearer(), 'c-again', 'c-again@example.org');
    const passed = await caseAtStage(suite.sys, id, 'passed');
    const rows = await certificationsOf(suite.sys.db, 'c-again');
    const fresh = rows.find((r) => r.credential_id !== old)!;
    expect(passed.certification).toMatchObject({ credentialId: fresh.credential_id });
    // FAQ: "Certificants need to recertify within three years after achieving certification."
    const dueYear = Number(fresh.certified_on.slice(0, 4)) + 3;
    expect(rows.map((r) => [r.credential_id, r.status, r.expires_on])).toEqual([
      [old, 'expired', '2023-12-01'],
      [fresh.credential_id, 'active', `${dueYear}-12-01`],
    ]);
    const cycle = await eventually(async () => {
      const status = await suite.sys.env.client.workflow
        .getHandle(recertificationWorkflowId('c-again'))
        .query(recertificationStatusQuery);
      expect(status.credentials.map((c) => c.credentialId)).toEqual([fresh.credential_id]);
      return status.cycle!;
    }, 20_000);
    expect(cycle).toMatchObject({ cycleNumber: 1, dueDate: `${dueYear}-12-01`, certifications: 'single' });
  }, 120_000);

  it('while the old CPCS can still be reinstated: the release parks for staff with the reason instead of retrying for ever', async () => {
    // Due 2026-12-01, lapsed, reinstatement until 2027-06-01: still held.
    const old = await lapsedCpcs('c-held', '2026-12-01');
    const id = await passInFall2026(suite.sys, bearer(), 'c-held', 'c-held@example.org');
    const parked = await caseAtStage(suite.sys, id, 'needs-attention');
    expect(parked.attention).toMatchObject({ activity: 'recordCertification', failureType: 'AlreadyCertified' });
    expect(parked.attention!.reason).toContain(`already holds CPCS credential ${old} (lapsed)`);
    expect((await certificationsOf(suite.sys.db, 'c-held')).map((r) => [r.credential_id, r.status])).toEqual([
      [old, 'lapsed'],
    ]);
  }, 120_000);
});
