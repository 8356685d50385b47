import { describe, expect, it } from 'vitest';
import {
  examFeeQuote,
  parseCertifications,
  parseMembership,
  policyWith,
  recertificationFee,
  recertificationFeeQuote,
  transferFee,
} from '../../src/domain/index';

describe('recertification fees (FAQ matrix)', () => {
  it('single: $175 member, $325 non-member; dual: $200 member, $350 non-member', () => {
    expect(recertificationFee('member', 'single')).toBe(175);
    expect(recertificationFee('non-member', 'single')).toBe(325);
    expect(recertificationFee('member', 'dual')).toBe(200);
    expect(recertificationFee('non-member', 'dual')).toBe(350);
  });

  it('the matrix comes from the policy: a configured fee wins over the compiled one', () => {
    const policy = policyWith({ recertificationFeeUsd: { single: { 'non-member': 340 } } });
    expect(recertificationFee('non-member', 'single', policy)).toBe(340);
    expect(
      recertificationFeeQuote({ membership: 'non-member', certifications: 'single', reinstatement: false }, policy)
        .totalUsd,
    ).toBe(340);
    expect(recertificationFee('member', 'single', policy)).toBe(175);
  });

  it('a renewal in the reinstatement period adds the configured reinstatement fee', () => {
    expect(recertificationFeeQuote({ membership: 'member', certifications: 'single', reinstatement: false })).toEqual({
      recertificationFeeUsd: 175,
      reinstatementFeeUsd: 0,
      totalUsd: 175,
    });
    const policy = policyWith({ reinstatementFeeUsd: 50 });
    expect(
      recertificationFeeQuote({ membership: 'non-member', certifications: 'dual', reinstatement: true }, policy)
        .totalUsd,
    ).toBe(400);
  });

  it('unknown membership or certifications say what is expected', () => {
    expect(() => parseMembership('gold')).toThrow('expected member or non-member');
    expect(() => parseCertifications('triple')).toThrow('expected single or dual');
  });
});

describe('configured fees: exam fee by membership, late fee, transfer fee', () => {
  it('come from the policy, late fee only for late applications', () => {
    const policy = policyWith({ examFeeUsd: { member: 400, 'non-member': 575 }, lateFeeUsd: 75, transferFeeUsd: 60 });
    expect(examFeeQuote({ membership: 'member', late: false }, policy)).toEqual({
      examFeeUsd: 400,
      lateFeeUsd: 0,
      totalUsd: 400,
    });
    expect(examFeeQuote({ membership: 'non-member', late: true }, policy)).toEqual({
      examFeeUsd: 575,
      lateFeeUsd: 75,
      totalUsd: 650,
    });
    expect(transferFee(policy)).toBe(60);
  });
});
