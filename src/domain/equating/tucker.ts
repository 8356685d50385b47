import type { Bivariate } from './bivariate';
import type { EquatingResult } from './result';
import { checkWeight, neatMoments, syntheticLinear } from './synthetic';

/** Tucker linear equating (K&B §4.1): γ is the regression slope of total on anchor in each group. */
export function tuckerEquating(x: Bivariate, y: Bivariate, options: { w1?: number } = {}): EquatingResult {
  const w1 = checkWeight(options.w1);
  const { g1, g2 } = neatMoments(x, y);
  return syntheticLinear('tucker', x, g1, g2, g1.covTV / g1.varV, g2.covTV / g2.varV, w1);
}
