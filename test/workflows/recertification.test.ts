import { describe, expect, it } from 'vitest';
import { addDays, recertificationCycle } from '../../src/domain/index';
import {
  requestExtensionUpdate,
  reinstateUpdate,
  determineEntryUpdate,
} from '../../src/workflows/recertification/contract';
import { stageKey } from '../../src/workflows/search-attributes';
import { Certificant, dayAfter, updateRefusal } from './recertification-harness';
import { recertificationTestEnv } from './recertification-env';

const t = recertificationTestEnv('recertification-paths');
const { fakes } = t;

const refusal = updateRefusal;

type Status = Awaited<ReturnType<Certificant['until']>>;
type Cycle = NonNullable<Status['cycle']>;

async function certified(id: string) {
  const c = new Certificant(t.env, t.taskQueue, id);
  const on = await c.today();
  await c.certify('CPCS', on);
  const status = await c.until((s) => s.stage === 'in-cycle', 'in-cycle');
  return { c, cycle: status.cycle!, on };
}

describe('recertification cycle under time skipping', () => {
  describe('renews on the due date itself: every reminder with the meter, confirmation, badge replaced, GSR, next cycle', () => {
    const mine = fakes.mine('due-day');
    let c: Certificant;
    let cycle: Cycle;
    let next: Status;

    it('opens cycle 1 due three years on, asking 30 hours of which 15 NAMSS-approved', async () => {
      ({ c, cycle } = await certified('due-day'));
      // FAQ: "Certificants need to recertify within three years after achieving certification."
      expect(cycle).toMatchObject({
        cycleNumber: 1,
        dueDate: recertificationCycle(cycle.firstCertifiedOn).dueDate,
        requirement: { totalHours: 30, namssApprovedHours: 15 },
      });
    }, 30_000);

    it('refuses a submission before reporting opens, saying when it opens', async () => {
      expect(await refusal(c.submit())).toMatch(/Reporting opens on/);
    });

    it('is in reporting on the due date, under the stage staff search by in Temporal UI', async () => {
      await c.advanceTo(cycle.dueDate);
      await c.until((s) => s.stage === 'reporting', 'reporting');
      // Staff find the cycle in Temporal UI by its stage.
      expect((await c.handle.describe()).typedSearchAttributes.get(stageKey)).toBe('recertification-reporting');
    }, 30_000);

    it('charges the recertification fee when thirty hours are submitted', async () => {
      await c.reportThirtyHours(addDays(cycle.dueDate, -10));
      const submitted = await c.submit();
      expect(submitted.fee).toEqual({ recertificationFeeUsd: 175, reinstatementFeeUsd: 0, totalUsd: 175 });
    }, 30_000);

    it('renews once every entry is accepted', async () => {
      expect((await c.determineAll()).outcome).toBe('renewed');
    }, 30_000);

    it('starts cycle 2 the day after the due date, due three years later', async () => {
      next = await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2');
      expect(next).toMatchObject({
        stage: 'in-cycle',
        renewals: 1,
        entries: [],
        cycleStartsOn: dayAfter(cycle.dueDate),
      });
      expect(next.cycle!.dueDate).toBe(`${cycle.dueYear + 3}-12-01`);
    }, 30_000);

    it('emails every reminder, the submission and the renewal, in order', () => {
      expect(mine.kinds()).toEqual([
        'reporting-open',
        'due-90',
        'due-30',
        'due-7',
        'due-today',
        'submitted-1',
        'renewed',
      ]);
    });

    it('shows the hours meter and what is missing in the due-today reminder', () => {
      const dueToday = mine.emails().find((e) => e.dedupeKey.includes('due-today'))!.message;
      expect(dueToday).toMatchObject({
        kind: 'recert-reminder',
        meter: { countedHours: 0, met: false },
        missing: ['15 more hours of NAMSS-approved CE', '30 more hours of CE in total (30 required)'],
      });
    });

    it('replaces the badge with one expiring at the new due date', () => {
      expect(mine.badges()).toEqual([{ op: 'replace', credentialId: 'due-day-CPCS', expiresAt: next.cycle!.dueDate }]);
    });

    it('renews the credential until the new due date', () => {
      expect(mine.renewals()).toEqual([{ credentialIds: ['due-day-CPCS'], expiresOn: next.cycle!.dueDate }]);
    });

    it('refreshes the good-standing report through its Schedule, never inside the renewal', () => {
      // The report is refreshed through its Schedule (coalesced), never generated inside the renewal.
      expect(mine.refreshes()).toEqual(['renewal:due-day']);
      expect(mine.reports()).toEqual([]);
    });

    it('records cycle 1 as renewed', () => {
      expect(mine.records().some((r) => r.stage === 'renewed' && r.cycleNumber === 1)).toBe(true);
    });
  });

  describe('the day after the due date: lapsed, badge revoked with a reason, off the GSR, email; reinstatement in its period with its fee', () => {
    const mine = fakes.mine('day-after');
    let c: Certificant;
    let cycle: Cycle;

    it('lapses the day after the due date, even with thirty hours reported but not submitted', async () => {
      ({ c, cycle } = await certified('day-after'));
      await c.advanceTo(cycle.dueDate, 11);
      await c.reportThirtyHours(cycle.reportingOpens);
      await c.advanceTo(dayAfter(cycle.dueDate), 9);
      const lapsed = await c.until((s) => s.stage === 'lapsed', 'lapsed');
      expect(lapsed.lapsedOn).toBe(dayAfter(cycle.dueDate));
    }, 30_000);

    it('refuses a late submission, saying when reinstatement is possible', async () => {
      expect(await refusal(c.submit())).toMatch(
        /has passed and the certification lapsed; reinstatement is possible from/,
      );
    });

    it('refuses reinstatement before its period opens', async () => {
      expect(await refusal(c.handle.executeUpdate(reinstateUpdate, { args: [{ attest: true }] }))).toMatch(
        /Reinstatement is possible from/,
      );
    });

    it('lapses the credential', () => {
      expect(mine.lapses()).toEqual([{ credentialIds: ['day-after-CPCS'] }]);
    });

    it('revokes the badge with the reason', () => {
      expect(mine.badges()).toEqual([
        {
          op: 'revoke',
          credentialId: 'day-after-CPCS',
          reason: expect.stringMatching(/was due .* neither completed nor extended/),
        },
      ]);
    });

    it('takes the certificant off the good-standing report through its Schedule', () => {
      expect(mine.refreshes()).toEqual(['lapse:day-after']);
      expect(mine.reports()).toEqual([]);
    });

    it('emails the lapse', () => {
      expect(mine.kinds()).toContain('lapsed');
    });

    it('charges the reinstatement fee on top of the recertification fee in the reinstatement period', async () => {
      await c.advanceTo(cycle.reinstatement.opens);
      await c.until((s) => s.stage === 'reinstatement', 'reinstatement');
      const reinstating = await c.handle.executeUpdate(reinstateUpdate, { args: [{ attest: true }] });
      // Policy values (docs/architecture.md): reinstatement "with an extra fee" on top of the FAQ recertification fee.
      expect(reinstating.fee).toEqual({ recertificationFeeUsd: 175, reinstatementFeeUsd: 100, totalUsd: 275 });
    }, 30_000);

    it('renews once every entry is accepted', async () => {
      expect((await c.determineAll()).outcome).toBe('renewed');
    }, 30_000);

    it('emails the submission and the reinstatement as cycle 2 starts', async () => {
      await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2');
      expect(mine.kinds().slice(-2)).toEqual(['submitted-1', 'reinstated']);
    }, 30_000);

    it('gives the badge back', () => {
      expect(mine.badges().at(-1)).toMatchObject({ op: 'replace', credentialId: 'day-after-CPCS' });
    });
  });

  it('rejected entries leave the hours short: told exactly what is missing, tops up and renews', async () => {
    const { c, cycle } = await certified('short');
    await c.advanceTo(cycle.reportingOpens);
    const [tenNamss] = await c.reportThirtyHours(cycle.reportingOpens);
    expect(
      await refusal(
        c.handle.executeUpdate(determineEntryUpdate, {
          args: [{ entryId: tenNamss!, decision: 'reject', reason: 'too early', by: 'staff@test.local' }],
        }),
      ),
    ).toMatch(/determined only once the certificant submits/);
    await c.submit();
    const outcome = await c.determineAll((id) => (id === tenNamss ? 'reject' : 'accept'));
    expect(outcome).toEqual({
      outcome: 'short',
      missing: ['10 more hours of NAMSS-approved CE', '10 more hours of CE in total (30 required)'],
    });
    const short = await c.until((s) => s.stage === 'reporting', 'back to reporting');
    expect(short.missing).toEqual(['10 more hours of NAMSS-approved CE', '10 more hours of CE in total (30 required)']);
    const email = fakes
      .mine('short')
      .emails()
      .find((e) => e.message.kind === 'recert-determination-short')!.message;
    expect(email).toMatchObject({
      rejected: [{ title: 'Course 10h namss-approved', reason: 'Not related to medical services' }],
      dueDate: cycle.dueDate,
    });
    expect(await refusal(c.submit())).toMatch(/Before you submit, add: 10 more hours of NAMSS-approved CE/);
    await c.addEntry(
      { hours: 10, kind: 'namss-approved', title: 'Accreditation Center webinar' },
      cycle.reportingOpens,
    );
    const again = await c.submit();
    expect(again.entryIds).toHaveLength(1);
    expect((await c.determineAll()).outcome).toBe('renewed');
    await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2');
  });

  it('extension: refused below half the credits, granted with half, moves the deadline; lapse at the extended deadline', async () => {
    const { c, cycle } = await certified('extension');
    await c.advanceTo(addDays(cycle.dueDate, -20));
    await c.addEntry({ hours: 10, kind: 'namss-approved' }, cycle.reportingOpens);
    const request = { request: 'I was on medical leave for four months this year and need more time.', months: 6 };
    expect(await refusal(c.handle.executeUpdate(requestExtensionUpdate, { args: [request] }))).toMatch(
      /at least half the credits: 15 hours reported; you have 10/,
    );
    expect(
      await refusal(c.handle.executeUpdate(requestExtensionUpdate, { args: [{ request: 'more time', months: 6 }] })),
    ).toMatch(/Write your request/);
    await c.addEntry({ hours: 5, kind: 'other' }, cycle.reportingOpens);
    const granted = await c.handle.executeUpdate(requestExtensionUpdate, { args: [request] });
    const until = `${cycle.dueYear + 1}-06-01`;
    expect(granted).toEqual({ until });
    await c.advanceTo(dayAfter(cycle.dueDate));
    const extended = await c.until((s) => s.stage === 'extended', 'extended');
    expect(extended.deadline).toBe(until);
    expect(extended.lapsedOn).toBeUndefined();
    await c.advanceTo(dayAfter(until));
    // The six-month extension reaches the end of the reinstatement period (Jun 1): the lapse ends the certification.
    await c.until((s) => s.stage === 'expired', 'lapsed, then expired, after the extension');
    expect(fakes.mine('extension').lapses()).toHaveLength(1);
    // Nothing is left to offer (no second extension, reinstatement closed): one email says so, no lapse email first.
    expect(fakes.mine('extension').kinds()).toEqual([
      'reporting-open',
      'due-90',
      'due-30',
      'extension',
      'due-90',
      'due-30',
      'due-7',
      'due-today',
      'expired',
    ]);
    expect(fakes.mine('extension').emails().at(-1)!.message).toEqual({
      kind: 'recert-expired',
      programs: ['CPCS'],
      afterExtension: { dueDate: cycle.dueDate, until, reinstatementClosed: cycle.reinstatement.closes },
    });
  });

  it('every email of a chain is keyed by the chain’s first run id, carried across continue-as-new', async () => {
    const { c, cycle } = await certified('chain');
    const firstRun = (await c.handle.describe()).runId;
    await c.advanceTo(cycle.dueDate);
    await c.reportThirtyHours(cycle.reportingOpens);
    await c.submit();
    await c.determineAll();
    const next = (await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2')).cycle!;
    expect((await c.handle.describe()).runId).not.toBe(firstRun);
    await c.advanceTo(next.reportingOpens);
    await c.until((s) => s.stage === 'reporting', 'cycle 2 reporting');
    const emails = fakes.mine('chain').emails();
    expect(emails.map((e) => e.dedupeKey)).toContain('c2:reporting-open');
    expect(new Set(emails.map((e) => e.chain))).toEqual(new Set([firstRun]));
  });
});
