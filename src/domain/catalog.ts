import { DomainRuleError } from './errors';

export type Program = 'CPCS' | 'CPMSM';
export const PROGRAMS: readonly Program[] = ['CPCS', 'CPMSM'];

export interface ExamSpec {
  program: Program;
  title: string;
  /** Questions on the exam (scored and pretest together). */
  items: number;
  durationMinutes: number;
  passingScaledScore: number;
  /** Every item: one correct answer (the key) and two plausible distractors. */
  keysPerItem: 1;
  distractorsPerItem: 2;
  optionsPerItem: 3;
}

export const examCatalog: Readonly<Record<Program, Readonly<ExamSpec>>> = Object.freeze({
  // FAQ: "There are 150 questions on the CPCS exam"; "The CPCS® exam is three hours";
  // "The passing scaled score will be 400 for the CPCS® exam".
  CPCS: Object.freeze({
    program: 'CPCS',
    title: 'Certified Provider Credentialing Specialist',
    items: 150,
    durationMinutes: 180,
    passingScaledScore: 400,
    keysPerItem: 1,
    distractorsPerItem: 2,
    optionsPerItem: 3,
  }),
  // FAQ: "175 questions on the CPMSM exam"; "the CPMSM® examination is four hours"; "450 for the CPMSM® exam".
  CPMSM: Object.freeze({
    program: 'CPMSM',
    title: 'Certified Professional Medical Services Management',
    items: 175,
    durationMinutes: 240,
    passingScaledScore: 450,
    // FAQ: "There will be one correct answer, and two plausible, but incorrect answers."
    keysPerItem: 1,
    distractorsPerItem: 2,
    optionsPerItem: 3,
  }),
});

export function isProgram(value: unknown): value is Program {
  return value === 'CPCS' || value === 'CPMSM';
}

/** Reads a program name (case-insensitive); throws DomainRuleError('unknown-program') naming the choices. */
export function parseProgram(text: string): Program {
  const upper = typeof text === 'string' ? text.trim().toUpperCase() : '';
  if (isProgram(upper)) return upper;
  throw new DomainRuleError('unknown-program', `unknown program "${String(text)}": expected CPCS or CPMSM`);
}

export function examFor(program: Program): Readonly<ExamSpec> {
  if (!isProgram(program)) parseProgram(program);
  return examCatalog[program];
}
