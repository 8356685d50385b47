import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzeItems,
  buildScoringKey,
  DEFAULT_FLAG_THRESHOLDS,
  flagItems,
  OMITTED,
  scoreResponses,
  undecidedItems,
  type ItemMeta,
} from '../../../src/domain/psychometrics/index';
import { item, matrixOf, pearson } from './naive';

describe('item analysis by hand', () => {
  // Four items, six examinees; i4 is pretest. Raw scores (i1–i3): 3, 3, 2, 1, 1, 0.
  const items = [item('i1', 0), item('i2', 1), item('i3', 2), item('i4', 0, { role: 'pretest' })];
  const rows = [
    [0, 1, 2, 0],
    [0, 1, 2, 1],
    [0, 1, 0, 0],
    [0, 2, 1, 2],
    [1, 1, 0, OMITTED],
    [2, 0, OMITTED, 1],
  ];
  const analysis = analyzeItems(matrixOf(rows), buildScoringKey(items), { groupFraction: 0.5 });

  it('proportion correct and option rates (A, B, C, omitted)', () => {
    expect(analysis.items.map((s) => s.p)).toEqual([4 / 6, 4 / 6, 2 / 6, 2 / 6]);
    expect(analysis.items[2]!.optionRates).toEqual([2 / 6, 1 / 6, 2 / 6, 1 / 6]);
    expect(analysis.items[3]!.optionRates).toEqual([2 / 6, 2 / 6, 1 / 6, 1 / 6]);
  });

  it('corrected point-biserial: item vs the total without that item; pretest items vs the whole total', () => {
    const raw = [3, 3, 2, 1, 1, 0];
    for (const [i, counts] of [
      [0, true],
      [1, true],
      [2, true],
      [3, false],
    ] as const) {
      const u = rows.map((r) => (r[i] === items[i]!.key ? 1 : 0));
      const criterion = raw.map((t, e) => t - (counts ? u[e]! : 0));
      expect(analysis.items[i]!.pointBiserial).toBeCloseTo(pearson(u, criterion)!, 12);
    }
  });

  it('upper and lower halves: the top 3 (raw 3, 3, 2) and bottom 3 (raw 1, 1, 0) examinees', () => {
    expect(analysis.items[2]!.upperRates).toEqual([1 / 3, 0, 2 / 3, 0]);
    expect(analysis.items[2]!.lowerRates).toEqual([1 / 3, 1 / 3, 0, 1 / 3]);
    expect(analysis.items[2]!.discrimination).toBeCloseTo(2 / 3, 12);
  });

  it('a score level split by the group boundary is counted in part: with 1/3 groups only raw 3 is upper, half of raw 1 is lower', () => {
    const a = analyzeItems(matrixOf(rows), buildScoringKey(items), { groupFraction: 1 / 3 });
    // Upper = both raw-3 examinees; lower = raw 0 plus half of the two raw-1 examinees.
    expect(a.items[0]!.upperRates[0]).toBeCloseTo(1, 12);
    expect(a.items[0]!.lowerRates[0]).toBeCloseTo(0.5 / 2, 12);
  });

  it('mean raw score of the choosers of each option', () => {
    expect(analysis.items[1]!.optionMeanScores).toEqual([0, (3 + 3 + 2 + 1) / 4, 1, null]);
  });

  it('mean, n−1 sd and KR-20 of the raw score', () => {
    const raw = [3, 3, 2, 1, 1, 0];
    const mean = 10 / 6;
    const variance = raw.reduce((s, t) => s + (t - mean) ** 2, 0) / 5;
    expect(analysis.meanRaw).toBeCloseTo(mean, 12);
    expect(analysis.sdRaw).toBeCloseTo(Math.sqrt(variance), 12);
    const pq = [4 / 6, 4 / 6, 2 / 6].reduce((s, p) => s + p * (1 - p), 0);
    expect(analysis.kr20).toBeCloseTo(1.5 * (1 - pq / variance), 12);
  });
});

describe('flags', () => {
  // 200 examinees on 10 items; ability decides who answers right. Item 7 is keyed A but the right answer is C;
  // item 8 everyone gets right; item 9 is answered at random (A most often).
  const N = 200;
  const items: ItemMeta[] = Array.from({ length: 10 }, (_, i) => item(`q${i}`, i === 7 ? 0 : 2));
  const rows: number[][] = [];
  for (let e = 0; e < N; e++) {
    const ability = e / N;
    rows.push(
      items.map((_, i) => {
        if (i === 8) return 2;
        if (i === 9) return [0, 0, 1, 2][(e * 7) % 4]!;
        const threshold = (i + 1) / 12;
        if (i === 7) return ability > 0.4 ? 2 : e % 2 === 0 ? 0 : 1;
        return ability > threshold ? 2 : e % 2;
      }),
    );
  }
  const key = buildScoringKey(items);
  const flags = flagItems(analyzeItems(matrixOf(rows), key), items, key.key);

  it('flags the miskeyed item as a possible miskey and suggests the option the upper group chose', () => {
    const q7 = flags.find((f) => f.itemId === 'q7');
    expect(q7?.kind).toBe('possible-miskey');
    expect(q7?.reasons).toContain('distractor-preferred-by-upper-group');
    expect(q7?.reasons).toContain('negative-point-biserial');
    expect(q7?.suggestedKey).toBe(2);
  });

  it('flags the item everyone gets right as too easy with no discrimination, and the random one as too hard', () => {
    expect(flags.find((f) => f.itemId === 'q8')).toMatchObject({
      kind: 'broken',
      reasons: ['too-easy', 'low-discrimination'],
      suggestedKey: null,
    });
    expect(flags.find((f) => f.itemId === 'q9')?.reasons).toContain('too-hard');
  });

  it('leaves the well-behaved items alone', () => {
    expect(flags.map((f) => f.itemId).filter((id) => !['q7', 'q8', 'q9'].includes(id))).toEqual([]);
  });

  it('thresholds are parameters: raising maxP to 1 stops the too-easy flag', () => {
    const relaxed = flagItems(analyzeItems(matrixOf(rows), key), items, key.key, {
      ...DEFAULT_FLAG_THRESHOLDS,
      maxP: 1,
    });
    expect(relaxed.find((f) => f.itemId === 'q8')?.reasons).toEqual(['low-discrimination']);
  });

  it('lists flagged items still waiting for a staff decision', () => {
    expect(undecidedItems(flags, [{ itemId: 'q7' }])).toEqual(['q8', 'q9']);
  });
});

describe('item analysis properties', () => {
  const caseArb = fc.integer({ min: 2, max: 12 }).chain((I) =>
    fc.record({
      keys: fc.array(fc.constantFrom(0 as const, 1 as const, 2 as const), { minLength: I, maxLength: I }),
      roles: fc.array(fc.boolean(), { minLength: I, maxLength: I }),
      rows: fc.array(fc.array(fc.constantFrom(0, 1, 2, OMITTED), { minLength: I, maxLength: I }), {
        minLength: 2,
        maxLength: 40,
      }),
    }),
  );

  it('p and the corrected point-biserial from the one-pass counts equal the textbook computation', () => {
    fc.assert(
      fc.property(caseArb, ({ keys, roles, rows }) => {
        const items = keys.map((k, i) => item(`i${i}`, k, { role: roles[i] ? 'scored' : 'pretest' }));
        const key = buildScoringKey(items);
        const a = analyzeItems(matrixOf(rows), key);
        const raw = Array.from(scoreResponses(matrixOf(rows), key).total);
        items.forEach((it, i) => {
          const u = rows.map((r): number => (r[i] === it.key ? 1 : 0));
          const criterion = raw.map((t, e) => t - (roles[i] ? u[e]! : 0));
          expect(a.items[i]!.p).toBeCloseTo(u.reduce((s, v) => s + v, 0) / rows.length, 12);
          const r = pearson(u, criterion);
          if (r === null) expect(a.items[i]!.pointBiserial).toBeNull();
          else expect(a.items[i]!.pointBiserial).toBeCloseTo(r, 9);
        });
      }),
    );
  });

  it('option rates of every item sum to 1, and so do the upper- and lower-group rates', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0.05, max: 0.5, noNaN: true }), ({ keys, rows }, groupFraction) => {
        const items = keys.map((k, i) => item(`i${i}`, k));
        const a = analyzeItems(matrixOf(rows), buildScoringKey(items), { groupFraction });
        for (const s of a.items) {
          for (const rates of [s.optionRates, s.upperRates, s.lowerRates])
            expect(rates.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 9);
        }
      }),
    );
  });
});
