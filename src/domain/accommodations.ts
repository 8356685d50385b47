import { addDays, compareCivilDates, type CivilDate } from './civil-date';
import { endOfNewYorkDay, newYorkDateOf } from './new-york-time';
import type { Instant } from './instant';

// FAQ: "requests for accommodations must be received at least eight (8) weeks prior to the start of a testing period".
export const ACCOMMODATION_NOTICE_DAYS = 56;

/** The last day an accommodation request may be received: window start − 56 days. */
export function accommodationCutoff(windowStart: CivilDate): CivilDate {
  return addDays(windowStart, -ACCOMMODATION_NOTICE_DAYS);
}

/** The last instant of the cutoff day, New York time, as UTC. */
export function accommodationRequestDeadlineInstant(windowStart: CivilDate): Instant {
  return endOfNewYorkDay(accommodationCutoff(windowStart));
}

/** Received on or before the cutoff day (New York date of receipt). */
export function isAccommodationRequestOnTime(windowStart: CivilDate, receivedAt: Instant): boolean {
  return compareCivilDates(newYorkDateOf(receivedAt), accommodationCutoff(windowStart)) <= 0;
}

export type AccommodationProblem = 'missing-documentation' | 'received-after-cutoff';

export interface AccommodationRequestCheck {
  /** Complete and on time: staff may review it. It is never an approval. */
  reviewable: boolean;
  cutoff: CivilDate;
  problems: AccommodationProblem[];
}

/**
 * FAQ: needs "must be documented in writing by the candidate's doctor or other qualified professional on
 * official letterhead. This written documentation must accompany the CPCS®/CPMSM® application", and the
 * request must arrive by the cutoff. Staff still decide.
 */
export function checkAccommodationRequest(input: {
  windowStart: CivilDate;
  receivedAt: Instant;
  hasWrittenDocumentation: boolean;
}): AccommodationRequestCheck {
  const problems: AccommodationProblem[] = [];
  if (!input.hasWrittenDocumentation) problems.push('missing-documentation');
  if (!isAccommodationRequestOnTime(input.windowStart, input.receivedAt)) problems.push('received-after-cutoff');
  return { reviewable: problems.length === 0, cutoff: accommodationCutoff(input.windowStart), problems };
}
