import { DomainRuleError } from '../errors';
import { bivariateFromScores, type GroupScores } from '../equating/bivariate';
import { carryRawCut, type CarriedCut } from '../equating/cut';
import { equateNeatTables } from '../equating/equate';
import type { EquatingResult, NeatMethod } from '../equating/result';
import { undecidedItems, type ItemFlag } from './item-flags';
import { scoreResponses, type RawScores } from './raw-score';
import { checkMatrix, type ItemMeta, type ResponseMatrix } from './response-matrix';
import { buildScoringKey, type KeyDecision, type ScoringKey } from './scoring-key';

export interface NewFormEquatingInput {
  readonly matrix: ResponseMatrix;
  readonly items: readonly ItemMeta[];
  readonly decisions: readonly KeyDecision[];
  /** When given, every flagged item must have a decision before anything is scored. */
  readonly flags?: readonly ItemFlag[];
  /** Reference-form group: raw and anchor score per examinee, the anchor scored on the same surviving common items. */
  readonly reference: GroupScores;
  readonly referenceMaxRaw: number;
  /** Raw cut on the reference form, carried to the new form. */
  readonly referenceRawCut: number;
  readonly method: NeatMethod;
  readonly w1?: number;
}

export interface NewFormEquating {
  readonly key: ScoringKey;
  readonly scores: RawScores;
  readonly equating: EquatingResult;
  /** The raw cut on the new form; converting raw to scaled scores is the caller's rules engine. */
  readonly cut: CarriedCut;
}

/** After key validation: rescore the new form, equate it to the reference form through the anchor, carry the cut. */
export function equateNewForm(input: NewFormEquatingInput): NewFormEquating {
  checkMatrix(input.matrix, input.items);
  if (input.flags) {
    const missing = undecidedItems(input.flags, input.decisions);
    if (missing.length > 0)
      throw new DomainRuleError('invalid-decision', `flagged items without a decision: ${missing.join(', ')}`);
  }
  const key = buildScoringKey(input.items, input.decisions);
  if (key.maxAnchor === 0)
    throw new DomainRuleError('invalid-decision', 'no anchor item counts on the new form; equating needs common items');
  const scores = scoreResponses(input.matrix, key);
  const anchorScale = [0, key.maxAnchor] as const;
  const x = bivariateFromScores(scores, [0, key.maxRaw], anchorScale, 'new form');
  const y = bivariateFromScores(input.reference, [0, input.referenceMaxRaw], anchorScale, 'reference form');
  const equating = equateNeatTables(input.method, x, y, input.w1 ?? 1);
  return { key, scores, equating, cut: carryRawCut(equating, input.referenceRawCut) };
}
