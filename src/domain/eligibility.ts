import { isProgram, type Program } from './catalog';
import { addDays, addMonths, compareCivilDates, daysBetween, isCivilDate, type CivilDate } from './civil-date';
import { DomainRuleError } from './errors';
import { instantToEpochMs, type Instant } from './instant';

/** One job the candidate declares; `to` absent means they still hold it. */
export interface EmploymentPeriod {
  employer: string;
  title: string;
  from: CivilDate;
  to?: CivilDate;
  /** Duties in the candidate's words; staff compare them with the Candidate Handbook outline. */
  duties: string[];
}

/** What a candidate attests on the application: employment and experience, signed. */
export interface EligibilityAttestation {
  program: Program;
  currentlyEmployedInMedicalServices: boolean;
  employment: EmploymentPeriod[];
  /** The name the candidate typed as a signature. */
  signedBy: string;
  signedAt: Instant;
  /** The candidate affirms the statements are true. */
  affirmed: boolean;
}

/** Everything wrong with an attestation, one actionable message each (empty when complete). */
export function attestationProblems(attestation: EligibilityAttestation, today: CivilDate): string[] {
  const problems: string[] = [];
  if (!isProgram(attestation.program)) problems.push('program must be CPCS or CPMSM');
  if (!attestation.affirmed) problems.push('the candidate must affirm that the statements are true');
  if (!attestation.signedBy?.trim()) problems.push('the attestation must be signed with the candidate’s full name');
  try {
    instantToEpochMs(attestation.signedAt);
  } catch {
    problems.push('signedAt must be an ISO 8601 instant');
  }
  if (!Array.isArray(attestation.employment) || attestation.employment.length === 0) {
    problems.push('list at least one employment period');
    return problems;
  }
  attestation.employment.forEach((period, i) => {
    const at = `employment ${i + 1}`;
    if (!period.employer?.trim()) problems.push(`${at}: name the employer`);
    if (!period.title?.trim()) problems.push(`${at}: give the job title`);
    if (!isCivilDate(period.from)) problems.push(`${at}: "from" must be a date YYYY-MM-DD`);
    else if (compareCivilDates(period.from, today) > 0) problems.push(`${at}: "from" (${period.from}) is in the future`);
    if (period.to !== undefined) {
      if (!isCivilDate(period.to)) problems.push(`${at}: "to" must be a date YYYY-MM-DD, or left out for a current job`);
      else if (isCivilDate(period.from) && compareCivilDates(period.to, period.from) < 0) problems.push(`${at}: "to" (${period.to}) is before "from" (${period.from})`);
      else if (compareCivilDates(period.to, today) > 0) problems.push(`${at}: "to" (${period.to}) is in the future; leave it out for a current job`);
    }
    if (!Array.isArray(period.duties) || period.duties.every((d) => !d?.trim())) problems.push(`${at}: describe the duties`);
  });
  return problems;
}

export interface EligibilityReviewFacts {
  program: Program;
  currentlyEmployedInMedicalServices: boolean;
  /** Days of experience, overlapping jobs counted once. */
  experienceDays: number;
  experienceYears: number;
  experienceYearsInLast3Years: number;
  experienceYearsInLast5Years: number;
  longestContinuousYears: number;
  employers: string[];
  duties: string[];
  /** FAQ: "NAMSS is unable to 'pre-approve' any specific experience" — staff decide, always. */
  decision: 'staff-review-required';
}

type Span = { from: number; to: number }; // epoch-day-like offsets from `today`, inclusive

function mergedSpans(employment: EmploymentPeriod[], today: CivilDate): Span[] {
  const spans = employment
    .map((p) => ({ from: daysBetween(today, p.from), to: daysBetween(today, p.to ?? today) }))
    .sort((a, b) => a.from - b.from);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.to + 1) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}

const yearsOf = (days: number): number => Math.round((days / 365.25) * 100) / 100;

function daysSince(spans: Span[], from: number): number {
  return spans.reduce((sum, s) => sum + Math.max(0, s.to - Math.max(s.from, from) + 1), 0);
}

/**
 * The facts staff need to decide eligibility from an attestation; throws DomainRuleError('invalid-attestation')
 * listing what to fix. It never returns a decision: no rule pre-approves a candidate.
 */
export function eligibilityReviewFacts(attestation: EligibilityAttestation, today: CivilDate): EligibilityReviewFacts {
  const problems = attestationProblems(attestation, today);
  if (problems.length > 0) throw new DomainRuleError('invalid-attestation', problems.join('; '));
  const spans = mergedSpans(attestation.employment, today);
  const total = daysSince(spans, Number.NEGATIVE_INFINITY);
  const since = (years: number) => daysBetween(today, addDays(addMonths(today, -12 * years), 1));
  return {
    program: attestation.program,
    currentlyEmployedInMedicalServices: attestation.currentlyEmployedInMedicalServices,
    experienceDays: total,
    experienceYears: yearsOf(total),
    experienceYearsInLast3Years: yearsOf(daysSince(spans, since(3))),
    experienceYearsInLast5Years: yearsOf(daysSince(spans, since(5))),
    longestContinuousYears: yearsOf(Math.max(0, ...spans.map((s) => s.to - s.from + 1))),
    employers: [...new Set(attestation.employment.map((p) => p.employer.trim()))],
    duties: attestation.employment.flatMap((p) => p.duties.map((d) => d.trim()).filter(Boolean)),
    decision: 'staff-review-required',
  };
}

export interface EligibilityDecision {
  eligible: boolean;
  decidedBy: string;
  decidedAt: Instant;
  /** Required when not eligible: the candidate is told why. */
  reason?: string;
}

/** A staff decision, validated: a named decider, a time, and a reason when the candidate is not eligible. */
export function eligibilityDecision(input: EligibilityDecision): EligibilityDecision {
  if (!input.decidedBy?.trim()) throw new DomainRuleError('invalid-decision', 'an eligibility decision needs the deciding staff member');
  instantToEpochMs(input.decidedAt);
  if (!input.eligible && !input.reason?.trim()) {
    throw new DomainRuleError('invalid-decision', 'a decision that the candidate is not eligible needs a reason the candidate can read');
  }
  return { ...input };
}
