import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bivariateFromScores,
  cumulative,
  equateNeatTables,
  equateRandomGroups,
  groupMoments,
  linearEquating,
  NEAT_METHODS,
  percentilePoint,
  percentileRankAt,
  RANDOM_GROUPS_METHODS,
  totalMargin,
  type Bivariate,
} from '../../../src/domain/equating/index';
import { DomainRuleError } from '../../../src/domain/errors';
import { countsArb, equivalentAnchorArb, neatCaseArb, type Group } from './arbitraries';

const scaleOf = (counts: number[]) => counts.map((_, i) => i);
const table = (g: Group, totalMax: number, anchorMax: number): Bivariate =>
  bivariateFromScores(g, [0, totalMax], [0, anchorMax], 'g');
const expectNonDecreasing = (values: number[]) => {
  for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]! - 1e-12);
};

describe('identity: equating a form to itself', () => {
  it('random groups: every method returns x for every score when X and Y have the same distribution (no zero frequencies)', () => {
    fc.assert(
      fc.property(countsArb(true), fc.constantFrom(...RANDOM_GROUPS_METHODS), (counts, method) => {
        const d = { scale: scaleOf(counts), counts };
        equateRandomGroups(method, d, d).equated.forEach((e, i) => expect(e).toBeCloseTo(i, 9));
      }),
    );
  });

  it('random groups: mean and linear are the identity even with zero frequencies', () => {
    fc.assert(
      fc.property(countsArb(false), fc.constantFrom('mean' as const, 'linear' as const), (counts, method) => {
        const d = { scale: scaleOf(counts), counts };
        equateRandomGroups(method, d, d).equated.forEach((e, i) => expect(e).toBeCloseTo(i, 9));
      }),
    );
  });

  it('NEAT: all five methods (any w1) return x when both groups are the same examinees and every total score occurs', () => {
    fc.assert(
      fc.property(
        neatCaseArb,
        fc.constantFrom(...NEAT_METHODS),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, method, w1) => {
          const g = table(c.x, c.totalMax, c.anchorMax);
          fc.pre(groupMoments(g).covTV > 0 && groupMoments(g).varV > 0);
          equateNeatTables(method, g, g, w1).equated.forEach((e, i) => expect(e).toBeCloseTo(i, 9));
        },
      ),
    );
  });
});

describe('linear methods agree when the groups are equivalent on the anchor', () => {
  it('Tucker, Levine (any w1) and chained linear all equal random-groups linear when both groups have the same anchor counts', () => {
    fc.assert(
      fc.property(equivalentAnchorArb, fc.double({ min: 0, max: 1, noNaN: true }), (c, w1) => {
        const gx = table(c.x, c.totalMax, c.anchorMax);
        const gy = table(c.y, c.totalMax, c.anchorMax);
        fc.pre(groupMoments(gx).covTV > 0 && groupMoments(gy).covTV > 0);
        const reference = linearEquating(totalDistribution(gx), totalDistribution(gy));
        for (const method of ['tucker', 'levine', 'chained-linear'] as const) {
          const r = equateNeatTables(method, gx, gy, w1);
          expect(r.slope!).toBeCloseTo(reference.slope!, 9);
          expect(r.intercept!).toBeCloseTo(reference.intercept!, 9);
        }
      }),
    );
  });
});

function totalDistribution(b: Bivariate): { scale: number[]; counts: number[] } {
  const m = totalMargin(b);
  return { scale: scaleOf(Array.from(m.counts)), counts: Array.from(m.counts) };
}

describe('monotonicity', () => {
  it('random groups: every method is non-decreasing in x, zero frequencies included', () => {
    fc.assert(
      fc.property(countsArb(false), countsArb(false), fc.constantFrom(...RANDOM_GROUPS_METHODS), (cx, cy, method) => {
        expectNonDecreasing(
          equateRandomGroups(method, { scale: scaleOf(cx), counts: cx }, { scale: scaleOf(cy), counts: cy }).equated,
        );
      }),
    );
  });

  it('NEAT: every method is non-decreasing in x for independent groups (where the synthetic variances are positive)', () => {
    fc.assert(
      fc.property(
        neatCaseArb,
        fc.constantFrom(...NEAT_METHODS),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, method, w1) => {
          const gx = table(c.x, c.totalMax, c.anchorMax);
          const gy = table(c.y, c.totalMax, c.anchorMax);
          fc.pre(groupMoments(gx).covTV > 0 && groupMoments(gy).covTV > 0);
          let equated: number[];
          try {
            equated = equateNeatTables(method, gx, gy, w1).equated;
          } catch (err) {
            // Tucker and Levine are undefined when extreme anchor differences make a synthetic variance negative.
            fc.pre(!(err instanceof DomainRuleError && /synthetic variance of . is negative/.test(err.message)));
            throw err;
          }
          expectNonDecreasing(equated);
        },
      ),
    );
  });

  it('NEAT equipercentile methods stay inside the Y scale continuized to [min − .5, max + .5]', () => {
    fc.assert(
      fc.property(
        neatCaseArb,
        fc.constantFrom('frequency-estimation' as const, 'chained-equipercentile' as const),
        (c, method) => {
          const r = equateNeatTables(method, table(c.x, c.totalMax, c.anchorMax), table(c.y, c.totalMax, c.anchorMax));
          r.equated.forEach((e) => {
            expect(e).toBeGreaterThanOrEqual(-0.5);
            expect(e).toBeLessThanOrEqual(c.totalMax + 0.5);
          });
        },
      ),
    );
  });
});

describe('continuization', () => {
  it('the percentile point inverts the continuized percentile rank when no frequency is zero (ranks within 1e-10 of 0 or 1 count as 0 or 1)', () => {
    fc.assert(
      fc.property(countsArb(true), fc.double({ min: 0, max: 1, noNaN: true }), (counts, u) => {
        const F = cumulative(Float64Array.from(counts));
        const score = -0.5 + u * counts.length;
        const rank = percentileRankAt(F, 0, score);
        fc.pre(rank > 1e-9 && rank < 1 - 1e-9);
        expect(percentilePoint(F, 0, rank)).toBeCloseTo(score, 9);
      }),
    );
  });
});
