import { describe, expect, it } from 'vitest';
import {
  countsOf,
  equipercentileEquating,
  linearEquating,
  meanEquating,
  moments,
} from '../../../src/domain/equating/index';
import { loadDatasets } from './datasets';

const { ACTmath } = loadDatasets();
const x = { scale: ACTmath.scale, counts: ACTmath.xcount };
const y = { scale: ACTmath.scale, counts: ACTmath.ycount };

// Reference values: Kolen & Brennan (2014) ch. 2, ACTmath example (Tables 2.5–2.7); the same figures come out
// of talbano/equate 2.0.8.9000 (commit 3583de8) run on R 4.2.2, which we print to more decimals below.
describe('random groups on ACTmath (Kolen & Brennan ch. 2)', () => {
  it('reproduces the published moments: X 19.8524/8.2116, Y 18.9798/8.9393 (K&B print sd with divisor N)', () => {
    const mx = moments(countsOf(x, 'x'));
    const my = moments(countsOf(y, 'y'));
    expect(mx.n).toBe(4329);
    expect(my.n).toBe(4152);
    expect(mx.mean).toBeCloseTo(19.8524, 4);
    expect(my.mean).toBeCloseTo(18.9798, 4);
    // The library uses n−1 (the convention); K&B's table divides by N.
    expect(mx.sd * Math.sqrt((mx.n - 1) / mx.n)).toBeCloseTo(8.2116, 4);
    expect(my.sd * Math.sqrt((my.n - 1) / my.n)).toBeCloseTo(8.9393, 4);
    expect(mx.sd).toBeCloseTo(8.212584987, 8);
    expect(my.sd).toBeCloseTo(8.94039661, 8);
  });

  it('mean equating adds μY − μX = −0.8726 to every score', () => {
    const r = meanEquating(x, y);
    expect(r.slope).toBe(1);
    expect(r.intercept).toBeCloseTo(-0.8726220663, 9);
    expect(r.equated).toHaveLength(41);
    expect(r.equated[20]).toBeCloseTo(20 - 0.8726, 4);
  });

  it('linear equating is 1.0886·x − 2.6320 (slope σY/σX with n−1 variances)', () => {
    const r = linearEquating(x, y);
    // By hand from the published moments: 8.9393 / 8.2116 = 1.08862, 18.9798 − 1.08862·19.8524 = −2.6320.
    expect(r.slope).toBeCloseTo(1.0886, 4);
    expect(r.intercept).toBeCloseTo(-2.632, 3);
    expect(r.slope).toBeCloseTo(1.088621503, 9);
    expect(r.intercept).toBeCloseTo(-2.631970777, 9);
    expect(r.equated[40]).toBeCloseTo(40 * r.slope! + r.intercept!, 12);
  });

  it('equipercentile equating matches the K&B Table 2.7 equivalents for every score 1–40', () => {
    const published = [
      0.979556, 1.646223, 2.285632, 2.893198, 3.620467, 4.499653, 5.514838, 6.312416, 7.224239, 8.160667, 9.182696,
      10.185896, 11.251301, 12.389633, 13.392891, 14.524005, 15.716901, 16.823442, 18.009224, 19.164721, 20.367601,
      21.455628, 22.687123, 23.915657, 25.029159, 26.161229, 27.263287, 28.180065, 29.142433, 30.130482, 31.129701,
      32.135707, 33.078068, 34.017186, 35.101604, 36.24255, 37.124762, 38.132088, 39.080735, 39.900554,
    ];
    const r = equipercentileEquating(x, y);
    expect(r.equated).toHaveLength(41);
    published.forEach((e, i) => expect(r.equated[i + 1]).toBeCloseTo(e, 6));
  });

  it('a score with percentile rank 0 maps to the bottom of the continuized Y scale, −0.5 (K&B; equate prints −0.5)', () => {
    expect(equipercentileEquating(x, y).equated[0]).toBe(-0.5);
  });
});

describe('equipercentile by hand', () => {
  it('K&B Table 2.2 toy example (x: .2 .3 .2 .2 .1, y: .1 .2 .2 .3 .2) gives .5, 1.75, 2.8333, 3.5, 4.25', () => {
    const r = equipercentileEquating(
      { scale: [0, 1, 2, 3, 4], counts: [2, 3, 2, 2, 1] },
      { scale: [0, 1, 2, 3, 4], counts: [1, 2, 2, 3, 2] },
    );
    const expected = [0.5, 1.75, 2.833333, 3.5, 4.25];
    expected.forEach((e, i) => expect(r.equated[i]).toBeCloseTo(e, 6));
  });

  it('hand-computed: a rank that falls on a run of zero Y frequencies maps to the middle of the run (average of upper and lower inverse)', () => {
    // Y: scores 0..4 with counts 1 0 0 1 0 (F = .5 .5 .5 1 1). X: counts 1 1 at scores 0..1 → P(0) = .25, P(1) = .75.
    // P = .25: upper = lower = 0.25/.5 − .5 = 0.  P = .75: inside score 3 → 2.5 + .25/.5 = 3.
    const r = equipercentileEquating(
      { scale: [0, 1], counts: [1, 1] },
      { scale: [0, 1, 2, 3, 4], counts: [1, 0, 0, 1, 0] },
    );
    expect(r.equated[0]).toBeCloseTo(0, 12);
    expect(r.equated[1]).toBeCloseTo(3, 12);
    // X: counts 1 0 1 → P(1) = .5 = F(0) = F(1) = F(2): upper point 2.5, lower point 0.5, average 1.5.
    const z = equipercentileEquating(
      { scale: [0, 1, 2], counts: [1, 0, 1] },
      { scale: [0, 1, 2, 3, 4], counts: [1, 0, 0, 1, 0] },
    );
    expect(z.equated[1]).toBeCloseTo(1.5, 12);
  });

  it('hand-computed: percentile rank 1 with zero frequencies at the top of Y averages the top of the scale and the top of the last non-empty score', () => {
    // X counts 1 0 → P(1) = 1. Y counts 1 1 0 0 (F = .5 1 1 1): upper point 3.5 (top of the scale),
    // lower point 1.5 (top of score 1, the last with F < 1) → 2.5.
    const r = equipercentileEquating({ scale: [0, 1], counts: [1, 0] }, { scale: [0, 1, 2, 3], counts: [1, 1, 0, 0] });
    expect(r.equated[1]).toBeCloseTo(2.5, 12);
  });

  it('boundary: the empty low tail maps half a point below the lowest Y score; the first non-empty X score does not', () => {
    // X counts 0 0 2 2 on 10..13: P(10) = P(11) = 0 → 20 − .5; P(12) = .25 → inside Y score 20 (F = .5): 19.5 + .5 = 20.
    const r = equipercentileEquating(
      { scale: [10, 11, 12, 13], counts: [0, 0, 2, 2] },
      { scale: [20, 21], counts: [1, 1] },
    );
    expect(r.equated.slice(0, 3)).toEqual([19.5, 19.5, 20]);
    // Not the old Equating Recipes average of the bottom (19.5) and the first non-empty score's bottom.
    const gap = equipercentileEquating(
      { scale: [0, 1], counts: [0, 1] },
      { scale: [0, 1, 2, 3], counts: [0, 0, 1, 1] },
    );
    expect(gap.equated[0]).toBe(-0.5);
  });

  it('works on scales that do not start at 0 and differ between X and Y', () => {
    const r = equipercentileEquating(
      { scale: [10, 11], counts: [1, 1] },
      { scale: [20, 21, 22, 23], counts: [1, 1, 1, 1] },
    );
    // P(10) = .25 → Y point 21 − .5 + 0 = 20.5; P(11) = .75 → 22.5.
    expect(r.xMin).toBe(10);
    expect(r.equated).toEqual([20.5, 22.5]);
  });
});
