import { examFor, parseProgram, type Program } from './catalog';
import { DomainRuleError } from './errors';
import { defaultPolicy, type Policy } from './policy';

export interface ConversionSpec {
  /** The lowest passing raw score on this form (carried from the reference form by equating). */
  rawCut: number;
  /** The highest raw score possible on this form (number of scored items). */
  maxRaw: number;
  passingScaled: number;
  scaleMin: number;
  scaleMax: number;
}

function whole(
  value: number,
  name: string,
  min: number,
  max: number,
  code: 'raw-out-of-range' | 'raw-cut-out-of-range' | 'max-raw-out-of-range' | 'invalid-scale',
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DomainRuleError(code, `${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

function checkSpec(spec: ConversionSpec): void {
  whole(spec.maxRaw, 'the maximum raw score', 1, Number.MAX_SAFE_INTEGER, 'max-raw-out-of-range');
  whole(spec.rawCut, 'the raw cut', 1, spec.maxRaw, 'raw-cut-out-of-range');
  if (
    ![spec.scaleMin, spec.passingScaled, spec.scaleMax].every(Number.isInteger) ||
    !(spec.scaleMin < spec.passingScaled && spec.passingScaled < spec.scaleMax)
  ) {
    throw new DomainRuleError(
      'invalid-scale',
      `the scale needs whole numbers with min < passing < max, got ${spec.scaleMin} < ${spec.passingScaled} < ${spec.scaleMax}`,
    );
  }
}

/** Round-half-up of a/b for non-negative integers, exactly (no floating point at the .5 boundary). */
function roundedQuotient(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

function convert(raw: number, spec: ConversionSpec): number {
  const { rawCut, maxRaw, passingScaled, scaleMin, scaleMax } = spec;
  if (raw >= rawCut) {
    // Linear from (cut, passing) to (maxRaw, scaleMax); a raw at or above the cut never scales below passing.
    if (maxRaw === rawCut) return passingScaled;
    return passingScaled + roundedQuotient((scaleMax - passingScaled) * (raw - rawCut), maxRaw - rawCut);
  }
  // Linear from (0, scaleMin) to (cut, passing), then held below passing so rounding cannot turn a fail into a pass.
  const scaled = scaleMin + roundedQuotient((passingScaled - scaleMin) * raw, rawCut);
  return Math.min(scaled, passingScaled - 1);
}

/**
 * docs/architecture.md: "a conversion maps raw scores to the reporting scale so the raw cut lands exactly on the passing
 * scaled score and no raw score below it rounds up to a pass". Piecewise linear, rounded, non-decreasing.
 */
export function scaleRawScore(raw: number, spec: ConversionSpec): number {
  checkSpec(spec);
  whole(raw, 'the raw score', 0, spec.maxRaw, 'raw-out-of-range');
  return convert(raw, spec);
}

/** The whole conversion table: entry r is the scaled score of raw score r (0 … maxRaw). Plain JSON. */
export function conversionTable(spec: ConversionSpec): number[] {
  checkSpec(spec);
  return Array.from({ length: spec.maxRaw + 1 }, (_, raw) => convert(raw, spec));
}

/** A program's conversion spec for a form: passing score and scale range from the policy. */
export function conversionSpecFor(
  program: Program,
  form: { rawCut: number; maxRaw: number },
  policy: Policy = defaultPolicy,
): ConversionSpec {
  const exam = examFor(parseProgram(program));
  whole(
    form.maxRaw,
    `the maximum raw score of a ${exam.program} form (at most its ${exam.items} items)`,
    1,
    exam.items,
    'max-raw-out-of-range',
  );
  const range = policy.scaledScoreRange[exam.program];
  return {
    rawCut: form.rawCut,
    maxRaw: form.maxRaw,
    passingScaled: policy.passingScaledScore[exam.program],
    scaleMin: range.min,
    scaleMax: range.max,
  };
}

export interface ScaledScore {
  scaled: number;
  passed: boolean;
}

/** FAQ: "The passing scaled score will be 400 for the CPCS® exam and 450 for the CPMSM® exam." */
export function toScaledScore(
  input: { program: Program; raw: number; rawCut: number; maxRaw: number },
  policy: Policy = defaultPolicy,
): ScaledScore {
  const spec = conversionSpecFor(input.program, input, policy);
  const scaled = scaleRawScore(input.raw, spec);
  return { scaled, passed: scaled >= spec.passingScaled };
}
