// Classical item analysis, key validation and raw scoring over a typed response matrix: pure, no I/O.
export { equateNewForm } from './equate-new-form';
export type { NewFormEquating, NewFormEquatingInput } from './equate-new-form';
export { analyzeItems } from './item-analysis';
export type { ItemAnalysis, ItemAnalysisOptions, ItemStatistics, OptionFigures } from './item-analysis';
export { DEFAULT_FLAG_THRESHOLDS, flagItems, flagReasons, undecidedItems } from './item-flags';
export type { FlagReason, FlagThresholds, ItemFlag } from './item-flags';
export { scoreFrequencies, scoreResponses } from './raw-score';
export type { RawScores } from './raw-score';
export {
  checkMatrix,
  checkShape,
  isOption,
  OMITTED,
  OPTION_A,
  OPTION_B,
  OPTION_C,
  OPTION_LETTERS,
  RESPONSE_SLOT,
} from './response-matrix';
export type { ItemMeta, Option, ResponseMatrix } from './response-matrix';
export { buildScoringKey } from './scoring-key';
export type { KeyDecision, ScoringKey } from './scoring-key';
