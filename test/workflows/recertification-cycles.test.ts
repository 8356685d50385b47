import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/index';
import {
  completeDeterminationUpdate,
  determineEntrySignal,
  editCeEntryUpdate,
  removeCeEntryUpdate,
  submitRecertificationUpdate,
} from '../../src/workflows/recertification/contract';
import { Certificant, updateRefusal } from './recertification-harness';
import { recertificationTestEnv } from './recertification-env';

const t = recertificationTestEnv('recertification-cycles');
const { fakes } = t;

const refusal = updateRefusal;

describe('recertification: dual, the CE grid, and many cycles', () => {
  it('dual: a second certification changes fee and CE requirement, the due date stays anchored on the first', async () => {
    const c = new Certificant(t.env, t.taskQueue, 'dual');
    const first = await c.today();
    await c.certify('CPCS', first);
    const single = await c.until((s) => s.stage === 'in-cycle', 'in-cycle');
    await c.advanceTo(addDays(first, 400));
    const second = await c.today();
    await c.certify('CPMSM', second);
    const dual = await c.until((s) => s.credentials.length === 2, 'two credentials');
    // FAQ: dual certificants recertify "three (3) years from obtaining your first certification".
    expect(dual.cycle).toMatchObject({
      dueDate: single.cycle!.dueDate,
      firstCertifiedOn: first,
      secondCertifiedOn: second,
      certifications: 'dual',
      requirement: { totalHours: 45, namssApprovedHours: 25 },
    });
    // FAQ fees: dual, NAMSS member $200.
    expect(dual.fee).toEqual({ recertificationFeeUsd: 200, reinstatementFeeUsd: 0, totalUsd: 200 });
    expect(dual.meter).toMatchObject({ remainingHours: 45, remainingNamssApprovedHours: 25, met: false });
    await c.certify('CPMSM', second); // a retried signal-with-start changes nothing
    expect((await c.status()).credentials).toHaveLength(2);
  });

  describe('the grid: validators refuse bad entries with a message; every change returns the meter', () => {
    let c: Certificant;
    let on: string;
    let added: Awaited<ReturnType<Certificant['addEntry']>>;

    it("refuses an entry completed the day before the cycle, naming the cycle's dates", async () => {
      c = new Certificant(t.env, t.taskQueue, 'grid');
      on = await c.today();
      await c.certify('CPCS', on);
      await c.until((s) => s.stage === 'in-cycle', 'in-cycle');
      expect(await refusal(c.addEntry({ hours: 2, kind: 'other' }, addDays(on, -1)))).toMatch(
        /completion date must be inside this cycle: from .* to /,
      );
    }, 30_000);

    it('refuses an entry completed in the future', async () => {
      expect(await refusal(c.addEntry({ hours: 2, kind: 'other' }, addDays(on, 1)))).toMatch(/inside this cycle/);
    });

    it('refuses zero hours', async () => {
      expect(await refusal(c.addEntry({ hours: 0, kind: 'other' }, on))).toMatch(/Hours must be more than 0/);
    });

    it('refuses more than 40 hours in one entry', async () => {
      expect(await refusal(c.addEntry({ hours: 41, kind: 'other' }, on))).toMatch(/at most 40/);
    });

    it('refuses hours that are not whole quarter hours', async () => {
      expect(await refusal(c.addEntry({ hours: 1.1, kind: 'other' }, on))).toMatch(/quarter hours/);
    });

    it('refuses a document that is not a PDF, PNG or JPEG', async () => {
      expect(
        await refusal(
          c.addEntry(
            {
              hours: 2,
              kind: 'other',
              document: { id: 'd', filename: 'x.exe', contentType: 'application/x-msdownload', sizeBytes: 10 },
            },
            on,
          ),
        ),
      ).toMatch(/PDF, PNG or JPEG/);
    });

    it('refuses a document over 5 MB', async () => {
      expect(
        await refusal(
          c.addEntry(
            {
              hours: 2,
              kind: 'other',
              document: { id: 'd', filename: 'big.pdf', contentType: 'application/pdf', sizeBytes: 6 * 1024 * 1024 },
            },
            on,
          ),
        ),
      ).toMatch(/at most 5 MB/);
    });

    it('returns the meter with the hours counted and remaining when an entry is added', async () => {
      added = await c.addEntry({ hours: 2.5, kind: 'namss-approved' }, on);
      expect(added.meter).toMatchObject({
        hoursByKind: { 'namss-approved': 2.5, other: 0 },
        countedHours: 2.5,
        remainingHours: 27.5,
        percentComplete: 8,
        met: false,
      });
    });

    it('returns the meter with the new hours when the entry is edited', async () => {
      const edited = await c.handle.executeUpdate(editCeEntryUpdate, { args: [{ entryId: added.entryId, hours: 4 }] });
      expect(edited.meter.countedHours).toBe(4);
    });

    it('returns the meter without the entry when it is removed', async () => {
      const removed = await c.handle.executeUpdate(removeCeEntryUpdate, { args: [{ entryId: added.entryId }] });
      expect(removed.meter.countedHours).toBe(0);
    });

    it('refuses to remove the same entry twice', async () => {
      expect(
        await refusal(c.handle.executeUpdate(removeCeEntryUpdate, { args: [{ entryId: added.entryId }] })),
      ).toMatch(/no CE entry/);
    });
  });

  it('staff may determine by signal from Temporal UI; a signal before submission is ignored', async () => {
    const c = new Certificant(t.env, t.taskQueue, 'signal');
    const on = await c.today();
    await c.certify('CPCS', on);
    const { cycle } = await c.until((s) => s.stage === 'in-cycle', 'in-cycle');
    await c.advanceTo(cycle!.reportingOpens);
    const ids = await c.reportThirtyHours(cycle!.reportingOpens);
    await c.handle.signal(determineEntrySignal, {
      entryId: ids[0]!,
      decision: 'accept',
      reason: 'fine',
      by: 'staff@test.local',
    });
    expect((await c.status()).entries.every((e) => e.status === 'reported')).toBe(true);
    await c.handle.executeUpdate(submitRecertificationUpdate, { args: [{ attest: true }] });
    for (const id of ids)
      await c.handle.signal(determineEntrySignal, {
        entryId: id,
        decision: 'accept',
        reason: 'Certificate matches',
        by: 'staff@test.local',
      });
    await c.until((s) => s.entries.every((e) => e.status === 'accepted'), 'all accepted');
    expect(
      await c.handle.executeUpdate(completeDeterminationUpdate, { args: [{ by: 'staff@test.local' }] }),
    ).toMatchObject({ outcome: 'renewed' });
  });

  // About 250 round trips to the test server: 5 s on an idle machine, up to a minute on two loaded cores.
  it('ten consecutive cycles: one run per cycle, each run with a bounded history', { timeout: 120_000 }, async () => {
    const id = 'decades';
    const c = new Certificant(t.env, t.taskQueue, id);
    const on = await c.today();
    await c.certify('CPCS', on);
    const runs: string[] = [];
    for (let n = 1; n <= 10; n++) {
      const { cycle } = await c.until((s) => s.cycle?.cycleNumber === n && s.stage !== 'submitted', `cycle ${n}`);
      runs.push((await c.handle.describe()).runId);
      await c.advanceTo(addDays(cycle!.reportingOpens, 1));
      await c.reportThirtyHours(cycle!.reportingOpens);
      await c.submit();
      expect((await c.determineAll()).outcome).toBe('renewed');
    }
    const last = await c.until((s) => s.cycle?.cycleNumber === 11, 'cycle 11');
    expect(last.renewals).toBe(10);
    expect(new Set(runs).size).toBe(10);
    for (const runId of runs) {
      const history = await t.env.client.workflow.getHandle(c.handle.workflowId, runId).fetchHistory();
      // Each run: a few reminders, three entries, a submission, three determinations, renewal and continue-as-new.
      expect(history.events!.length).toBeLessThan(250);
      expect((await t.env.client.workflow.getHandle(c.handle.workflowId, runId).describe()).status.name).toBe(
        'CONTINUED_AS_NEW',
      );
    }
    expect(
      fakes
        .mine(id)
        .badges()
        .filter((b) => b.op === 'replace'),
    ).toHaveLength(10);
    expect(
      fakes
        .mine(id)
        .kinds()
        .filter((k) => k === 'renewed'),
    ).toHaveLength(10);
  });
});
