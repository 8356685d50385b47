import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../src/db/tables/audit-log';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import {
  closeAttention,
  findOpenAttention,
  openAttention,
  type OpenAttention,
} from '../../src/db/tables/needs-attention';
import { findCycle, saveCycleSnapshot } from '../../src/db/tables/recertification';
import { attentionQueue } from '../../src/db/tables/staff-queues';
import { openTestDatabase } from '../helpers/database';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const episode: OpenAttention = {
  caseKind: 'recertification',
  caseId: 'cert-1',
  workflowId: 'recertification-cert-1',
  activity: 'revokeBadge',
  step: 'revoke the Credly badge (cert-1-CPCS)',
  reason: 'badge platform refused PUT /b/revoke: 404 Badge not found',
  failureType: 'BadgeRejected',
  since: '2029-12-02T14:00:00.000Z',
  cycleDueDate: '2029-12-01',
};

describe('needs_attention records', () => {
  it("a recertification's record shows needs-attention while open, a retried write keeps the stage to restore, and closing restores it once, audited once", async () => {
    await findOrCreateCandidate(database.db, {
      newId: 'cert-1',
      email: 'cert1@example.org',
      firstName: 'Cee',
      lastName: 'One',
      membership: 'member',
    });
    const cycle = {
      certificant_id: 'cert-1',
      due_date: '2029-12-01',
      cycle_number: 1,
      first_certified_on: '2026-12-04',
      certifications: 'single' as const,
      stage: 'reporting',
      deadline: '2029-12-01',
      required_hours: 30,
      counted_hours: 0,
      accepted_hours: 0,
      extension_until: null,
      lapsed_on: null,
      submitted_at: null,
      fee_usd: null,
      renewed_at: null,
      version: 3,
    };
    await saveCycleSnapshot(database.db, cycle, []);

    await openAttention(database.db, episode);
    await openAttention(database.db, episode); // the activity retried after its first write
    expect(await findCycle(database.db, 'cert-1', '2029-12-01')).toMatchObject({
      stage: 'needs-attention',
      version: 3,
    });
    expect(await findOpenAttention(database.db, 'recertification', 'cert-1')).toMatchObject({
      stage_before: 'reporting',
      reason: episode.reason,
      failure_type: 'BadgeRejected',
    });
    expect((await attentionQueue(database.db)).map((r) => [r.case_kind, r.case_id, r.first_name, r.step])).toEqual([
      ['recertification', 'cert-1', 'Cee', episode.step],
    ]);

    const close = {
      caseKind: 'recertification' as const,
      caseId: 'cert-1',
      resolution: 'retry' as const,
      by: 'temporal-ui',
      at: '2029-12-03T10:00:00.000Z',
      auditAs: { action: 'recertification.attention.retry', subject: 'certificant:cert-1' },
    };
    expect(await closeAttention(database.db, close)).toBe(true);
    expect(await closeAttention(database.db, close)).toBe(false);
    expect(await findCycle(database.db, 'cert-1', '2029-12-01')).toMatchObject({ stage: 'reporting' });
    expect(await findOpenAttention(database.db, 'recertification', 'cert-1')).toBeUndefined();
    expect(await attentionQueue(database.db)).toEqual([]);
    expect(await auditFor(database.db, 'certificant:cert-1')).toMatchObject([
      {
        actor: 'temporal-ui',
        action: 'recertification.attention.retry',
        before: { stage: 'needs-attention', step: episode.step },
        after: { resolution: 'retry', note: null },
      },
    ]);

    // The retried step fails again: a new episode opens on the same row.
    await openAttention(database.db, { ...episode, since: '2029-12-03T10:00:05.000Z', reason: 'still refused' });
    expect(await findOpenAttention(database.db, 'recertification', 'cert-1')).toMatchObject({
      reason: 'still refused',
      stage_before: 'reporting',
      resolution: null,
    });
  });

  it("an application's episode joins its name, program and window for the queue", async () => {
    await findOrCreateCandidate(database.db, {
      newId: 'cand-2',
      email: 'cand2@example.org',
      firstName: 'Ada',
      lastName: 'Two',
      membership: 'member',
    });
    await database.db
      .insertInto('applications')
      .values({
        id: 'app-2',
        candidate_id: 'cand-2',
        program: 'CPCS',
        window_id: '2027-spring',
        first_name: 'Ada',
        last_name: 'Two',
        membership: 'member',
        stage: 'needs-attention',
        submitted_at: '2026-12-01T00:00:00.000Z',
      })
      .execute();
    await openAttention(database.db, {
      caseKind: 'application',
      caseId: 'app-2',
      workflowId: 'app-2',
      activity: 'issueBadge',
      step: 'issue the Credly badge',
      reason: 'refused',
      since: '2027-05-25T13:01:00.000Z',
    });
    const [row] = await attentionQueue(database.db);
    expect(row).toMatchObject({
      case_kind: 'application',
      case_id: 'app-2',
      first_name: 'Ada',
      last_name: 'Two',
      program: 'CPCS',
      window_id: '2027-spring',
    });
  });
});
