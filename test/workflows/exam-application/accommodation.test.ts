import { describe, expect, it } from 'vitest';
import { accommodationCutoff, windowCalendar } from '../../../src/domain/index';
import {
  accommodationDecisionSignal,
  accommodationRequestUpdate,
  eligibilityDecisionUpdate,
} from '../../../src/workflows/exam-application/contract';
import { accommodationReviewKey } from '../../../src/workflows/search-attributes';
import { inputFor, jumpTo, refusalOf, settled, startApplication, lifecycleSuite } from './harness';

const suite = lifecycleSuite('lifecycle-accommodation');
const { rec, taskQueue } = suite;

describe('accommodations: documentation required, received at least 8 weeks before the window', () => {
  describe('accepts a request at 23:30 New York on the cutoff day, refuses one at 00:30 the next day naming the cutoff, and emails the decision', () => {
    const input = inputFor('acc1', '2027-spring');
    const id = input.applicationId;
    let handle: Awaited<ReturnType<typeof startApplication>>;

    it('puts the Spring 2027 cutoff eight weeks before the window, on Monday, January 4, 2027', () => {
      // Spring 2027 starts Monday, March 1, 2027; 56 days earlier is Monday, January 4, 2027.
      expect(accommodationCutoff(windowCalendar('2027-spring').start)).toBe('2027-01-04');
    });

    it('refuses a request without written documentation', async () => {
      handle = await startApplication(suite.env, taskQueue, input);
      await handle.executeUpdate(eligibilityDecisionUpdate, {
        args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
      });

      // FAQ: needs "must be documented in writing"; a request without documentation is refused.
      expect(
        await refusalOf(
          handle.executeUpdate(accommodationRequestUpdate, { args: [{ needs: 'A separate room', documentIds: [] }] }),
        ),
      ).toEqual({
        type: 'AccommodationRefused',
        message:
          'Attach the written documentation from your doctor or another qualified professional, on official letterhead (PDF or image).',
      });
    }, 30_000);

    it('accepts a documented request at 23:30 New York on the cutoff day, pending review', async () => {
      await jumpTo(suite.env, '2027-01-05T04:30:00.000Z'); // Monday, January 4, 23:30 EST
      const accepted = await handle.executeUpdate(accommodationRequestUpdate, {
        args: [{ needs: 'A separate room', documentIds: ['doc-1'] }],
      });
      expect(accepted).toMatchObject({
        id: 'accommodation-1',
        needs: 'A separate room',
        documentIds: ['doc-1'],
        status: 'pending',
      });
    }, 30_000);

    it('records the pending request with its documentation', () => {
      expect(rec.callsOf('recordAccommodation', id)).toMatchObject([
        { id: 'accommodation-1', status: 'pending', documentIds: ['doc-1'] },
      ]);
    });

    it('shows staff the request as pending in Temporal UI', async () => {
      // Staff find it in Temporal UI: AccommodationReview = "pending" AND TestingWindow = "2027-spring".
      expect((await handle.describe()).typedSearchAttributes.get(accommodationReviewKey)).toBe('pending');
    });

    it('refuses a request at 00:30 the next day, naming the cutoff and the window start', async () => {
      await jumpTo(suite.env, '2027-01-05T05:30:00.000Z'); // Tuesday, January 5, 00:30 EST
      expect(
        await refusalOf(
          handle.executeUpdate(accommodationRequestUpdate, {
            args: [{ needs: 'Extra time', documentIds: ['doc-2'] }],
          }),
        ),
      ).toEqual({
        type: 'AccommodationRefused',
        message:
          'Accommodation requests for the Spring 2027 window had to be received by Monday, January 4, 2027, eight weeks before the window starts on Monday, March 1, 2027. You may request accommodations for a later window.',
      });
    }, 30_000);

    it('denies the request with the reason when staff decide from Temporal UI', async () => {
      // Staff decide from Temporal UI with the signal twin of the Update.
      await handle.signal(accommodationDecisionSignal, {
        requestId: 'accommodation-1',
        decision: 'deny',
        reason: 'The letter is not on letterhead.',
        decidedBy: 'staff@test.local',
      });
      const status = await settled(handle, (s) => expect(s.accommodations[0]?.status).toBe('denied'));
      expect(status.accommodations).toHaveLength(1);
      expect(status.accommodations[0]).toMatchObject({
        id: 'accommodation-1',
        status: 'denied',
        reason: 'The letter is not on letterhead.',
      });
    }, 30_000);

    it('emails the decision with the reason', async () => {
      await settled(handle, () =>
        expect(rec.emailKeys(id)).toEqual([
          'application-received',
          'eligibility-approved',
          'accommodation-decision:accommodation-1',
        ]),
      );
      expect(rec.emailOf(id, 'accommodation-decision:accommodation-1')).toEqual({
        kind: 'accommodation-decision',
        approved: false,
        needs: 'A separate room',
        reason: 'The letter is not on letterhead.',
      });
    }, 30_000);

    it('shows staff the request as denied in Temporal UI', async () => {
      expect((await handle.describe()).typedSearchAttributes.get(accommodationReviewKey)).toBe('denied');
    });

    it('records the denial with who decided it', async () => {
      expect(rec.callsOf('recordAccommodation', id).at(-1)).toMatchObject({
        id: 'accommodation-1',
        status: 'denied',
        decidedBy: 'staff@test.local',
      });
      await handle.terminate('test over');
    });
  });
});
