import { describe, expect, it } from 'vitest';
import { addDays, recertificationCycle } from '../../src/domain/index';
import { resolveAttentionUpdate } from '../../src/workflows/needs-attention/contract';
import {
  certificationEarnedSignal,
  reinstateUpdate,
  requestExtensionUpdate,
} from '../../src/workflows/recertification/contract';
import { recertificationTestEnv } from './recertification-env';
import { certifiedToday, dayAfter, updateRefusal } from './recertification-harness';

const t = recertificationTestEnv('recertification-second-certification');
const fakes = t.fakes;
const refusal = updateRefusal;
const certified = (id: string) => certifiedToday(t.env, t.taskQueue, id);
type Certified = Awaited<ReturnType<typeof certified>>;
type Status = Awaited<ReturnType<Certified['c']['until']>>;

describe('a second certification while the first is active, extended, lapsed or expired', () => {
  it('active, the day before the due date: one dual cycle with the same due date, the dual requirement and fee', async () => {
    const { c, cycle } = await certified('active');
    await c.certify('CPMSM', addDays(cycle.dueDate, -1));
    const dual = await c.until((s) => s.credentials.length === 2, 'both credentials');
    // FAQ: "If you are dually certified, then recertification needs to occur three (3) years from obtaining your first certification."
    expect(dual.cycle).toMatchObject({
      certifications: 'dual',
      dueDate: cycle.dueDate,
      requirement: { totalHours: 45, namssApprovedHours: 25 },
    });
    expect(dual.fee).toEqual({ recertificationFeeUsd: 200, reinstatementFeeUsd: 0, totalUsd: 200 });
    expect(dual.joining).toBeUndefined();
  });

  it('active, on the due date itself: this cycle stays single, the CPMSM is active and waits for the next one', async () => {
    const { c, cycle } = await certified('on-due');
    await c.certify('CPMSM', cycle.dueDate);
    const s = await c.until((x) => (x.joining?.length ?? 0) === 1, 'CPMSM joining');
    expect(s.cycle).toMatchObject({
      certifications: 'single',
      dueDate: cycle.dueDate,
      requirement: { totalHours: 30 },
    });
    expect(s.credentials.map((k) => k.program)).toEqual(['CPCS']);
    expect(s.joining).toEqual([expect.objectContaining({ program: 'CPMSM', dueDate: `${cycle.dueYear + 3}-12-01` })]);
  });

  describe('extended: the CPCS renews alone at the single fee; the next cycle is dual with both, three years on', () => {
    const mine = fakes.mine('extended');
    let c: Certified['c'];
    let cycle: Certified['cycle'];
    let next: Status;

    it('keeps the extended cycle single at the single fee while the new CPMSM waits', async () => {
      ({ c, cycle } = await certified('extended'));
      await c.extendWithHalfTheCredits(cycle, 3);
      await c.advanceTo(dayAfter(cycle.dueDate));
      await c.until((s) => s.stage === 'extended', 'extended');
      await c.certify('CPMSM', dayAfter(cycle.dueDate));
      const waiting = await c.until((s) => (s.joining?.length ?? 0) === 1, 'CPMSM joining');
      expect(waiting).toMatchObject({ stage: 'extended', cycle: { certifications: 'single' }, fee: { totalUsd: 175 } });
    }, 30_000);

    it('charges the single fee when the CPCS hours are submitted', async () => {
      await c.addEntry({ hours: 5, kind: 'namss-approved' }, dayAfter(cycle.dueDate));
      await c.addEntry({ hours: 10, kind: 'other' }, dayAfter(cycle.dueDate));
      expect((await c.submit()).fee).toEqual({ recertificationFeeUsd: 175, reinstatementFeeUsd: 0, totalUsd: 175 });
    }, 30_000);

    it('renews once every entry is accepted', async () => {
      expect((await c.determineAll()).outcome).toBe('renewed');
    }, 30_000);

    it('starts cycle 2 dual with both credentials, three years on, with the dual requirement', async () => {
      next = await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2');
      expect(next.credentials.map((k) => k.program)).toEqual(['CPCS', 'CPMSM']);
      expect(next.joining).toBeUndefined();
      expect(next.cycle).toMatchObject({
        certifications: 'dual',
        dueDate: `${cycle.dueYear + 3}-12-01`,
        requirement: { totalHours: 45, namssApprovedHours: 25 },
      });
    }, 30_000);

    it('renews and replaces the badge of the extended credential only, lapsing nothing', () => {
      // Only the extended credential was renewed; the CPMSM already carries the next due date on its badge.
      expect(mine.renewals()).toEqual([{ credentialIds: ['extended-CPCS'], expiresOn: next.cycle!.dueDate }]);
      expect(mine.badges()).toEqual([{ op: 'replace', credentialId: 'extended-CPCS', expiresAt: next.cycle!.dueDate }]);
      expect(mine.lapses()).toEqual([]);
    });

    it('emails the renewal of the CPCS alone', () => {
      expect(mine.emails().find((e) => e.message.kind === 'recert-renewed')!.message).toMatchObject({
        programs: ['CPCS'],
      });
    });
  });

  describe('extended, then lapsed: only the CPCS lapses, the email offers reinstatement now (no second extension); at expiry the CPMSM carries on alone', () => {
    const mine = fakes.mine('ext-lapse');
    let c: Certified['c'];
    let cycle: Certified['cycle'];
    let until: string;

    it('extends three months, to March 1 of the year after the due date', async () => {
      ({ c, cycle } = await certified('ext-lapse'));
      until = await c.extendWithHalfTheCredits(cycle, 3);
      expect(until).toBe(`${cycle.dueYear + 1}-03-01`);
    }, 30_000);

    it('lapses the day after the extended deadline, straight into the open reinstatement period', async () => {
      await c.advanceTo(dayAfter(cycle.dueDate));
      await c.until((s) => s.stage === 'extended', 'extended');
      await c.certify('CPMSM', dayAfter(cycle.dueDate));
      await c.until((s) => (s.joining?.length ?? 0) === 1, 'CPMSM joining');
      await c.advanceTo(dayAfter(until));
      const lapsed = await c.until((s) => s.stage === 'reinstatement', 'lapsed into the open reinstatement period');
      expect(lapsed.lapsedOn).toBe(dayAfter(until));
    }, 30_000);

    it('refuses a second extension', async () => {
      expect(
        await refusal(
          c.handle.executeUpdate(requestExtensionUpdate, {
            args: [{ request: 'I would like a second extension, please, for the same reason.', months: 1 }],
          }),
        ),
      ).toMatch(/already granted/);
    });

    it('refuses a submission, pointing at reinstatement with its dates and fee', async () => {
      expect(await refusal(c.submit())).toContain(
        `reinstatement is possible from ${dayAfter(until)} to ${cycle.reinstatement.closes}, with its fee.`,
      );
    });

    it('lapses only the CPCS and revokes its badge, saying it was extended and not completed', () => {
      expect(mine.lapses()).toEqual([{ credentialIds: ['ext-lapse-CPCS'] }]);
      expect(mine.badges()).toEqual([
        {
          op: 'revoke',
          credentialId: 'ext-lapse-CPCS',
          reason: `Recertification was due ${cycle.dueDate}, was extended to ${until} and was not completed: the certification lapsed.`,
        },
      ]);
    });

    it('emails the lapse offering reinstatement now, with its period and fee', () => {
      expect(mine.emails().find((e) => e.message.kind === 'recert-lapsed')!.message).toEqual({
        kind: 'recert-lapsed',
        dueDate: until,
        extendedFrom: cycle.dueDate,
        reinstatementOpens: dayAfter(until),
        reinstatementCloses: cycle.reinstatement.closes,
        reinstatementOpenNow: true,
        reinstatementFeeUsd: 100,
        programs: ['CPCS'],
      });
    });

    it('carries the CPMSM on alone once reinstatement closes, single, on the due date it was given when earned', async () => {
      const { runId } = await c.handle.describe();
      await c.advanceTo(dayAfter(cycle.reinstatement.closes));
      await c.continuedAsNew(runId);
      const alone = await c.until((s) => s.credentials[0]?.program === 'CPMSM', 'the CPMSM alone');
      expect(alone.credentials.map((k) => k.program)).toEqual(['CPMSM']);
      // The due date it was given when earned: "three (3) years from obtaining your first certification"; single now.
      expect(alone.cycle).toMatchObject({
        certifications: 'single',
        cycleNumber: 2,
        dueDate: `${cycle.dueYear + 3}-12-01`,
        requirement: { totalHours: 30 },
      });
      expect(alone).toMatchObject({ stage: 'in-cycle', cycleStartsOn: dayAfter(cycle.dueDate), entries: [] });
    }, 30_000);

    it('lapses nothing more at the expiry, and emails the expiry after the lapse', () => {
      expect(mine.lapses()).toHaveLength(1);
      expect(mine.kinds().slice(-2)).toEqual(['lapsed', 'expired']);
    });
  });

  it('lapsed within reinstatement: the CPCS stays lapsed with its own reinstatement (single fee); once reinstated, both share a dual cycle', async () => {
    const { c, cycle } = await certified('lapsed');
    await c.advanceTo(dayAfter(cycle.dueDate));
    await c.until((s) => s.stage === 'lapsed', 'lapsed');
    await c.advanceTo(cycle.reinstatement.opens);
    await c.certify('CPMSM', cycle.reinstatement.opens);
    const waiting = await c.until(
      (s) => s.stage === 'reinstatement' && (s.joining?.length ?? 0) === 1,
      'reinstatement, CPMSM joining',
    );
    expect(waiting.credentials.map((k) => k.program)).toEqual(['CPCS']);
    await c.reportThirtyHours(cycle.reportingOpens);
    const reinstating = await c.handle.executeUpdate(reinstateUpdate, { args: [{ attest: true }] });
    expect(reinstating.fee).toEqual({ recertificationFeeUsd: 175, reinstatementFeeUsd: 100, totalUsd: 275 });
    expect((await c.determineAll()).outcome).toBe('renewed');
    const next = await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2');
    expect(next.credentials.map((k) => k.program)).toEqual(['CPCS', 'CPMSM']);
    expect(next.cycle).toMatchObject({ certifications: 'dual', dueDate: `${cycle.dueYear + 3}-12-01` });
    expect(fakes.mine('lapsed').lapses()).toEqual([{ credentialIds: ['lapsed-CPCS'] }]);
  });

  it('expired: the chain ended; the CPMSM starts a chain of its own, single, due three years after its own certification', async () => {
    const { c, cycle } = await certified('expired');
    const { runId } = await c.handle.describe();
    await c.advanceTo(dayAfter(cycle.reinstatement.closes));
    await t.env.client.workflow.getHandle(c.handle.workflowId, runId).result();
    const on = await c.today();
    await c.certify('CPMSM', on);
    const fresh = await c.until((s) => s.credentials[0]?.program === 'CPMSM', 'second chain');
    expect(fresh.credentials.map((k) => k.program)).toEqual(['CPMSM']);
    // FAQ: "Certificants need to recertify within three years after achieving certification."
    expect(fresh.cycle).toEqual(recertificationCycle(on));
    expect(fresh.cycle!.certifications).toBe('single');
  });

  it('held up at the expiry by a step for staff, a new CPCS arrives: once retried, it gets a cycle and email slots of its own', async () => {
    const { c, cycle } = await certified('held-up');
    fakes.breakable.break(
      'sendCertificantEmail',
      'SMTP server refused the message',
      'SmtpRejected',
      (i) => i.certificantId === 'held-up' && i.message.kind === 'recert-expired',
    );
    await c.advanceTo(dayAfter(cycle.reinstatement.closes));
    await c.until((s) => s.stage === 'needs-attention', 'parked at the expiry email');
    const on = await c.today();
    await c.handle.signal(certificationEarnedSignal, { ...c.earned('CPCS', on), credentialId: 'held-up-CPCS-2' });
    await c.until((s) => (s.joining?.length ?? 0) === 1, 'the new CPCS waiting');
    fakes.breakable.repair('sendCertificantEmail');
    const { runId } = await c.handle.describe();
    await c.handle.executeUpdate(resolveAttentionUpdate, { args: [{ action: 'retry', by: 'staff@test.local' }] });
    await c.continuedAsNew(runId);
    const fresh = await c.until((s) => s.credentials[0]?.credentialId === 'held-up-CPCS-2', 'a cycle of its own');
    expect(fresh.credentials).toHaveLength(1);
    expect(fresh.cycle).toEqual(recertificationCycle(on));
    await c.advanceTo(fresh.cycle!.reportingOpens);
    await c.until((s) => s.stage === 'reporting', 'reporting');
    const open = fakes.mine('held-up').emails().at(-1)!;
    expect(open.dedupeKey).toBe('c1:reporting-open');
    expect(open.chain).toBe(`${fakes.mine('held-up').emails()[0]!.chain}+${on}`);
  });
});
