import { DomainRuleError } from '../errors';
import type { Counts } from './distribution';

/** One group of a NEAT design: a total and an anchor score per examinee. */
export interface GroupScores {
  readonly total: ArrayLike<number>;
  readonly anchor: ArrayLike<number>;
}

/** Inclusive integer score range [min, max]. */
export type ScoreRange = readonly [number, number];

/** Joint counts of total × anchor scores, row-major: counts[(t − totalMin)·anchorCount + (v − anchorMin)]. */
export interface Bivariate {
  readonly totalMin: number;
  readonly totalCount: number;
  readonly anchorMin: number;
  readonly anchorCount: number;
  readonly counts: Float64Array;
  readonly n: number;
}

function checkRange(range: ScoreRange, name: string): void {
  const [min, max] = range;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
    throw new DomainRuleError(
      'invalid-range',
      `${name} must be [min, max] with integers min ≤ max; got [${min}, ${max}]`,
    );
  }
}

/** Tabulates per-examinee scores; every score must be an integer inside its range. */
export function bivariateFromScores(
  group: GroupScores,
  totalScale: ScoreRange,
  anchorScale: ScoreRange,
  name: string,
): Bivariate {
  checkRange(totalScale, 'totalScale');
  checkRange(anchorScale, 'anchorScale');
  const { total, anchor } = group;
  if (total.length !== anchor.length) {
    throw new DomainRuleError(
      'invalid-range',
      `${name}.total has ${total.length} scores but ${name}.anchor has ${anchor.length}; give one of each per examinee`,
    );
  }
  if (total.length === 0) throw new DomainRuleError('invalid-range', `${name} has no examinees`);
  const [tMin, tMax] = totalScale;
  const [vMin, vMax] = anchorScale;
  const anchorCount = vMax - vMin + 1;
  const counts = new Float64Array((tMax - tMin + 1) * anchorCount);
  for (let e = 0; e < total.length; e++) {
    const t = total[e]!;
    const v = anchor[e]!;
    if (!Number.isInteger(t) || t < tMin || t > tMax) {
      throw new DomainRuleError(
        'invalid-range',
        `${name}.total[${e}] is ${t}; total scores must be integers in totalScale [${tMin}, ${tMax}]`,
      );
    }
    if (!Number.isInteger(v) || v < vMin || v > vMax) {
      throw new DomainRuleError(
        'invalid-range',
        `${name}.anchor[${e}] is ${v}; anchor scores must be integers in anchorScale [${vMin}, ${vMax}]`,
      );
    }
    counts[(t - tMin) * anchorCount + (v - vMin)]! += 1;
  }
  return { totalMin: tMin, totalCount: tMax - tMin + 1, anchorMin: vMin, anchorCount, counts, n: total.length };
}

/** Marginal counts of the total score. */
export function totalMargin(b: Bivariate): Counts {
  const out = new Float64Array(b.totalCount);
  for (let t = 0; t < b.totalCount; t++) {
    let s = 0;
    for (let v = 0; v < b.anchorCount; v++) s += b.counts[t * b.anchorCount + v]!;
    out[t] = s;
  }
  return { min: b.totalMin, counts: out, n: b.n };
}

/** Marginal counts of the anchor score. */
export function anchorMargin(b: Bivariate): Counts {
  const out = new Float64Array(b.anchorCount);
  for (let t = 0; t < b.totalCount; t++) {
    for (let v = 0; v < b.anchorCount; v++) out[v]! += b.counts[t * b.anchorCount + v]!;
  }
  return { min: b.anchorMin, counts: out, n: b.n };
}

/** Means, n−1 variances and covariance of total (T) and anchor (V) in one group. */
export interface GroupMoments {
  readonly n: number;
  readonly meanT: number;
  readonly meanV: number;
  readonly varT: number;
  readonly varV: number;
  readonly covTV: number;
}

export function groupMoments(b: Bivariate): GroupMoments {
  let st = 0;
  let sv = 0;
  for (let t = 0; t < b.totalCount; t++) {
    for (let v = 0; v < b.anchorCount; v++) {
      const c = b.counts[t * b.anchorCount + v]!;
      st += c * (b.totalMin + t);
      sv += c * (b.anchorMin + v);
    }
  }
  const meanT = st / b.n;
  const meanV = sv / b.n;
  let stt = 0;
  let svv = 0;
  let stv = 0;
  for (let t = 0; t < b.totalCount; t++) {
    const dt = b.totalMin + t - meanT;
    for (let v = 0; v < b.anchorCount; v++) {
      const c = b.counts[t * b.anchorCount + v]!;
      const dv = b.anchorMin + v - meanV;
      stt += c * dt * dt;
      svv += c * dv * dv;
      stv += c * dt * dv;
    }
  }
  const d = b.n - 1;
  return {
    n: b.n,
    meanT,
    meanV,
    varT: d > 0 ? stt / d : Number.NaN,
    varV: d > 0 ? svv / d : Number.NaN,
    covTV: d > 0 ? stv / d : Number.NaN,
  };
}

/** The anchor is the same set of items in both groups, so both must use one anchor scale. */
export function requireSameAnchorScale(x: Bivariate, y: Bivariate): void {
  if (x.anchorMin !== y.anchorMin || x.anchorCount !== y.anchorCount) {
    throw new DomainRuleError('invalid-scale', 'x and y must be tabulated on the same anchorScale');
  }
}
