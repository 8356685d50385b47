import { ApplicationFailure } from '@temporalio/common';

/**
 * Every refusal a workflow gives, by the `type` of its ApplicationFailure, with the status the API answers it with:
 * 409 when the case stands elsewhere (the request may succeed at another time, or never), 422 when the request itself
 * must change.
 */
export const refusalStatus = {
  // Exam application
  ActionNotAvailable: 409,
  InvalidRequest: 422,
  TransferRefused: 409,
  RescheduleRefused: 409,
  SeatUnavailable: 409,
  AccommodationRefused: 409,
  AppointmentRefused: 409,
  WithdrawalRefused: 409,
  // Recertification
  AlreadySubmitted: 409,
  AlreadyExtended: 409,
  ReportingNotOpen: 409,
  Lapsed: 409,
  NotInReinstatementPeriod: 409,
  EntryLocked: 409,
  CycleExpired: 409,
  Renewing: 409,
  NoCycle: 409,
  DeterminationIncomplete: 409,
  NoSuchEntry: 422,
  InvalidCeEntry: 422,
  NotAttested: 422,
  InvalidMembership: 422,
  RequirementNotMet: 422,
  NothingToSubmit: 422,
  InvalidExtension: 422,
  ExtensionRefused: 422,
  InvalidDetermination: 422,
  // A recertification parked for staff
  AttentionNotOpen: 409,
  InvalidAttentionDecision: 422,
  // Testing window
  WindowWrongStage: 409,
  WindowUnknownItem: 422,
  WindowInvalidDecision: 422,
  WindowEquatingFailed: 422,
} as const satisfies Record<string, 409 | 422>;

export type RefusalType = keyof typeof refusalStatus;

/** The failure a refused Update (or a rule an activity cannot get past) carries: final, never retried. */
export function refusal(type: RefusalType, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Refuses with a message the candidate or staff can act on. */
export function refuse(type: RefusalType, message: string): never {
  throw refusal(type, message);
}

/** The HTTP status of a refusal; a type no workflow names is the request's to fix. */
export function httpStatusOfRefusal(type: string | null | undefined): 409 | 422 {
  return (refusalStatus as Record<string, 409 | 422>)[type ?? ''] ?? 422;
}
