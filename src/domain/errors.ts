/** Stable codes for broken rules and bad inputs; callers map them (API → 4xx, CLI → exit 2). */
export type DomainErrorCode =
  | 'invalid-date'
  | 'invalid-instant'
  | 'date-out-of-range'
  | 'invalid-range'
  | 'invalid-number'
  | 'unknown-program'
  | 'invalid-window-id'
  | 'invalid-membership'
  | 'invalid-certifications'
  | 'raw-out-of-range'
  | 'raw-cut-out-of-range'
  | 'max-raw-out-of-range'
  | 'invalid-scale'
  | 'second-certification-before-first'
  | 'invalid-ce-entry'
  | 'invalid-extension'
  | 'invalid-policy'
  | 'invalid-attestation'
  | 'invalid-decision';

/** A rule refused its input; the message says what to fix, the code is for programs. */
export class DomainRuleError extends Error {
  override name = 'DomainRuleError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isDomainRuleError(err: unknown): err is DomainRuleError {
  return err instanceof DomainRuleError;
}
