import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conversionTable,
  DomainRuleError,
  policyWith,
  scaleRawScore,
  toScaledScore,
  type ConversionSpec,
} from '../../src/domain/index';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainRuleError ? err.code : 'not a DomainRuleError';
  }
  return undefined;
}

describe('scaled scores: raw cut → passing score exactly, monotone, no fail rounds up to a pass', () => {
  it('the raw cut maps exactly to 400 on CPCS and 450 on CPMSM, and passes', () => {
    expect(toScaledScore({ program: 'CPCS', raw: 97, rawCut: 97, maxRaw: 140 })).toEqual({ scaled: 400, passed: true });
    expect(toScaledScore({ program: 'CPMSM', raw: 113, rawCut: 113, maxRaw: 160 })).toEqual({
      scaled: 450,
      passed: true,
    });
  });

  it('one raw point below the cut fails, one above passes', () => {
    expect(toScaledScore({ program: 'CPCS', raw: 96, rawCut: 97, maxRaw: 140 }).passed).toBe(false);
    expect(toScaledScore({ program: 'CPCS', raw: 96, rawCut: 97, maxRaw: 140 }).scaled).toBeLessThan(400);
    expect(toScaledScore({ program: 'CPCS', raw: 98, rawCut: 97, maxRaw: 140 }).scaled).toBeGreaterThan(400);
  });

  it('a raw score just below the cut that would round up to passing is held at passing − 1', () => {
    // Scale 390–600: raw 99 of cut 100 is 399.9, which would round to 400.
    const policy = policyWith({ scaledScoreRange: { CPCS: { min: 390, max: 600 } } });
    expect(toScaledScore({ program: 'CPCS', raw: 99, rawCut: 100, maxRaw: 150 }, policy)).toEqual({
      scaled: 399,
      passed: false,
    });
    expect(toScaledScore({ program: 'CPCS', raw: 100, rawCut: 100, maxRaw: 150 }, policy)).toEqual({
      scaled: 400,
      passed: true,
    });
  });

  it('zero maps to the bottom of the scale and a perfect score to the top', () => {
    expect(toScaledScore({ program: 'CPCS', raw: 0, rawCut: 97, maxRaw: 140 }).scaled).toBe(200);
    expect(toScaledScore({ program: 'CPCS', raw: 140, rawCut: 97, maxRaw: 140 }).scaled).toBe(600);
  });

  it('when the cut is the maximum, only a perfect score passes, at exactly the passing score', () => {
    expect(toScaledScore({ program: 'CPCS', raw: 140, rawCut: 140, maxRaw: 140 })).toEqual({
      scaled: 400,
      passed: true,
    });
    expect(toScaledScore({ program: 'CPCS', raw: 139, rawCut: 140, maxRaw: 140 }).passed).toBe(false);
  });

  it('refuses raw, cut and maximum out of range with typed errors that say what to fix', () => {
    expect(codeOf(() => toScaledScore({ program: 'CPCS', raw: 141, rawCut: 97, maxRaw: 140 }))).toBe(
      'raw-out-of-range',
    );
    expect(codeOf(() => toScaledScore({ program: 'CPCS', raw: -1, rawCut: 97, maxRaw: 140 }))).toBe('raw-out-of-range');
    expect(codeOf(() => toScaledScore({ program: 'CPCS', raw: 1.5, rawCut: 97, maxRaw: 140 }))).toBe(
      'raw-out-of-range',
    );
    expect(codeOf(() => toScaledScore({ program: 'CPCS', raw: 0, rawCut: 0, maxRaw: 140 }))).toBe(
      'raw-cut-out-of-range',
    );
    expect(codeOf(() => toScaledScore({ program: 'CPCS', raw: 0, rawCut: 141, maxRaw: 140 }))).toBe(
      'raw-cut-out-of-range',
    );
    expect(codeOf(() => toScaledScore({ program: 'CPCS', raw: 0, rawCut: 97, maxRaw: 151 }))).toBe(
      'max-raw-out-of-range',
    );
    expect(codeOf(() => toScaledScore({ program: 'CPMSM', raw: 0, rawCut: 97, maxRaw: 176 }))).toBe(
      'max-raw-out-of-range',
    );
    expect(codeOf(() => toScaledScore({ program: 'XYZ' as 'CPCS', raw: 0, rawCut: 97, maxRaw: 140 }))).toBe(
      'unknown-program',
    );
    expect(() => toScaledScore({ program: 'CPCS', raw: 141, rawCut: 97, maxRaw: 140 })).toThrow(
      'the raw score must be a whole number from 0 to 140',
    );
    expect(() => toScaledScore({ program: 'CPCS', raw: 0, rawCut: 97, maxRaw: 151 })).toThrow('at most its 150 items');
  });

  const specs: fc.Arbitrary<ConversionSpec> = fc
    .record({
      maxRaw: fc.integer({ min: 1, max: 300 }),
      cutShare: fc.double({ min: 0, max: 1, noNaN: true }),
      scaleMin: fc.integer({ min: -100, max: 500 }),
      below: fc.integer({ min: 1, max: 400 }),
      above: fc.integer({ min: 1, max: 400 }),
    })
    .map(({ maxRaw, cutShare, scaleMin, below, above }) => ({
      maxRaw,
      rawCut: Math.min(maxRaw, 1 + Math.floor(cutShare * maxRaw)),
      scaleMin,
      passingScaled: scaleMin + below,
      scaleMax: scaleMin + below + above,
    }));

  it('property: the conversion is monotone, exact at the cut, and splits pass/fail at the cut', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const table = conversionTable(spec);
        expect(table).toHaveLength(spec.maxRaw + 1);
        expect(table[spec.rawCut]).toBe(spec.passingScaled);
        table.forEach((scaled, raw) => {
          if (raw > 0) expect(scaled).toBeGreaterThanOrEqual(table[raw - 1]!);
          if (raw < spec.rawCut) expect(scaled).toBeLessThan(spec.passingScaled);
          else expect(scaled).toBeGreaterThanOrEqual(spec.passingScaled);
          expect(scaled).toBeGreaterThanOrEqual(spec.scaleMin);
          expect(scaled).toBeLessThanOrEqual(spec.scaleMax);
          expect(Number.isInteger(scaled)).toBe(true);
          expect(scaleRawScore(raw, spec)).toBe(scaled);
        });
        expect(table[0]).toBe(spec.scaleMin);
        if (spec.rawCut < spec.maxRaw) expect(table[spec.maxRaw]).toBe(spec.scaleMax);
      }),
    );
  });

  it('property: passed ⇔ raw ≥ raw cut, for both programs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('CPCS' as const, 'CPMSM' as const),
        fc.integer({ min: 1, max: 150 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (program, maxRaw, cutShare, rawShare) => {
          const rawCut = Math.min(maxRaw, 1 + Math.floor(cutShare * maxRaw));
          const raw = Math.floor(rawShare * maxRaw);
          expect(toScaledScore({ program, raw, rawCut, maxRaw }).passed).toBe(raw >= rawCut);
        },
      ),
    );
  });
});
