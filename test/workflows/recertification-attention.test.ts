import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/index';
import { resolveAttentionUpdate } from '../../src/workflows/needs-attention/contract';
import { stageKey } from '../../src/workflows/search-attributes';
import { eventually } from '../helpers/eventually';
import { Certificant, certifiedToday, dayAfter } from './recertification-harness';
import { recertificationTestEnv } from './recertification-env';

const staff = 'staff@test.local';

const t = recertificationTestEnv('recertification-attention');
const { fakes } = t;

const certified = (id: string) => certifiedToday(t.env, t.taskQueue, id);

const searchStage = async (c: Certificant) => (await c.handle.describe()).typedSearchAttributes.get(stageKey);
const refusalType = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError & { cause: { type?: string } }).cause.type;
};

type Certified = Awaited<ReturnType<typeof certified>>;
type Mine = ReturnType<typeof fakes.mine>;

describe('recertification: a step that fails for good waits for staff', () => {
  describe('a lapse whose badge revocation the platform refuses parks the cycle; retried once fixed, the lapse completes and mails once', () => {
    let c: Certificant;
    let cycle: Certified['cycle'];
    let mine: Mine;

    it('refuses a staff decision while nothing waits', async () => {
      ({ c, cycle } = await certified('revoke'));
      mine = fakes.mine('revoke');
      fakes.breakable.break(
        'revokeBadge',
        'badge platform refused PUT /b-1/revoke: 404 Badge not found',
        'BadgeRejected',
        (i) => i.credentialId === 'revoke-CPCS',
      );
      expect(
        await refusalType(c.handle.executeUpdate(resolveAttentionUpdate, { args: [{ action: 'retry', by: staff }] })),
      ).toBe('AttentionNotOpen');
    }, 30_000);

    it("parks the lapse on the day after the due date at the refused badge revocation, with the platform's reason", async () => {
      await c.advanceTo(dayAfter(cycle.dueDate), 9);
      const parked = await c.until((s) => s.stage === 'needs-attention', 'needs-attention');
      expect(parked.attention).toMatchObject({
        activity: 'revokeBadge',
        step: 'revoke the Credly badge (revoke-CPCS)',
        reason: 'badge platform refused PUT /b-1/revoke: 404 Badge not found',
        failureType: 'BadgeRejected',
        resolvable: true,
      });
      expect(parked.lapsedOn).toBe(dayAfter(cycle.dueDate));
    }, 45_000);

    it('shows the parked cycle to searches and opens a needs-attention record', async () => {
      expect(await searchStage(c)).toBe('recertification-needs-attention');
      expect(mine.attention()).toEqual([
        {
          op: 'open',
          input: expect.objectContaining({
            caseKind: 'recertification',
            caseId: 'revoke',
            workflowId: 'recertification-revoke',
            cycleDueDate: cycle.dueDate,
            activity: 'revokeBadge',
          }),
        },
      ]);
    }, 15_000);

    it('takes the certification out of good standing but holds back the refresh and the lapse email', () => {
      // The certification already left good standing; the steps after the failed one wait.
      expect(mine.lapses()).toEqual([{ credentialIds: ['revoke-CPCS'] }]);
      expect(mine.refreshes()).toEqual([]);
      expect(mine.kinds()).not.toContain('lapsed');
    });

    it('refuses a plain submission from the lapsed certificant meanwhile', async () => {
      // The certificant meanwhile is lapsed: a plain submission is refused as before.
      expect(await refusalType(c.submit())).toBe('Lapsed');
    }, 30_000);

    it('refuses a hand resolution without a note', async () => {
      expect(
        await refusalType(
          c.handle.executeUpdate(resolveAttentionUpdate, { args: [{ action: 'resolved', by: staff }] }),
        ),
      ).toBe('InvalidAttentionDecision');
    }, 30_000);

    it('takes a retry while the platform still refuses, and parks again', async () => {
      expect(await c.handle.executeUpdate(resolveAttentionUpdate, { args: [{ action: 'retry', by: staff }] })).toEqual({
        action: 'retry',
        step: 'revoke the Credly badge (revoke-CPCS)',
        stage: 'lapsed',
      });
      await c.until(
        (s) =>
          s.stage === 'needs-attention' &&
          fakes.breakable.failed('revokeBadge').filter((i) => i.credentialId === 'revoke-CPCS').length === 2,
        'parked again',
      );
    }, 30_000);

    it('completes the lapse and revokes the badge once the cause is fixed and staff retry', async () => {
      fakes.breakable.repair('revokeBadge');
      await c.handle.executeUpdate(resolveAttentionUpdate, {
        args: [{ action: 'retry', note: 'Badge id corrected at Credly.', by: staff }],
      });
      const lapsed = await c.until((s) => s.stage === 'lapsed' && mine.kinds().includes('lapsed'), 'lapsed');
      expect(lapsed.attention).toBeUndefined();
      expect(mine.badges()).toEqual([
        { op: 'revoke', credentialId: 'revoke-CPCS', reason: expect.stringMatching(/neither completed nor extended/) },
      ]);
    }, 30_000);

    it('refreshes the records and emails the lapse once', () => {
      expect(mine.refreshes()).toEqual(['lapse:revoke']);
      expect(mine.kinds().filter((k) => k === 'lapsed')).toHaveLength(1);
    });

    it('opens and closes the needs-attention record for each park and retry', () => {
      expect(mine.attention().map((a) => [a.op, a.input.resolution])).toEqual([
        ['open', undefined],
        ['close', 'retry'],
        ['open', undefined],
        ['close', 'retry'],
      ]);
    });

    it('shows the lapsed stage to searches and in the records', async () => {
      await eventually(async () => {
        expect(await searchStage(c)).toBe('recertification-lapsed');
        expect(mine.records().at(-1)).toMatchObject({ stage: 'lapsed' });
      });
    }, 30_000);
  });

  describe('a renewal whose new badge the platform refuses, resolved by hand: the next cycle starts, told once', () => {
    let c: Certificant;
    let cycle: Certified['cycle'];
    let mine: Mine;

    it('determines the renewal, then parks at the refused badge replacement', async () => {
      ({ c, cycle } = await certified('replace'));
      mine = fakes.mine('replace');
      fakes.breakable.break(
        'replaceBadgeExpiry',
        'badge platform refused POST /: 422 badge_template_id is not a template of this organization',
        'BadgeRejected',
        (i) => i.credentialId === 'replace-CPCS',
      );
      await c.advanceTo(addDays(cycle.dueDate, -10));
      await c.until((s) => s.stage === 'reporting', 'reporting');
      await c.reportThirtyHours(addDays(cycle.dueDate, -10));
      await c.submit();
      // The renewal parks before its continue-as-new: do not wait for one.
      expect((await c.determineAll(undefined, { awaitRenewal: false })).outcome).toBe('renewed');
      const parked = await c.until((s) => s.stage === 'needs-attention', 'needs-attention');
      expect(parked.attention).toMatchObject({ activity: 'replaceBadgeExpiry', resolvable: true });
    }, 60_000);

    it('records the renewal but holds back its email while parked', () => {
      expect(mine.renewals()).toHaveLength(1);
      expect(mine.kinds()).not.toContain('renewed');
    });

    it('takes the hand resolution and starts the next cycle with the same credential', async () => {
      const outcome = await c.handle.executeUpdate(resolveAttentionUpdate, {
        args: [{ action: 'resolved', note: 'Badge issued by hand in Credly.', by: staff }],
      });
      expect(outcome).toMatchObject({
        action: 'resolved',
        step: 'replace the Credly badge with the new expiry (replace-CPCS)',
      });
      const next = await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2');
      expect(next.credentials).toEqual([
        { credentialId: 'replace-CPCS', program: 'CPCS', certifiedOn: cycle.firstCertifiedOn },
      ]);
    }, 45_000);

    it('emails the renewal once and refreshes the records', () => {
      expect(mine.kinds().filter((k) => k === 'renewed')).toHaveLength(1);
      expect(mine.refreshes()).toEqual(['renewal:replace']);
    });

    it('closes the needs-attention record with the staff member, the note and its audit', () => {
      expect(mine.attention().at(-1)).toEqual({
        op: 'close',
        input: {
          caseKind: 'recertification',
          caseId: 'replace',
          resolution: 'resolved',
          by: staff,
          note: 'Badge issued by hand in Credly.',
          at: expect.any(String),
          auditAs: expect.objectContaining({
            action: 'recertification.attention.resolved',
            subject: 'certificant:replace',
          }),
        },
      });
    });
  });
});
