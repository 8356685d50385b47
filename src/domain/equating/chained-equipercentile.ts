import { anchorMargin, requireSameAnchorScale, totalMargin, type Bivariate } from './bivariate';
import { cumulative } from './distribution';
import { percentilePoint, percentileRankAt, percentileRanks } from './percentile';
import type { EquatingResult } from './result';

/**
 * Chained equipercentile equating (K&B §5.3): X → V equipercentile in the new-form group, then
 * the continuized anchor score → Y equipercentile in the reference group.
 */
export function chainedEquipercentileEquating(x: Bivariate, y: Bivariate): EquatingResult {
  requireSameAnchorScale(x, y);
  const FX1 = cumulative(totalMargin(x).counts);
  const FV1 = cumulative(anchorMargin(x).counts);
  const FV2 = cumulative(anchorMargin(y).counts);
  const FY2 = cumulative(totalMargin(y).counts);
  const P = percentileRanks(FX1);
  const equated = new Array<number>(P.length);
  for (let i = 0; i < P.length; i++) {
    const v = percentilePoint(FV1, x.anchorMin, P[i]!);
    equated[i] = percentilePoint(FY2, y.totalMin, percentileRankAt(FV2, y.anchorMin, v));
  }
  return { method: 'chained-equipercentile', xMin: x.totalMin, equated };
}
