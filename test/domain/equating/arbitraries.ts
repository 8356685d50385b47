import fc from 'fast-check';

/** Counts on 0..length-1; `positive` keeps every count ≥ 1 (no zero frequencies). */
export function countsArb(positive: boolean, minLength = 3, maxLength = 30): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: positive ? 1 : 0, max: 60 }), { minLength, maxLength }).filter((c) => {
    const nonEmpty = c.filter((v) => v > 0).length;
    return nonEmpty >= 2; // at least two distinct scores, so variances are positive
  });
}

export interface Group {
  total: number[];
  anchor: number[];
}

export interface NeatCase {
  totalMax: number;
  anchorMax: number;
  x: Group;
  y: Group;
}

/** An anchor score that rises with the total, plus noise, as an internal anchor does. */
function anchorFor(total: number, totalMax: number, anchorMax: number, noise: number): number {
  return Math.max(0, Math.min(anchorMax, Math.round((total * anchorMax) / totalMax) + noise));
}

/** One group in which every total score 0..totalMax occurs at least once. */
export function groupArb(totalMax: number, anchorMax: number): fc.Arbitrary<Group> {
  return fc
    .tuple(
      fc.array(fc.integer({ min: -1, max: 1 }), { minLength: totalMax + 1, maxLength: totalMax + 1 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: totalMax }), fc.integer({ min: -1, max: 1 })), { maxLength: 60 }),
    )
    .map(([baseNoise, extra]) => {
      const total: number[] = [];
      const anchor: number[] = [];
      baseNoise.forEach((noise, t) => {
        total.push(t);
        anchor.push(anchorFor(t, totalMax, anchorMax, noise));
      });
      for (const [t, noise] of extra) {
        total.push(t);
        anchor.push(anchorFor(t, totalMax, anchorMax, noise));
      }
      return { total, anchor };
    });
}

export const neatCaseArb: fc.Arbitrary<NeatCase> = fc
  .tuple(fc.integer({ min: 4, max: 24 }), fc.integer({ min: 2, max: 8 }))
  .chain(([totalMax, anchorMax]) =>
    fc.record({
      totalMax: fc.constant(totalMax),
      anchorMax: fc.constant(anchorMax),
      x: groupArb(totalMax, anchorMax),
      y: groupArb(totalMax, anchorMax),
    }),
  );

/** Two groups with exactly the same count at every anchor score (so equal anchor moments), totals drawn apart. */
export const equivalentAnchorArb: fc.Arbitrary<NeatCase> = fc
  .tuple(fc.integer({ min: 4, max: 24 }), fc.integer({ min: 2, max: 6 }))
  .chain(([totalMax, anchorMax]) =>
    fc
      .array(fc.integer({ min: 1, max: 15 }), { minLength: anchorMax + 1, maxLength: anchorMax + 1 })
      .chain((anchorCounts) => {
        const size = anchorCounts.reduce((a, b) => a + b, 0);
        const group = fc
          .array(fc.integer({ min: -3, max: 3 }), { minLength: size, maxLength: size })
          .map((noise): Group => {
            const total: number[] = [];
            const anchor: number[] = [];
            let k = 0;
            anchorCounts.forEach((n, v) => {
              for (let j = 0; j < n; j++, k++) {
                const centre = Math.round((v * totalMax) / anchorMax);
                total.push(Math.max(0, Math.min(totalMax, centre + noise[k]!)));
                anchor.push(v);
              }
            });
            return { total, anchor };
          });
        return fc.record({ totalMax: fc.constant(totalMax), anchorMax: fc.constant(anchorMax), x: group, y: group });
      }),
  );
