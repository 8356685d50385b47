import { DomainRuleError } from '../errors';

/** A frequency distribution on consecutive integer scores: counts[i] examinees scored scale[i]. */
export interface ScoreDistribution {
  readonly scale: readonly number[];
  readonly counts: readonly number[];
}

/** Counts on the index scale 0..length-1; score = min + index. Every method works on this form. */
export interface Counts {
  readonly min: number;
  readonly counts: Float64Array;
  /** Sum of counts: the n of the n−1 variance. */
  readonly n: number;
}

/** Checks a scale/counts pair and returns it on the index scale; `name` goes into the message. */
export function countsOf(dist: ScoreDistribution, name: string): Counts {
  const { scale, counts } = dist;
  if (scale.length === 0) throw new DomainRuleError('invalid-scale', `${name}.scale is empty`);
  if (counts.length !== scale.length) {
    throw new DomainRuleError(
      'invalid-scale',
      `${name}.counts has ${counts.length} entries but ${name}.scale has ${scale.length}; give one count per score`,
    );
  }
  const min = scale[0]!;
  for (let i = 0; i < scale.length; i++) {
    if (scale[i] !== min + i || !Number.isInteger(scale[i])) {
      throw new DomainRuleError(
        'invalid-scale',
        `${name}.scale must be consecutive integers (step 1); entry ${i} is ${scale[i]}`,
      );
    }
  }
  const out = new Float64Array(counts.length);
  let n = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (!Number.isFinite(c) || c < 0) {
      throw new DomainRuleError(
        'invalid-number',
        `${name}.counts[${i}] is ${c}; counts must be finite and not negative`,
      );
    }
    out[i] = c;
    n += c;
  }
  if (!(n > 0)) throw new DomainRuleError('invalid-number', `${name}.counts are all zero; no examinees to equate`);
  return { min, counts: out, n };
}

/** Cumulative proportions F(x); the last entry is exactly 1 so inverses always land inside the scale. */
export function cumulative(counts: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  const F = new Float64Array(counts.length);
  let running = 0;
  for (let i = 0; i < counts.length; i++) {
    running += counts[i]!;
    F[i] = running / total;
  }
  if (F.length > 0) F[F.length - 1] = 1;
  return F;
}

export interface Moments {
  readonly n: number;
  readonly mean: number;
  /** Sample variance, divisor n−1 (the convention). */
  readonly variance: number;
  readonly sd: number;
}

/** Mean and n−1 variance of a distribution on the score scale. */
export function moments(d: Counts): Moments {
  let sum = 0;
  for (let i = 0; i < d.counts.length; i++) sum += d.counts[i]! * (d.min + i);
  const mean = sum / d.n;
  // Deviations from the mean (two passes) keep the variance exact for large scores.
  let ss = 0;
  for (let i = 0; i < d.counts.length; i++) {
    const dev = d.min + i - mean;
    ss += d.counts[i]! * dev * dev;
  }
  const variance = d.n > 1 ? ss / (d.n - 1) : Number.NaN;
  return { n: d.n, mean, variance, sd: Math.sqrt(variance) };
}
