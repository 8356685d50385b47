import { countsOf, cumulative, moments, type ScoreDistribution } from './distribution';
import { equipercentileFromCumulative } from './percentile';
import { linearResult, requireSpread, type EquatingResult } from './result';

/** Mean equating, random groups (K&B eq. 2.3): e(x) = x − μX + μY. */
export function meanEquating(x: ScoreDistribution, y: ScoreDistribution): EquatingResult {
  const cx = countsOf(x, 'x');
  const cy = countsOf(y, 'y');
  const mx = moments(cx);
  const my = moments(cy);
  return linearResult('mean', cx.min, cx.counts.length, 1, my.mean - mx.mean);
}

/** Linear equating, random groups (K&B eq. 2.6): slope σY/σX with n−1 variances. */
export function linearEquating(x: ScoreDistribution, y: ScoreDistribution): EquatingResult {
  const cx = countsOf(x, 'x');
  const cy = countsOf(y, 'y');
  const mx = moments(cx);
  const my = moments(cy);
  const slope = Math.sqrt(
    requireSpread(my.variance, 'the variance of y') / requireSpread(mx.variance, 'the variance of x'),
  );
  return linearResult('linear', cx.min, cx.counts.length, slope, my.mean - slope * mx.mean);
}

/** Equipercentile equating without smoothing, random groups (K&B §2.4–2.5). */
export function equipercentileEquating(x: ScoreDistribution, y: ScoreDistribution): EquatingResult {
  const cx = countsOf(x, 'x');
  const cy = countsOf(y, 'y');
  const equated = equipercentileFromCumulative(cumulative(cx.counts), cumulative(cy.counts), cy.min);
  return { method: 'equipercentile', xMin: cx.min, equated };
}
