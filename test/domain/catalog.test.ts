import { describe, expect, it } from 'vitest';
import { DomainRuleError, examCatalog, examFor, parseProgram } from '../../src/domain/index';

describe('exam catalog (FAQ)', () => {
  it('CPCS: 150 items, 3 hours, passing scaled score 400', () => {
    expect(examFor('CPCS')).toMatchObject({ items: 150, durationMinutes: 180, passingScaledScore: 400 });
  });

  it('CPMSM: 175 items, 4 hours, passing scaled score 450', () => {
    expect(examFor('CPMSM')).toMatchObject({ items: 175, durationMinutes: 240, passingScaledScore: 450 });
  });

  it('every item has one key and two distractors', () => {
    for (const exam of Object.values(examCatalog)) {
      expect(exam).toMatchObject({ keysPerItem: 1, distractorsPerItem: 2, optionsPerItem: 3 });
    }
  });

  it('program names read case-insensitively; an unknown program names the choices', () => {
    expect(parseProgram('cpmsm')).toBe('CPMSM');
    expect(() => parseProgram('CPC')).toThrow('expected CPCS or CPMSM');
    expect(() => parseProgram('CPC')).toThrow(DomainRuleError);
  });
});
