import { DomainRuleError } from '../errors';
import type { EquatingResult } from './result';

/** Equated scores this close to the cut count as reaching it, so rounding noise never moves the cut. */
const REACH = 1e-9;

export interface CarriedCut {
  /** Lowest integer X raw score whose Y equivalent reaches the reference cut; null if none does. */
  readonly rawCut: number | null;
  /** The Y equivalent of that score (≥ the reference cut), for the report. */
  readonly equatedAtCut: number | null;
  readonly referenceRawCut: number;
}

/** Carries the reference form's raw cut to the new form through an equating. */
export function carryRawCut(result: Pick<EquatingResult, 'xMin' | 'equated'>, referenceRawCut: number): CarriedCut {
  if (!Number.isFinite(referenceRawCut)) {
    throw new DomainRuleError(
      'raw-cut-out-of-range',
      `the reference raw cut is ${referenceRawCut}; give a finite score`,
    );
  }
  const { xMin, equated } = result;
  for (let i = 0; i < equated.length; i++) {
    const e = equated[i]!;
    if (e >= referenceRawCut - REACH) return { rawCut: xMin + i, equatedAtCut: e, referenceRawCut };
  }
  return { rawCut: null, equatedAtCut: null, referenceRawCut };
}
