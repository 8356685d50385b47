import { describe, expect, it } from 'vitest';
import {
  bivariateFromScores,
  chainedEquipercentileEquating,
  chainedLinearEquating,
  equate,
  frequencyEstimationEquating,
  groupMoments,
  levineEquating,
  tuckerEquating,
} from '../../../src/domain/equating/index';
import { loadDatasets } from './datasets';

const { KBneat } = loadDatasets();
const x = bivariateFromScores(KBneat.x, [0, 36], [0, 12], 'x');
const y = bivariateFromScores(KBneat.y, [0, 36], [0, 12], 'y');

const closeAll = (actual: number[], expected: number[], digits: number) => {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => expect(actual[i], `score ${i}`).toBeCloseTo(e, digits));
};

// Reference values: Kolen & Brennan (2014) ch. 4–5 example (36-item forms, 12-item internal anchor), w1 = 1.
// Full tables to 6 decimals: talbano/equate 2.0.8.9000 (commit 3583de8) on R 4.2.2, equate(..., ws = 1).
describe('NEAT moments on KBneat (Kolen & Brennan ch. 4)', () => {
  it('reproduces the published group moments: X 15.8205/6.5278, V1 5.1063/2.3760, Y 18.6728/6.8784, V2 5.8626/2.4515 (sd with divisor N)', () => {
    const g1 = groupMoments(x);
    const g2 = groupMoments(y);
    const pop = (v: number, n: number) => Math.sqrt((v * (n - 1)) / n);
    expect([g1.n, g2.n]).toEqual([1655, 1638]);
    expect(g1.meanT).toBeCloseTo(15.8205, 4);
    expect(pop(g1.varT, g1.n)).toBeCloseTo(6.5278, 4);
    expect(g1.meanV).toBeCloseTo(5.1063, 4);
    expect(pop(g1.varV, g1.n)).toBeCloseTo(2.376, 3);
    expect(g2.meanT).toBeCloseTo(18.6728, 4);
    expect(pop(g2.varT, g2.n)).toBeCloseTo(6.8784, 4);
    expect(g2.meanV).toBeCloseTo(5.8626, 4);
    expect(pop(g2.varV, g2.n)).toBeCloseTo(2.4515, 4);
    // Published covariances 13.4088 and 14.7603 (divisor N); the library keeps n−1.
    expect((g1.covTV * (g1.n - 1)) / g1.n).toBeCloseTo(13.4088, 4);
    expect((g2.covTV * (g2.n - 1)) / g2.n).toBeCloseTo(14.7603, 4);
  });
});

describe('NEAT linear methods on KBneat, w1 = 1', () => {
  it('Tucker: γ1 = 2.3751, γ2 = 2.4560 → ≈1.0289·x + 0.537 (hand-computed from the published moments), 1.028948·x + 0.536778 with n−1', () => {
    const g1 = groupMoments(x);
    const g2 = groupMoments(y);
    expect(g1.covTV / g1.varV).toBeCloseTo(2.3751, 4);
    expect(g2.covTV / g2.varV).toBeCloseTo(2.456, 4);
    const r = tuckerEquating(x, y, { w1: 1 });
    expect(r.slope).toBeCloseTo(1.0289, 4);
    expect(r.intercept).toBeCloseTo(0.537, 3);
    expect(r.slope).toBeCloseTo(1.0289479837, 9);
    expect(r.intercept).toBeCloseTo(0.5367780039, 9);
  });

  it('Levine observed score (internal anchor): γ1 = 3.1779, γ2 = 3.2054 → 1.011166·x + 0.251348', () => {
    const g1 = groupMoments(x);
    const g2 = groupMoments(y);
    expect(g1.varT / g1.covTV).toBeCloseTo(3.177948, 6);
    expect(g2.varT / g2.covTV).toBeCloseTo(3.205419, 6);
    const r = levineEquating(x, y, { w1: 1 });
    expect(r.slope).toBeCloseTo(1.0111655257, 9);
    expect(r.intercept).toBeCloseTo(0.2513476044, 9);
  });

  it('chained linear: 1.021272·x + 0.393680 (the n vs n−1 divisor cancels here)', () => {
    const r = chainedLinearEquating(x, y);
    expect(r.slope).toBeCloseTo(1.0212716886, 9);
    expect(r.intercept).toBeCloseTo(0.3936798387, 9);
  });

  it('Tucker and Levine with w1 = 0.5 match equate(ws = 0.5): 1.029159·x + 0.537834 and 1.010985·x + 0.251384', () => {
    const t = tuckerEquating(x, y, { w1: 0.5 });
    expect(t.slope).toBeCloseTo(1.029159306955, 9);
    expect(t.intercept).toBeCloseTo(0.537833896153, 9);
    const l = levineEquating(x, y, { w1: 0.5 });
    expect(l.slope).toBeCloseTo(1.01098536278, 9);
    expect(l.intercept).toBeCloseTo(0.251384381409, 9);
  });

  it('hand-computed: external-anchor Levine uses γ = (σ²(X) + σ(X,V)) / (σ²(V) + σ(X,V)); with w1 = 1 only γ2 enters', () => {
    const g1 = groupMoments(x);
    const g2 = groupMoments(y);
    const gamma2 = (g2.varT + g2.covTV) / (g2.varV + g2.covTV);
    const muY = g2.meanT + gamma2 * (g1.meanV - g2.meanV);
    const varY = g2.varT + gamma2 * gamma2 * (g1.varV - g2.varV);
    const slope = Math.sqrt(varY / g1.varT);
    const r = levineEquating(x, y, { w1: 1, anchor: 'external' });
    expect(r.slope).toBeCloseTo(slope, 12);
    expect(r.intercept).toBeCloseTo(muY - slope * g1.meanT, 12);
  });
});

describe('NEAT equipercentile methods on KBneat, w1 = 1', () => {
  // Scores 0 and 1 have no new-form examinees (percentile rank 0): K&B put them at the bottom of the continuized
  // Y scale, −0.5, as equate prints; every score matches it.
  it('frequency estimation matches equate for every score, −0.5 at the empty scores 0–1', () => {
    const r = frequencyEstimationEquating(x, y, { w1: 1 });
    closeAll(
      r.equated,
      [
        -0.5, -0.5, 2.892857, 4.035519, 4.843867, 5.534316, 6.16675, 7.354904, 8.614269, 9.79061, 10.820319, 11.912538,
        13.220276, 14.348053, 15.320748, 16.371375, 17.216878, 18.207681, 19.174787, 20.027423, 21.046615, 22.187856,
        23.128483, 24.061529, 24.903622, 25.852582, 26.873546, 27.836964, 29.049663, 29.999439, 31.013959, 31.954741,
        32.740109, 33.343306, 34.418475, 35.421607, 36.09375,
      ],
      6,
    );
  });

  it('chained equipercentile matches equate for every score, −0.5 at the empty scores 0–1', () => {
    const r = chainedEquipercentileEquating(x, y);
    closeAll(
      r.equated,
      [
        -0.5, -0.5, 2.892857, 4.083333, 4.925, 5.58, 6.233333, 7.388498, 8.546184, 9.663342, 10.59055, 11.59291,
        12.778921, 13.936969, 14.885007, 15.951492, 16.882651, 17.81875, 18.803571, 19.54, 20.469711, 21.854202,
        22.964123, 23.923662, 24.754724, 25.644241, 26.667857, 27.588235, 28.82973, 29.907143, 31.15625, 32.275926,
        32.847051, 33.336763, 34.3125, 35.4125, 36.09375,
      ],
      6,
    );
  });

  it('frequency estimation with w1 = N1/(N1+N2) equals equate(ws = 0.5), which weights counts rather than proportions', () => {
    // equate mixes counts, so its ws = .5 is K&B's w1 = .5·N1 / (.5·N1 + .5·N2) on proportions (K&B eq. 5.8).
    const r = frequencyEstimationEquating(x, y, { w1: 1655 / (1655 + 1638) });
    closeAll(
      r.equated.slice(2),
      [
        2.892857, 4.027333, 4.834691, 5.527446, 6.160435, 7.344475, 8.610009, 9.789311, 10.812912, 11.914748, 13.23843,
        14.350742, 15.302923, 16.342604, 17.185618, 18.187069, 19.166283, 20.007081, 21.021076, 22.182085, 23.127181,
        24.055454, 24.906121, 25.87113, 26.889793, 27.850874, 29.035573, 29.963775, 30.963047, 31.946685, 32.740009,
        33.346819, 34.44603, 35.43789, 36.09375,
      ],
      6,
    );
  });
});

describe('NEAT entry point', () => {
  it('equate() tabulates per-examinee scores and dispatches by method, default w1 = 1', () => {
    const r = equate({
      design: 'neat',
      method: 'tucker',
      x: KBneat.x,
      y: KBneat.y,
      totalScale: [0, 36],
      anchorScale: [0, 12],
    });
    expect(r.method).toBe('tucker');
    expect(r.equated).toHaveLength(37);
    expect(r.intercept).toBeCloseTo(0.5367780039, 9);
  });
});
