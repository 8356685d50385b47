import { DomainRuleError } from '../errors';
import { anchorMargin, requireSameAnchorScale, totalMargin, type Bivariate } from './bivariate';
import { cumulative } from './distribution';
import { equipercentileFromCumulative } from './percentile';
import type { EquatingResult } from './result';
import { checkWeight } from './synthetic';

/**
 * Total-score proportions of `own` carried to the other group through the anchor:
 * Σ_v f(t | v) h_other(v) (K&B eqs. 5.4–5.7). Anchor scores nobody in `own` obtained have no
 * conditional distribution; their share of h_other is dropped and the rest renormalized.
 */
function carriedThroughAnchor(own: Bivariate, otherAnchor: Float64Array, otherN: number, name: string): Float64Array {
  const h = anchorMargin(own).counts;
  const out = new Float64Array(own.totalCount);
  let kept = 0;
  for (let v = 0; v < own.anchorCount; v++) {
    if (h[v]! === 0 || otherAnchor[v]! === 0) continue;
    const weight = otherAnchor[v]! / otherN / h[v]!;
    kept += otherAnchor[v]! / otherN;
    for (let t = 0; t < own.totalCount; t++) out[t]! += own.counts[t * own.anchorCount + v]! * weight;
  }
  if (!(kept > 0)) {
    throw new DomainRuleError(
      'invalid-range',
      `no anchor score is shared by both groups, so ${name} cannot be carried across`,
    );
  }
  for (let t = 0; t < out.length; t++) out[t] = out[t]! / kept;
  return out;
}

/** Frequency-estimation equipercentile equating in the synthetic population (K&B §5.1). */
export function frequencyEstimationEquating(x: Bivariate, y: Bivariate, options: { w1?: number } = {}): EquatingResult {
  const w1 = checkWeight(options.w1);
  const w2 = 1 - w1;
  requireSameAnchorScale(x, y);
  const h1 = anchorMargin(x).counts;
  const h2 = anchorMargin(y).counts;
  const f1 = totalMargin(x).counts;
  const g2 = totalMargin(y).counts;
  const f2 = carriedThroughAnchor(x, h2, y.n, 'x');
  const g1 = carriedThroughAnchor(y, h1, x.n, 'y');
  const fs = new Float64Array(f1.length);
  for (let t = 0; t < fs.length; t++) fs[t] = w1 * (f1[t]! / x.n) + w2 * f2[t]!;
  const gs = new Float64Array(g2.length);
  for (let t = 0; t < gs.length; t++) gs[t] = w1 * g1[t]! + w2 * (g2[t]! / y.n);
  const equated = equipercentileFromCumulative(cumulative(fs), cumulative(gs), y.totalMin);
  return { method: 'frequency-estimation', xMin: x.totalMin, equated };
}
