// Continuization of discrete scores (Kolen & Brennan 2014, §2.4): score x covers [x − .5, x + .5).

/** Tolerance under which a proportion counts as 0 or 1 (Equating Recipes uses 1e-8). */
const EDGE = 1e-10;
/** Tolerance for F(y) = p ties, so rounding noise never picks a different score. */
const TIE = 1e-12;

/** Percentile ranks as proportions: P(x) = F(x − 1) + f(x)/2 (K&B eq. 2.14, divided by 100). */
export function percentileRanks(F: Float64Array): Float64Array {
  const P = new Float64Array(F.length);
  for (let i = 0; i < F.length; i++) {
    const below = i > 0 ? F[i - 1]! : 0;
    P[i] = below + (F[i]! - below) / 2;
  }
  return P;
}

/** Percentile rank (proportion) of any real score on a continuized scale starting at `min`. */
export function percentileRankAt(F: Float64Array, min: number, x: number): number {
  const t = x - min;
  if (t < -0.5) return 0;
  if (t >= F.length - 0.5) return 1;
  const k = Math.floor(t + 0.5);
  const below = k > 0 ? F[k - 1]! : 0;
  return below + (t - (k - 0.5)) * (F[k]! - below);
}

/**
 * Inverse of the percentile rank: the score whose rank is p (a proportion).
 * The average of the upper (K&B eq. 2.15/2.18) and lower (eq. 2.16) percentile points, which
 * differ only where frequencies are zero; at p = 0 the bottom of the scale (K&B), at p = 1 the edge rule of
 * Equating Recipes. Equivalents outside the reported scores are clamped later, by the conversion.
 */
export function percentilePoint(F: Float64Array, min: number, p: number): number {
  const n = F.length;
  // K&B §2.4: a percentile rank of 0 is the bottom of the continuized scale, half a point below its lowest score.
  if (p <= EDGE) return min - 0.5;
  if (p >= 1 - EDGE) {
    // Upper point is the top of the scale; lower point is the top of the last non-empty score.
    let j = n - 1;
    while (j >= 0 && !(F[j]! < 1 - EDGE)) j--;
    return min + (n - 0.5 + (j + 1.5)) / 2;
  }
  // Upper: the smallest score whose cumulative proportion exceeds p.
  let i = 0;
  while (i < n - 1 && !(F[i]! > p + TIE)) i++;
  const belowU = i > 0 ? F[i - 1]! : 0;
  const upper = F[i]! > belowU ? (p - belowU) / (F[i]! - belowU) + i - 0.5 : i - 0.5;
  // Lower: the largest score whose cumulative proportion is under p (−1 = below the scale, F = 0).
  let j = n - 1;
  while (j >= 0 && !(F[j]! < p - TIE)) j--;
  const atJ = j >= 0 ? F[j]! : 0;
  const next = F[j + 1]!;
  const lower = next > atJ ? (p - atJ) / (next - atJ) + j + 0.5 : j + 0.5;
  return min + (upper + lower) / 2;
}

/** Equipercentile equivalents on the Y scale of every X score, from X's and Y's cumulative proportions. */
export function equipercentileFromCumulative(FX: Float64Array, FY: Float64Array, yMin: number): number[] {
  const P = percentileRanks(FX);
  const out = new Array<number>(P.length);
  for (let i = 0; i < P.length; i++) out[i] = percentilePoint(FY, yMin, P[i]!);
  return out;
}
