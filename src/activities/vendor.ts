import { log } from '@temporalio/activity';
import { releaseSeat, reserveSeat, type SeatRequest, type SeatReservation } from '../integrations/vendor/seats';
import type { ActivityDeps } from './deps';

export function vendorActivities(deps: ActivityDeps) {
  return {
    /** One seat per application at the vendor; the same seat again is ok, another seat moves it atomically. */
    async reserveSeat(input: SeatRequest): Promise<SeatReservation> {
      const result = await reserveSeat(deps.db, input);
      log.info('seat reservation', {
        applicationId: input.applicationId,
        site: input.site,
        examDate: input.examDate,
        ok: result.ok,
      });
      return result;
    },
    /** Frees the named seat if the application still holds it; safe to retry. */
    async releaseSeat(input: {
      applicationId: string;
      site: string;
      examDate: string;
    }): Promise<{ released: boolean }> {
      return releaseSeat(deps.db, input);
    },
  };
}
