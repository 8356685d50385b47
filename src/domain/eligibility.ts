import { isProgram, type Program } from './catalog';
import { addDays, addMonths, compareCivilDates, daysBetween, isCivilDate, type CivilDate } from './civil-date';
import { reasonProblem } from './decision-reasons';
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

/** One thing to fix, at a path of the attestation (`employment.0.employer`), in words a candidate can act on. */
export interface AttestationProblem {
  path: string;
  /** Where in a flat list of problems: "employment 1", or absent for the attestation as a whole. */
  at?: string;
  message: string;
}

const TEXT_MAX = 200;
const DUTIES_MAX = 2000;
export const EMPLOYMENT_PERIODS_MAX = 10;

/** Everything wrong with an attestation, field by field (empty when complete). */
export function attestationFieldProblems(attestation: EligibilityAttestation, today: CivilDate): AttestationProblem[] {
  const problems: AttestationProblem[] = [];
  const add = (path: string, message: string, at?: string) => problems.push({ path, message, ...(at ? { at } : {}) });
  if (!isProgram(attestation.program)) add('program', 'program must be CPCS or CPMSM');
  if (typeof attestation.currentlyEmployedInMedicalServices !== 'boolean')
    add('currentlyEmployed', 'say whether you work in the medical services field now');
  if (!Array.isArray(attestation.employment) || attestation.employment.length === 0) {
    add('employment', 'list at least one employment period');
  } else if (attestation.employment.length > EMPLOYMENT_PERIODS_MAX) {
    add('employment', `list at most ${EMPLOYMENT_PERIODS_MAX} employment periods`);
  } else {
    attestation.employment.forEach((period, i) => periodProblems(period, i, today).forEach((p) => problems.push(p)));
  }
  if (!attestation.affirmed) add('affirmed', 'the candidate must affirm that the statements are true');
  if (typeof attestation.signedBy !== 'string' || !attestation.signedBy.trim())
    add('signedBy', 'the attestation must be signed with the candidate’s full name');
  else if (attestation.signedBy.length > TEXT_MAX)
    add('signedBy', `the signature must be at most ${TEXT_MAX} characters`);
  try {
    instantToEpochMs(attestation.signedAt);
  } catch {
    add('signedAt', 'signedAt must be an ISO 8601 instant');
  }
  return problems;
}

function periodProblems(period: EmploymentPeriod, i: number, today: CivilDate): AttestationProblem[] {
  const at = `employment ${i + 1}`;
  const out: AttestationProblem[] = [];
  const add = (field: string, message: string) => out.push({ path: `employment.${i}.${field}`, at, message });
  const text = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
  if (!text(period?.employer)) add('employer', 'name the employer');
  else if (period.employer.length > TEXT_MAX)
    add('employer', `the employer's name must be at most ${TEXT_MAX} characters`);
  if (!text(period?.title)) add('title', 'give the job title');
  else if (period.title.length > TEXT_MAX) add('title', `the job title must be at most ${TEXT_MAX} characters`);
  if (!isCivilDate(period?.from)) add('from', '"from" must be a date YYYY-MM-DD');
  else if (compareCivilDates(period.from, today) > 0) add('from', `"from" (${period.from}) is in the future`);
  if (period?.to !== undefined) {
    if (!isCivilDate(period.to)) add('to', '"to" must be a date YYYY-MM-DD, or left out for a current job');
    else if (isCivilDate(period.from) && compareCivilDates(period.to, period.from) < 0)
      add('to', `"to" (${period.to}) is before "from" (${period.from})`);
    else if (compareCivilDates(period.to, today) > 0)
      add('to', `"to" (${period.to}) is in the future; leave it out for a current job`);
  }
  if (!Array.isArray(period?.duties) || period.duties.every((d) => typeof d !== 'string' || !d.trim()))
    add('duties', 'describe the duties');
  else if (period.duties.some((d) => typeof d !== 'string') || period.duties.join('\n').length > DUTIES_MAX)
    add('duties', `describe the duties as text of at most ${DUTIES_MAX} characters`);
  return out;
}

/** Everything wrong with an attestation, one actionable message each (empty when complete). */
export function attestationProblems(attestation: EligibilityAttestation, today: CivilDate): string[] {
  const problems = attestationFieldProblems(attestation, today);
  // The program comes first, as it always has; the rest in the order of the form.
  const order = (p: AttestationProblem) =>
    p.path === 'program' ? 0 : p.path.startsWith('employment') ? 2 : p.path === 'currentlyEmployed' ? 0.5 : 1;
  return [...problems].sort((a, b) => order(a) - order(b)).map((p) => (p.at ? `${p.at}: ${p.message}` : p.message));
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
  if (!input.decidedBy?.trim())
    throw new DomainRuleError('invalid-decision', 'an eligibility decision needs the deciding staff member');
  instantToEpochMs(input.decidedAt);
  const problem = reasonProblem({ decision: input.eligible ? 'approve' : 'reject', reason: input.reason });
  if (problem) throw new DomainRuleError('invalid-decision', problem);
  return { ...input };
}
