import { DomainRuleError } from '../errors';
import { isOption, type ItemMeta, type Option } from './response-matrix';

/** Staff decision on an item after key validation. */
export type KeyDecision =
  | { readonly itemId: string; readonly action: 'accept' }
  | { readonly itemId: string; readonly action: 'rekey'; readonly key: Option }
  | { readonly itemId: string; readonly action: 'drop' };

/** The key in force, per item column, in the form the scoring loops read. */
export interface ScoringKey {
  readonly items: number;
  readonly key: Uint8Array;
  /** 1 when the item counts toward the raw score: scored and not dropped. */
  readonly counts: Uint8Array;
  /** 1 when the item counts toward the anchor score: a counting common item. */
  readonly anchor: Uint8Array;
  /** table[(i << 2) | RESPONSE_SLOT[response]] = (counts ? 1 : 0) + (anchor ? 1 << 16 : 0) for the key, else 0. */
  readonly table: Uint32Array;
  readonly maxRaw: number;
  readonly maxAnchor: number;
}

/** Applies staff decisions to the item records; pretest items never count, dropped items neither. */
export function buildScoringKey(items: readonly ItemMeta[], decisions: readonly KeyDecision[] = []): ScoringKey {
  // Scores are packed in 16-bit halves of one sum, so a form holds at most 65535 items.
  if (items.length === 0 || items.length > 65535)
    throw new DomainRuleError('invalid-number', `a form has ${items.length} items; use 1 to 65535`);
  const index = new Map<string, number>();
  items.forEach((item, i) => index.set(item.id, i));
  const key = new Uint8Array(items.length);
  const counts = new Uint8Array(items.length);
  const anchor = new Uint8Array(items.length);
  items.forEach((item, i) => {
    key[i] = item.key;
    counts[i] = item.role === 'scored' ? 1 : 0;
    anchor[i] = item.role === 'scored' && item.anchor ? 1 : 0;
  });
  const decided = new Set<string>();
  for (const d of decisions) {
    const i = index.get(d.itemId);
    if (i === undefined) throw new DomainRuleError('invalid-decision', `decision for unknown item "${d.itemId}"`);
    if (decided.has(d.itemId))
      throw new DomainRuleError('invalid-decision', `two decisions for item "${d.itemId}"; keep one`);
    decided.add(d.itemId);
    if (d.action === 'rekey') {
      if (!isOption(d.key))
        throw new DomainRuleError(
          'invalid-decision',
          `re-key of "${d.itemId}" to ${String(d.key)}; use 0 (A), 1 (B) or 2 (C)`,
        );
      key[i] = d.key;
    } else if (d.action === 'drop') {
      counts[i] = 0;
      anchor[i] = 0;
    } else if (d.action !== 'accept') {
      // Decisions arrive as JSON from the staff console, so the union is checked at run time too.
      throw new DomainRuleError(
        'invalid-decision',
        `unknown action for item "${items[i]!.id}"; use accept, rekey or drop`,
      );
    }
  }
  const table = new Uint32Array(items.length * 4);
  let maxRaw = 0;
  let maxAnchor = 0;
  for (let i = 0; i < items.length; i++) {
    table[(i << 2) | key[i]!] = counts[i]! + (anchor[i]! << 16);
    maxRaw += counts[i]!;
    maxAnchor += anchor[i]!;
  }
  return { items: items.length, key, counts, anchor, table, maxRaw, maxAnchor };
}
