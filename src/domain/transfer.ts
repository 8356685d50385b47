import { subtractBusinessDays } from './business-days';
import { compareCivilDates, isBetweenInclusive, type CivilDate } from './civil-date';
import { instantToEpochMs, type Instant } from './instant';
import { endOfNewYorkDay, newYorkDateOf, NEW_YORK_TIME_ZONE } from './new-york-time';
import { defaultPolicy, type Policy } from './policy';
import { nextWindowId, parseWindowId, type WindowId } from './window-id';
import { windowCalendar } from './windows';

// FAQ: "notify NAMSS of your desire to transfer … within a minimum of 5 business days prior to the scheduled exam".
export const TRANSFER_NOTICE_BUSINESS_DAYS = 5;

/** The scheduled exam date minus 5 business days (New York business calendar). */
export function lastDayToRequestTransfer(examDate: CivilDate): CivilDate {
  return subtractBusinessDays(examDate, TRANSFER_NOTICE_BUSINESS_DAYS);
}

/** Requests are accepted until 23:59:59.999 New York time on the last day; this is that instant in UTC. */
export function transferRequestDeadlineInstant(examDate: CivilDate): Instant {
  return endOfNewYorkDay(lastDayToRequestTransfer(examDate));
}

/** FAQ: "If you do not meet this timeframe, then your transfer cannot occur." */
export function isTransferRequestOnTime(examDate: CivilDate, requestedAt: Instant): boolean {
  return instantToEpochMs(requestedAt) <= instantToEpochMs(transferRequestDeadlineInstant(examDate));
}

export interface TransferDecision {
  accepted: boolean;
  fromWindowId: WindowId;
  /** FAQ: a transfer goes "into the next test window". */
  toWindowId: WindowId;
  lastDayToRequestTransfer: CivilDate;
  deadline: Instant;
  timeZone: typeof NEW_YORK_TIME_ZONE;
  feeUsd: number;
  /** Why it was refused, for the candidate, when not accepted. */
  refusal?: string;
}

/** Decides a transfer request for a scheduled exam; a refused candidate may still reschedule inside the window. */
export function decideTransfer(
  input: { windowId: string; examDate: CivilDate; requestedAt: Instant },
  policy: Policy = defaultPolicy,
): TransferDecision {
  const from = parseWindowId(input.windowId).id;
  const lastDay = lastDayToRequestTransfer(input.examDate);
  const deadline = endOfNewYorkDay(lastDay);
  const accepted = isTransferRequestOnTime(input.examDate, input.requestedAt);
  return {
    accepted,
    fromWindowId: from,
    toWindowId: nextWindowId(from),
    lastDayToRequestTransfer: lastDay,
    deadline,
    timeZone: NEW_YORK_TIME_ZONE,
    feeUsd: policy.transferFeeUsd,
    ...(accepted
      ? {}
      : {
          refusal:
            `transfers must be requested by ${lastDay} 23:59:59 New York time, ${TRANSFER_NOTICE_BUSINESS_DAYS} business days ` +
            `before the exam on ${input.examDate}; you may still reschedule to another day in the current window`,
        }),
  };
}

export interface RescheduleCheck {
  allowed: boolean;
  windowStart: CivilDate;
  windowEnd: CivilDate;
  refusal?: string;
}

/**
 * FAQ: "you may still move your test date to another day within the current testing period … based on
 * seating availability" — the new day must be a test day of the same window, not before the request.
 * Seats are the vendor's answer, not this rule's.
 */
export function checkReschedule(
  input: { windowId: string; newExamDate: CivilDate; requestedAt: Instant },
  policy: Policy = defaultPolicy,
): RescheduleCheck {
  const calendar = windowCalendar(input.windowId, policy);
  const base = { windowStart: calendar.start, windowEnd: calendar.end };
  if (!isBetweenInclusive(input.newExamDate, calendar.start, calendar.end)) {
    return {
      ...base,
      allowed: false,
      refusal: `${input.newExamDate} is outside ${calendar.label} (${calendar.start} to ${calendar.end}); to test in a later window, request a transfer`,
    };
  }
  const today = newYorkDateOf(input.requestedAt);
  if (compareCivilDates(input.newExamDate, today) < 0) {
    return {
      ...base,
      allowed: false,
      refusal: `${input.newExamDate} has already passed (today is ${today} in New York)`,
    };
  }
  return { ...base, allowed: true };
}
