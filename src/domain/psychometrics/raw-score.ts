import { checkShape, RESPONSE_SLOT, type ResponseMatrix } from './response-matrix';
import type { ScoringKey } from './scoring-key';

/** Raw (number-correct on counting items) and anchor scores, one per examinee. */
export interface RawScores {
  readonly total: Int32Array;
  readonly anchor: Int32Array;
}

/** Scores every examinee in one pass; a packed table adds the total and the anchor score at once. */
export function scoreResponses(matrix: ResponseMatrix, key: ScoringKey): RawScores {
  checkShape(matrix, key.items);
  const { examinees, items, responses } = matrix;
  const table = key.table;
  const slot = RESPONSE_SLOT;
  const total = new Int32Array(examinees);
  const anchor = new Int32Array(examinees);
  for (let e = 0, base = 0; e < examinees; e++, base += items) {
    let s = 0;
    for (let i = 0; i < items; i++) s += table[(i << 2) | slot[responses[base + i]!]!]!;
    total[e] = s & 0xffff;
    anchor[e] = s >>> 16;
  }
  return { total, anchor };
}

/** Frequency of each raw score 0..max. */
export function scoreFrequencies(scores: Int32Array, max: number): number[] {
  const counts = new Array<number>(max + 1).fill(0);
  for (let e = 0; e < scores.length; e++) counts[scores[e]!]! += 1;
  return counts;
}
