import { newYorkDateOf, parseCivilDate, type CivilDate } from '../../domain/index';
import { refuse } from '../refusals';
import type { ApplicationStage } from './contract';
import type { LifecycleState } from './state';
import { stageWords } from './status';

// What every message's check is made of; each message's own rule lives in the file named after it.

export function requireStage(s: LifecycleState, allowed: ApplicationStage[], action: string): void {
  if (!allowed.includes(s.stage))
    refuse('ActionNotAvailable', `Your application is ${stageWords[s.stage]}: ${action} is not possible now.`);
}

/** The stages in which a case has not been tested yet. */
export const BEFORE_TEST: ApplicationStage[] = [
  'submitted',
  'eligibility-review',
  'awaiting-notice',
  'scheduling',
  'scheduled',
];

/** Text a person wrote: not blank, and at most `max` characters. */
export const text = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.trim().length > 0 && v.length <= max;

export const todayNy = (now: string): CivilDate => newYorkDateOf(now);

export function validDate(value: unknown, field: string): CivilDate {
  try {
    return parseCivilDate(String(value));
  } catch {
    return refuse('InvalidRequest', `${field} must be a date written YYYY-MM-DD, got "${String(value)}".`);
  }
}
