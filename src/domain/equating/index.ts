// Observed-score equating after Kolen & Brennan, Test Equating, Scaling, and Linking: pure, no I/O.
export { anchorMargin, bivariateFromScores, groupMoments, totalMargin } from './bivariate';
export type { Bivariate, GroupMoments, GroupScores, ScoreRange } from './bivariate';
export { chainedEquipercentileEquating } from './chained-equipercentile';
export { chainedLinearEquating } from './chained-linear';
export { carryRawCut } from './cut';
export type { CarriedCut } from './cut';
export { countsOf, cumulative, moments } from './distribution';
export type { Counts, Moments, ScoreDistribution } from './distribution';
export { equate, equateNeatTables, equateRandomGroups, NEAT_METHODS, RANDOM_GROUPS_METHODS } from './equate';
export type { EquatingInput, NeatInput, RandomGroupsInput } from './equate';
export { frequencyEstimationEquating } from './frequency-estimation';
export { levineEquating } from './levine';
export type { LevineOptions } from './levine';
export { equipercentileFromCumulative, percentilePoint, percentileRankAt, percentileRanks } from './percentile';
export { equipercentileEquating, linearEquating, meanEquating } from './random-groups';
export type { EquatingMethod, EquatingResult, NeatMethod, RandomGroupsMethod } from './result';
export { tuckerEquating } from './tucker';
