import type { Bivariate } from './bivariate';
import type { EquatingResult } from './result';
import { checkWeight, neatMoments, requireCovariance, syntheticLinear } from './synthetic';

export interface LevineOptions {
  readonly w1?: number;
  /** Internal anchor (its items count in the total, the default) or external (K&B eqs. 4.38–4.39 vs 4.40–4.41). */
  readonly anchor?: 'internal' | 'external';
}

/** Levine observed-score linear equating under congeneric true scores (K&B §4.2). */
export function levineEquating(x: Bivariate, y: Bivariate, options: LevineOptions = {}): EquatingResult {
  const w1 = checkWeight(options.w1);
  const { g1, g2 } = neatMoments(x, y);
  const c1 = requireCovariance(g1.covTV, 'x');
  const c2 = requireCovariance(g2.covTV, 'y');
  const internal = (options.anchor ?? 'internal') === 'internal';
  const gamma1 = internal ? g1.varT / c1 : (g1.varT + c1) / (g1.varV + c1);
  const gamma2 = internal ? g2.varT / c2 : (g2.varT + c2) / (g2.varV + c2);
  return syntheticLinear('levine', x, g1, g2, gamma1, gamma2, w1);
}
