import { DomainRuleError } from '../errors';
import { checkShape, RESPONSE_SLOT, type ResponseMatrix } from './response-matrix';
import type { ScoringKey } from './scoring-key';

/** Per-option figures in the order A, B, C, omitted. */
export type OptionFigures = readonly [number, number, number, number];

export interface ItemStatistics {
  readonly index: number;
  /** Proportion of examinees choosing the key in force. */
  readonly p: number;
  /** Corrected point-biserial: item vs total excluding the item (null when either has no variance). */
  readonly pointBiserial: number | null;
  /** Share of all examinees choosing each option. */
  readonly optionRates: OptionFigures;
  /** Share of the upper / lower score group choosing each option. */
  readonly upperRates: OptionFigures;
  readonly lowerRates: OptionFigures;
  /** Mean raw score of the examinees choosing each option (null if nobody did). */
  readonly optionMeanScores: readonly [number | null, number | null, number | null, number | null];
  /** Upper-group minus lower-group proportion correct. */
  readonly discrimination: number;
}

export interface ItemAnalysis {
  readonly examinees: number;
  readonly maxRaw: number;
  readonly meanRaw: number;
  /** n−1 standard deviation of the raw scores. */
  readonly sdRaw: number;
  /** KR-20 reliability of the raw score (null when undefined). */
  readonly kr20: number | null;
  readonly groupFraction: number;
  readonly items: ItemStatistics[];
}

export interface ItemAnalysisOptions {
  /** Size of the upper and lower groups as a share of examinees (Kelley's 27%). */
  readonly groupFraction?: number;
}

/**
 * Item analysis in one pass over the matrix: each row is scored, then its cells are counted by
 * (raw score, item, option). Every statistic (p, point-biserials, group rates) comes from those counts.
 */
export function analyzeItems(matrix: ResponseMatrix, key: ScoringKey, options: ItemAnalysisOptions = {}): ItemAnalysis {
  const groupFraction = options.groupFraction ?? 0.27;
  if (!(groupFraction > 0 && groupFraction <= 0.5)) {
    throw new DomainRuleError('invalid-number', `groupFraction is ${groupFraction}; use a share in (0, 0.5]`);
  }
  checkShape(matrix, key.items);
  const { examinees: N, items: I, responses } = matrix;
  const table = key.table;
  const slot = RESPONSE_SLOT;
  // Slots of the current row, kept so the counting loop does not look them up twice.
  const rowSlots = new Uint8Array(I);
  const levels = key.maxRaw + 1;
  const stride = I * 4;
  const cells = new Uint32Array(levels * stride);
  const hist = new Float64Array(levels);
  for (let e = 0, base = 0; e < N; e++, base += I) {
    let s = 0;
    for (let i = 0; i < I; i++) {
      const o = slot[responses[base + i]!]!;
      rowSlots[i] = o;
      s += table[(i << 2) | o]!;
    }
    const t = s & 0xffff;
    hist[t]! += 1;
    const row = t * stride;
    for (let i = 0; i < I; i++) cells[row + (i << 2) + rowSlots[i]!]! += 1;
  }
  return summarize(cells, hist, key, N, groupFraction);
}

/** Weights of each raw-score level in the upper or lower group, the boundary level taken in part. */
function groupWeights(hist: Float64Array, size: number, fromTop: boolean): Float64Array {
  const w = new Float64Array(hist.length);
  let need = size;
  for (let k = 0; k < hist.length && need > 0; k++) {
    const t = fromTop ? hist.length - 1 - k : k;
    const h = hist[t]!;
    if (h === 0) continue;
    const take = Math.min(h, need);
    w[t] = take / h;
    need -= take;
  }
  return w;
}

function summarize(
  cells: Uint32Array,
  hist: Float64Array,
  key: ScoringKey,
  N: number,
  groupFraction: number,
): ItemAnalysis {
  const I = key.items;
  const levels = hist.length;
  const stride = I * 4;
  let sumT = 0;
  let sumT2 = 0;
  for (let t = 0; t < levels; t++) {
    sumT += t * hist[t]!;
    sumT2 += t * t * hist[t]!;
  }
  const meanRaw = sumT / N;
  const varRaw = N > 1 ? (sumT2 - (sumT * sumT) / N) / (N - 1) : Number.NaN;
  const size = groupFraction * N;
  const upperW = groupWeights(hist, size, true);
  const lowerW = groupWeights(hist, size, false);
  const items: ItemStatistics[] = [];
  let sumPQ = 0;
  for (let i = 0; i < I; i++) {
    const n = [0, 0, 0, 0];
    const sT = [0, 0, 0, 0];
    const up = [0, 0, 0, 0];
    const low = [0, 0, 0, 0];
    for (let t = 0; t < levels; t++) {
      const at = t * stride + i * 4;
      for (let o = 0; o < 4; o++) {
        const c = cells[at + o]!;
        n[o]! += c;
        sT[o]! += t * c;
        up[o]! += c * upperW[t]!;
        low[o]! += c * lowerW[t]!;
      }
    }
    const k = key.key[i]!;
    const nk = n[k]!;
    const p = nk / N;
    if (key.counts[i]) sumPQ += p * (1 - p);
    const rate = (v: number[], d: number): OptionFigures => [v[0]! / d, v[1]! / d, v[2]! / d, v[3]! / d];
    const mean = (o: number): number | null => (n[o]! > 0 ? sT[o]! / n[o]! : null);
    items.push({
      index: i,
      p,
      pointBiserial: correctedPointBiserial(N, nk, sT[k]!, sumT, sumT2, key.counts[i] === 1),
      optionRates: rate(n, N),
      upperRates: rate(up, size),
      lowerRates: rate(low, size),
      optionMeanScores: [mean(0), mean(1), mean(2), mean(3)],
      discrimination: (up[k]! - low[k]!) / size,
    });
  }
  const K = key.maxRaw;
  const kr20 = K > 1 && varRaw > 0 ? (K / (K - 1)) * (1 - sumPQ / varRaw) : null;
  return { examinees: N, maxRaw: K, meanRaw, sdRaw: Math.sqrt(varRaw), kr20, groupFraction, items };
}

/**
 * Pearson r between the 0/1 item score u and the criterion C = T − u (T when the item does not count),
 * from sums: Σu = nk, ΣuT, ΣT, ΣT².
 */
function correctedPointBiserial(
  N: number,
  nk: number,
  sumUT: number,
  sumT: number,
  sumT2: number,
  counts: boolean,
): number | null {
  const own = counts ? 1 : 0;
  const sumUC = sumUT - own * nk;
  const sumC = sumT - own * nk;
  const sumC2 = sumT2 - own * (2 * sumUT - nk);
  const cov = N * sumUC - nk * sumC;
  const varU = N * nk - nk * nk;
  const varC = N * sumC2 - sumC * sumC;
  if (!(varU > 0) || !(varC > 0)) return null;
  return cov / Math.sqrt(varU * varC);
}
