import { DomainRuleError } from '../errors';
import { bivariateFromScores, type Bivariate, type GroupScores, type ScoreRange } from './bivariate';
import { chainedEquipercentileEquating } from './chained-equipercentile';
import { chainedLinearEquating } from './chained-linear';
import type { ScoreDistribution } from './distribution';
import { frequencyEstimationEquating } from './frequency-estimation';
import { levineEquating } from './levine';
import { equipercentileEquating, linearEquating, meanEquating } from './random-groups';
import type { EquatingResult, NeatMethod, RandomGroupsMethod } from './result';
import { tuckerEquating } from './tucker';

export const RANDOM_GROUPS_METHODS: readonly RandomGroupsMethod[] = ['mean', 'linear', 'equipercentile'];
export const NEAT_METHODS: readonly NeatMethod[] = [
  'tucker',
  'levine',
  'chained-linear',
  'frequency-estimation',
  'chained-equipercentile',
];

export interface RandomGroupsInput {
  readonly design: 'random-groups';
  readonly method: RandomGroupsMethod;
  readonly x: ScoreDistribution;
  readonly y: ScoreDistribution;
}

/** x: examinees of the new form X; y: examinees of the reference form Y. */
export interface NeatInput {
  readonly design: 'neat';
  readonly method: NeatMethod;
  readonly x: GroupScores;
  readonly y: GroupScores;
  readonly totalScale: ScoreRange;
  readonly anchorScale: ScoreRange;
  /** Synthetic weight of the new-form group (default 1); used by Tucker, Levine and frequency estimation. */
  readonly w1?: number;
}

export type EquatingInput = RandomGroupsInput | NeatInput;

/** Random groups: equates X to Y from the two score distributions. */
export function equateRandomGroups(
  method: RandomGroupsMethod,
  x: ScoreDistribution,
  y: ScoreDistribution,
): EquatingResult {
  switch (method) {
    case 'mean':
      return meanEquating(x, y);
    case 'linear':
      return linearEquating(x, y);
    case 'equipercentile':
      return equipercentileEquating(x, y);
    default:
      throw new DomainRuleError(
        'invalid-number',
        `unknown random-groups method "${String(method)}"; use ${RANDOM_GROUPS_METHODS.join(', ')}`,
      );
  }
}

/** NEAT: equates X to Y through the anchor from the two groups' bivariate tables. */
export function equateNeatTables(method: NeatMethod, x: Bivariate, y: Bivariate, w1 = 1): EquatingResult {
  switch (method) {
    case 'tucker':
      return tuckerEquating(x, y, { w1 });
    case 'levine':
      return levineEquating(x, y, { w1 });
    case 'chained-linear':
      return chainedLinearEquating(x, y);
    case 'frequency-estimation':
      return frequencyEstimationEquating(x, y, { w1 });
    case 'chained-equipercentile':
      return chainedEquipercentileEquating(x, y);
    default:
      throw new DomainRuleError(
        'invalid-number',
        `unknown NEAT method "${String(method)}"; use ${NEAT_METHODS.join(', ')}`,
      );
  }
}

/** One entry point for both designs, as the CLI and the close activity receive them. */
export function equate(input: EquatingInput): EquatingResult {
  if (input.design === 'random-groups') return equateRandomGroups(input.method, input.x, input.y);
  const x = bivariateFromScores(input.x, input.totalScale, input.anchorScale, 'x');
  const y = bivariateFromScores(input.y, input.totalScale, input.anchorScale, 'y');
  return equateNeatTables(input.method, x, y, input.w1 ?? 1);
}
