import { DomainRuleError } from '../errors';

export type RandomGroupsMethod = 'mean' | 'linear' | 'equipercentile';
export type NeatMethod = 'tucker' | 'levine' | 'chained-linear' | 'frequency-estimation' | 'chained-equipercentile';
export type EquatingMethod = RandomGroupsMethod | NeatMethod;

/** Y-scale equivalents of every X score from xMin upward; slope and intercept for linear methods only. */
export interface EquatingResult {
  readonly method: EquatingMethod;
  readonly xMin: number;
  readonly equated: number[];
  readonly slope?: number;
  readonly intercept?: number;
}

/** The line y = slope·x + intercept evaluated at every X score. */
export function linearResult(
  method: EquatingMethod,
  xMin: number,
  xCount: number,
  slope: number,
  intercept: number,
): EquatingResult {
  if (!Number.isFinite(slope) || !Number.isFinite(intercept)) {
    throw new DomainRuleError(
      'invalid-number',
      `${method} equating is undefined for these data (a variance or covariance is zero)`,
    );
  }
  const equated = new Array<number>(xCount);
  for (let i = 0; i < xCount; i++) equated[i] = slope * (xMin + i) + intercept;
  return { method, xMin, equated, slope, intercept };
}

/** Variance that a linear method divides by: must be positive and finite. */
export function requireSpread(value: number, what: string): number {
  if (value < 0) {
    // Only synthetic variances can go negative: the groups differ too much on the anchor for the method.
    throw new DomainRuleError(
      'invalid-number',
      `${what} is negative (${value}); the groups differ too much on the anchor for this method, try chained linear`,
    );
  }
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new DomainRuleError(
      'invalid-number',
      `${what} is ${Number.isNaN(value) ? 'undefined' : value}; linear equating needs scores that vary`,
    );
  }
  return value;
}
