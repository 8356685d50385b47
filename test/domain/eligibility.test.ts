import { describe, expect, it } from 'vitest';
import {
  attestationProblems,
  DomainRuleError,
  eligibilityDecision,
  eligibilityReviewFacts,
  type EligibilityAttestation,
} from '../../src/domain/index';

const attestation = (overrides: Partial<EligibilityAttestation> = {}): EligibilityAttestation => ({
  program: 'CPCS',
  currentlyEmployedInMedicalServices: true,
  employment: [
    {
      employer: 'General Hospital',
      title: 'Credentialing Coordinator',
      from: '2022-03-01',
      to: '2024-02-29',
      duties: ['primary source verification'],
    },
    {
      employer: 'Health Partners CVO',
      title: 'Credentialing Specialist',
      from: '2024-01-01',
      duties: ['committee preparation', ' '],
    },
  ],
  signedBy: 'Ana Candidate',
  signedAt: '2027-03-01T15:00:00Z',
  affirmed: true,
  ...overrides,
});

describe('eligibility: the candidate attests, staff decide, nothing is pre-approved', () => {
  it('gathers the facts staff need, counting overlapping jobs once, and never decides', () => {
    const facts = eligibilityReviewFacts(attestation(), '2027-02-28');
    expect(facts).toMatchObject({
      program: 'CPCS',
      currentlyEmployedInMedicalServices: true,
      experienceDays: 1826, // 2022-03-01 … 2027-02-28
      experienceYears: 5,
      experienceYearsInLast3Years: 3,
      longestContinuousYears: 5,
      employers: ['General Hospital', 'Health Partners CVO'],
      duties: ['primary source verification', 'committee preparation'],
      decision: 'staff-review-required',
    });
    expect(Object.keys(facts)).not.toContain('eligible');
  });

  it('a gap between jobs is not experience', () => {
    const facts = eligibilityReviewFacts(
      attestation({
        employment: [
          { employer: 'A', title: 'Coordinator', from: '2020-01-01', to: '2020-12-31', duties: ['files'] },
          { employer: 'B', title: 'Specialist', from: '2022-01-01', to: '2022-12-31', duties: ['files'] },
        ],
      }),
      '2027-02-28',
    );
    expect(facts.experienceDays).toBe(366 + 365);
    expect(facts.experienceYearsInLast3Years).toBe(0);
    expect(facts.longestContinuousYears).toBe(1);
  });

  it('an incomplete attestation is refused with every problem listed', () => {
    const bad = attestation({
      signedBy: ' ',
      affirmed: false,
      employment: [{ employer: '', title: 'x', from: '2024-05-01', to: '2024-04-01', duties: [] }],
    });
    const problems = attestationProblems(bad, '2027-02-28');
    expect(problems).toEqual([
      'the candidate must affirm that the statements are true',
      'the attestation must be signed with the candidate’s full name',
      'employment 1: name the employer',
      'employment 1: "to" (2024-04-01) is before "from" (2024-05-01)',
      'employment 1: describe the duties',
    ]);
    expect(() => eligibilityReviewFacts(bad, '2027-02-28')).toThrow(DomainRuleError);
    expect(attestationProblems(attestation({ employment: [] }), '2027-02-28')).toContain(
      'list at least one employment period',
    );
    expect(attestationProblems(attestation(), '2023-01-01')).toContain(
      'employment 2: "from" (2024-01-01) is in the future',
    );
  });

  it('a staff decision names the decider, and a "not eligible" decision needs a reason', () => {
    expect(
      eligibilityDecision({ eligible: true, decidedBy: 'staff-7', decidedAt: '2027-03-02T10:00:00Z' }).eligible,
    ).toBe(true);
    expect(() =>
      eligibilityDecision({ eligible: false, decidedBy: 'staff-7', decidedAt: '2027-03-02T10:00:00Z' }),
    ).toThrow('needs a reason');
    expect(() => eligibilityDecision({ eligible: true, decidedBy: '', decidedAt: '2027-03-02T10:00:00Z' })).toThrow(
      'deciding staff member',
    );
  });
});
