import type { Bivariate } from './bivariate';
import type { EquatingResult } from './result';
import { linearResult } from './result';
import { neatMoments } from './synthetic';

/** Chained linear equating (K&B §4.3): X → V in the new-form group, then V → Y in the reference group. */
export function chainedLinearEquating(x: Bivariate, y: Bivariate): EquatingResult {
  const { g1, g2 } = neatMoments(x, y);
  const slopeXV = Math.sqrt(g1.varV / g1.varT);
  const slopeVY = Math.sqrt(g2.varT / g2.varV);
  const slope = slopeXV * slopeVY;
  const intercept = g2.meanT + slopeVY * (g1.meanV - slopeXV * g1.meanT - g2.meanV);
  return linearResult('chained-linear', x.totalMin, x.totalCount, slope, intercept);
}
