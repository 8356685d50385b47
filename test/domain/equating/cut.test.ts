import { describe, expect, it } from 'vitest';
import { bivariateFromScores, carryRawCut, equate, tuckerEquating } from '../../../src/domain/equating/index';
import { DomainRuleError } from '../../../src/domain/errors';
import { loadDatasets } from './datasets';

describe('carrying the reference raw cut to the new form', () => {
  it('hand-computed: the lowest X score whose Y equivalent reaches the cut', () => {
    const cut = carryRawCut({ xMin: 0, equated: [0.4, 1.2, 2.9, 3.0, 4.6] }, 3);
    expect(cut).toEqual({ rawCut: 3, equatedAtCut: 3.0, referenceRawCut: 3 });
  });

  it('an equated score a rounding error below the cut still reaches it', () => {
    expect(carryRawCut({ xMin: 10, equated: [1, 2.9999999999999, 4] }, 3).rawCut).toBe(11);
  });

  it('returns null when no X score reaches the cut', () => {
    expect(carryRawCut({ xMin: 0, equated: [0, 1, 2] }, 2.5)).toEqual({
      rawCut: null,
      equatedAtCut: null,
      referenceRawCut: 2.5,
    });
  });

  it('KBneat Tucker: a reference cut of 25 lands at X = 24 (1.028948·24 + 0.536778 = 25.23; X = 23 gives 24.20)', () => {
    const { KBneat } = loadDatasets();
    const r = tuckerEquating(
      bivariateFromScores(KBneat.x, [0, 36], [0, 12], 'x'),
      bivariateFromScores(KBneat.y, [0, 36], [0, 12], 'y'),
    );
    const cut = carryRawCut(r, 25);
    expect(cut.rawCut).toBe(24);
    expect(cut.equatedAtCut).toBeCloseTo(25.2315, 4);
  });

  it('refuses a cut that is not a number', () => {
    expect(() => carryRawCut({ xMin: 0, equated: [1] }, Number.NaN)).toThrow(DomainRuleError);
  });
});

describe('bad input is refused with a message naming what to fix', () => {
  const msg = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainRuleError);
      return (err as Error).message;
    }
    throw new Error('expected a DomainRuleError');
  };

  it('counts length must equal scale length', () => {
    expect(
      msg(() =>
        equate({
          design: 'random-groups',
          method: 'mean',
          x: { scale: [0, 1], counts: [1] },
          y: { scale: [0, 1], counts: [1, 1] },
        }),
      ),
    ).toMatch(/x\.counts has 1 entries but x\.scale has 2/);
  });

  it('counts must not be negative', () => {
    expect(
      msg(() =>
        equate({
          design: 'random-groups',
          method: 'linear',
          x: { scale: [0, 1], counts: [1, 1] },
          y: { scale: [0, 1], counts: [2, -1] },
        }),
      ),
    ).toMatch(/y\.counts\[1\] is -1/);
  });

  it('scales must be consecutive integers', () => {
    expect(
      msg(() =>
        equate({
          design: 'random-groups',
          method: 'mean',
          x: { scale: [0, 2], counts: [1, 1] },
          y: { scale: [0, 1], counts: [1, 1] },
        }),
      ),
    ).toMatch(/x\.scale must be consecutive integers/);
  });

  it('linear equating needs spread', () => {
    expect(
      msg(() =>
        equate({
          design: 'random-groups',
          method: 'linear',
          x: { scale: [0, 1], counts: [3, 0] },
          y: { scale: [0, 1], counts: [1, 1] },
        }),
      ),
    ).toMatch(/variance of x/);
  });

  it('anchor scores must lie in the anchor scale', () => {
    const input = { design: 'neat', method: 'tucker', totalScale: [0, 4], anchorScale: [0, 2] } as const;
    expect(
      msg(() => equate({ ...input, x: { total: [1, 2], anchor: [0, 3] }, y: { total: [1, 2], anchor: [0, 1] } })),
    ).toMatch(/x\.anchor\[1\] is 3; anchor scores must be integers in anchorScale \[0, 2\]/);
  });

  it('totals and anchors must pair up', () => {
    const input = { design: 'neat', method: 'tucker', totalScale: [0, 4], anchorScale: [0, 2] } as const;
    expect(
      msg(() => equate({ ...input, x: { total: [1, 2], anchor: [0] }, y: { total: [1, 2], anchor: [0, 1] } })),
    ).toMatch(/x\.total has 2 scores but x\.anchor has 1/);
  });

  it('w1 must be a weight between 0 and 1', () => {
    const g = { total: [1, 2, 3], anchor: [0, 1, 2] };
    expect(
      msg(() =>
        equate({ design: 'neat', method: 'tucker', x: g, y: g, totalScale: [0, 4], anchorScale: [0, 2], w1: 2 }),
      ),
    ).toMatch(/w1 is 2/);
  });

  it('Levine needs a positive total–anchor covariance', () => {
    const g = { total: [1, 2, 3], anchor: [2, 1, 0] };
    expect(
      msg(() => equate({ design: 'neat', method: 'levine', x: g, y: g, totalScale: [0, 4], anchorScale: [0, 2] })),
    ).toMatch(/covariance of x/);
  });

  it('Levine with w1 = 0 refuses groups so far apart on the anchor that the synthetic variance of X goes negative', () => {
    const x = { total: [0, 1, 2, 3, 4, 5, 6], anchor: [0, 0, 2, 0, 2, 2, 2] };
    const y = { total: [0, 1, 2, 3, 4, 5, 6], anchor: [0, 0, 1, 1, 1, 2, 1] };
    expect(
      msg(() => equate({ design: 'neat', method: 'levine', x, y, totalScale: [0, 6], anchorScale: [0, 2], w1: 0 })),
    ).toMatch(/synthetic variance of x is negative .*try chained linear/);
  });
});
