import type { ItemAnalysis, ItemStatistics } from './item-analysis';
import type { ItemMeta, Option } from './response-matrix';

/** Thresholds for flagging items to staff; every one is a parameter, these are the defaults. */
export interface FlagThresholds {
  /** Proportion correct below this is "too hard" (chance on a three-option item is 1/3). */
  readonly minP: number;
  /** Proportion correct above this is "too easy": the item tells examinees apart too little. */
  readonly maxP: number;
  /** Corrected point-biserial below this (but not below miskeyPointBiserial) is "low discrimination". */
  readonly minPointBiserial: number;
  /** Corrected point-biserial below this suggests a miskey: the better examinees miss it. */
  readonly miskeyPointBiserial: number;
  /** A distractor chosen by the upper group more than the key by over this margin suggests a miskey. */
  readonly distractorMargin: number;
}

export const DEFAULT_FLAG_THRESHOLDS: FlagThresholds = {
  minP: 0.3,
  maxP: 0.95,
  minPointBiserial: 0.1,
  miskeyPointBiserial: 0,
  distractorMargin: 0,
};

export type FlagReason =
  'distractor-preferred-by-upper-group' | 'negative-point-biserial' | 'too-hard' | 'too-easy' | 'low-discrimination';

export interface ItemFlag {
  readonly itemId: string;
  readonly index: number;
  /** Possible miskey (staff may re-key) vs broken item (staff may drop). */
  readonly kind: 'possible-miskey' | 'broken';
  readonly reasons: FlagReason[];
  /** The option the upper group chose most when it is not the key: the likely right answer. */
  readonly suggestedKey: Option | null;
}

/** Reasons an item looks miskeyed or broken under the thresholds (empty when it looks fine). */
export function flagReasons(
  stats: ItemStatistics,
  key: Option,
  t: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
): FlagReason[] {
  const reasons: FlagReason[] = [];
  const keyUpper = stats.upperRates[key];
  if ([0, 1, 2].some((o) => o !== key && stats.upperRates[o as Option] > keyUpper + t.distractorMargin)) {
    reasons.push('distractor-preferred-by-upper-group');
  }
  const r = stats.pointBiserial;
  if (r !== null && r < t.miskeyPointBiserial) reasons.push('negative-point-biserial');
  if (stats.p < t.minP) reasons.push('too-hard');
  if (stats.p > t.maxP) reasons.push('too-easy');
  if (r === null || (r >= t.miskeyPointBiserial && r < t.minPointBiserial)) reasons.push('low-discrimination');
  return reasons;
}

/** Items staff must decide on (accept, re-key or drop), in column order. */
export function flagItems(
  analysis: ItemAnalysis,
  items: readonly ItemMeta[],
  keys: ArrayLike<number>,
  t: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
): ItemFlag[] {
  const flags: ItemFlag[] = [];
  for (const stats of analysis.items) {
    const key = keys[stats.index] as Option;
    const reasons = flagReasons(stats, key, t);
    if (reasons.length === 0) continue;
    const miskey =
      reasons.includes('distractor-preferred-by-upper-group') || reasons.includes('negative-point-biserial');
    let best: Option = 0;
    for (const o of [1, 2] as const) if (stats.upperRates[o] > stats.upperRates[best]) best = o;
    flags.push({
      itemId: items[stats.index]!.id,
      index: stats.index,
      kind: miskey ? 'possible-miskey' : 'broken',
      reasons,
      suggestedKey: miskey && best !== key ? best : null,
    });
  }
  return flags;
}

/** Flagged items that still lack a staff decision: scoring must wait for these. */
export function undecidedItems(flags: readonly ItemFlag[], decisions: readonly { itemId: string }[]): string[] {
  const decided = new Set(decisions.map((d) => d.itemId));
  return flags.filter((f) => !decided.has(f.itemId)).map((f) => f.itemId);
}
