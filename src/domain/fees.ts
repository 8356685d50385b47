import { DomainRuleError } from './errors';
import { defaultPolicy, type Certifications, type Membership, type Policy } from './policy';

export type { Certifications, Membership };

// FAQ "What are the fees for recertification?": Single — Members $175, Non-Members $325; Dual — $200, $350.
export const RECERTIFICATION_FEES_USD: Readonly<Record<Certifications, Readonly<Record<Membership, number>>>> =
  defaultPolicy.recertificationFeeUsd;

export function parseMembership(text: string): Membership {
  if (text === 'member' || text === 'non-member') return text;
  throw new DomainRuleError(
    'invalid-membership',
    `unknown membership "${String(text)}": expected member or non-member`,
  );
}

export function parseCertifications(text: string): Certifications {
  if (text === 'single' || text === 'dual') return text;
  throw new DomainRuleError(
    'invalid-certifications',
    `unknown certifications "${String(text)}": expected single or dual`,
  );
}

/** The FAQ recertification fee for a membership status and single or dual certification. */
export function recertificationFee(
  membership: Membership,
  certifications: Certifications,
  policy: Policy = defaultPolicy,
): number {
  return policy.recertificationFeeUsd[parseCertifications(certifications)][parseMembership(membership)];
}

export interface RecertificationFeeQuote {
  recertificationFeeUsd: number;
  /** Policy values (docs/architecture.md): after a lapse, "reinstatement from Jan 1 to Jun 1 with an extra fee" (configuration). */
  reinstatementFeeUsd: number;
  totalUsd: number;
}

export function recertificationFeeQuote(
  input: { membership: Membership; certifications: Certifications; reinstatement: boolean },
  policy: Policy = defaultPolicy,
): RecertificationFeeQuote {
  const recertificationFeeUsd = recertificationFee(input.membership, input.certifications, policy);
  const reinstatementFeeUsd = input.reinstatement ? policy.reinstatementFeeUsd : 0;
  return { recertificationFeeUsd, reinstatementFeeUsd, totalUsd: recertificationFeeUsd + reinstatementFeeUsd };
}

export interface ExamFeeQuote {
  examFeeUsd: number;
  lateFeeUsd: number;
  totalUsd: number;
}

/** Exam fee by membership plus the late fee for late applications; both are configuration (not public). */
export function examFeeQuote(
  input: { membership: Membership; late: boolean },
  policy: Policy = defaultPolicy,
): ExamFeeQuote {
  const examFeeUsd = policy.examFeeUsd[parseMembership(input.membership)];
  const lateFeeUsd = input.late ? policy.lateFeeUsd : 0;
  return { examFeeUsd, lateFeeUsd, totalUsd: examFeeUsd + lateFeeUsd };
}

/** The transfer fee (configuration, not public). */
export function transferFee(policy: Policy = defaultPolicy): number {
  return policy.transferFeeUsd;
}
