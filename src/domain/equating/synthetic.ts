import { DomainRuleError } from '../errors';
import { groupMoments, type Bivariate, type GroupMoments } from './bivariate';
import { linearResult, requireSpread, type EquatingResult, type NeatMethod } from './result';

/** Weight w1 of the new-form group in the synthetic population (w2 = 1 − w1); K&B default here is 1. */
export function checkWeight(w1: number | undefined): number {
  const w = w1 ?? 1;
  if (!Number.isFinite(w) || w < 0 || w > 1) {
    throw new DomainRuleError('invalid-number', `w1 is ${w1}; the synthetic weight must be between 0 and 1`);
  }
  return w;
}

/**
 * Linear equating in the synthetic population from the regression-like slopes γ1, γ2
 * (K&B eqs. 4.17–4.20); Tucker and Levine differ only in how they estimate γ.
 */
export function syntheticLinear(
  method: NeatMethod,
  x: Bivariate,
  g1: GroupMoments,
  g2: GroupMoments,
  gamma1: number,
  gamma2: number,
  w1: number,
): EquatingResult {
  const w2 = 1 - w1;
  const dMean = g1.meanV - g2.meanV;
  const dVar = g1.varV - g2.varV;
  const muX = g1.meanT - w2 * gamma1 * dMean;
  const muY = g2.meanT + w1 * gamma2 * dMean;
  const varX = g1.varT - w2 * gamma1 * gamma1 * dVar + w1 * w2 * gamma1 * gamma1 * dMean * dMean;
  const varY = g2.varT + w1 * gamma2 * gamma2 * dVar + w1 * w2 * gamma2 * gamma2 * dMean * dMean;
  const slope = Math.sqrt(
    requireSpread(varY, 'the synthetic variance of y') / requireSpread(varX, 'the synthetic variance of x'),
  );
  return linearResult(method, x.totalMin, x.totalCount, slope, muY - slope * muX);
}

/** Moments of both groups, checked for the spread every NEAT linear method needs. */
export function neatMoments(x: Bivariate, y: Bivariate): { g1: GroupMoments; g2: GroupMoments } {
  const g1 = groupMoments(x);
  const g2 = groupMoments(y);
  requireSpread(g1.varV, 'the anchor variance of x');
  requireSpread(g2.varV, 'the anchor variance of y');
  requireSpread(g1.varT, 'the total variance of x');
  requireSpread(g2.varT, 'the total variance of y');
  return { g1, g2 };
}

/** Levine divides by the total–anchor covariance; a non-positive one means the anchor does not measure the same thing. */
export function requireCovariance(cov: number, group: string): number {
  if (!(cov > 0)) {
    throw new DomainRuleError(
      'invalid-number',
      `the total–anchor covariance of ${group} is ${cov}; Levine equating needs a positive one`,
    );
  }
  return cov;
}
