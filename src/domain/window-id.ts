import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR } from './civil-date';
import { DomainRuleError } from './errors';

// Policy values (docs/architecture.md): "three windows a year (Spring, Summer, Fall)", in this order within a year.
export type Season = 'spring' | 'summer' | 'fall';
export const SEASONS: readonly Season[] = ['spring', 'summer', 'fall'];

/** A testing window's id, e.g. '2027-fall'; its human label is 'Fall 2027'. */
export type WindowId = `${number}-${Season}`;

export interface WindowRef {
  id: WindowId;
  season: Season;
  year: number;
  label: string;
}

const PATTERN = /^(\d{4})-(spring|summer|fall)$/;

function ref(season: Season, year: number): WindowRef {
  if (!Number.isInteger(year) || year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) {
    throw new DomainRuleError(
      'invalid-window-id',
      `window year ${year} is outside the business calendar (${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR})`,
    );
  }
  const label = `${season[0]!.toUpperCase()}${season.slice(1)} ${year}`;
  return { id: `${year}-${season}`, season, year, label };
}

export function isSeason(value: unknown): value is Season {
  return value === 'spring' || value === 'summer' || value === 'fall';
}

export function windowIdFor(season: Season, year: number): WindowId {
  if (!isSeason(season)) {
    throw new DomainRuleError(
      'invalid-window-id',
      `unknown season "${String(season)}": expected spring, summer or fall`,
    );
  }
  return ref(season, year).id;
}

/** Reads '2027-fall' (case-insensitive); throws DomainRuleError('invalid-window-id') showing the form. */
export function parseWindowId(text: string): WindowRef {
  const match = typeof text === 'string' ? PATTERN.exec(text.trim().toLowerCase()) : null;
  if (!match) {
    throw new DomainRuleError(
      'invalid-window-id',
      `"${String(text)}" is not a testing window: write YEAR-SEASON, for example 2027-fall (spring, summer or fall)`,
    );
  }
  return ref(match[2] as Season, Number(match[1]));
}

/** 'Fall 2027' for '2027-fall'. */
export function windowLabel(id: string): string {
  return parseWindowId(id).label;
}

/** FAQ: "transfer your exam into the next test window" — Spring → Summer → Fall → next year's Spring. */
export function nextWindowId(id: string): WindowId {
  const { season, year } = parseWindowId(id);
  const index = SEASONS.indexOf(season);
  return index === SEASONS.length - 1 ? windowIdFor('spring', year + 1) : windowIdFor(SEASONS[index + 1]!, year);
}

export function previousWindowId(id: string): WindowId {
  const { season, year } = parseWindowId(id);
  const index = SEASONS.indexOf(season);
  return index === 0 ? windowIdFor('fall', year - 1) : windowIdFor(SEASONS[index - 1]!, year);
}

/** Chronological order of windows: negative when `a` comes first. */
export function compareWindowIds(a: string, b: string): number {
  const x = parseWindowId(a);
  const y = parseWindowId(b);
  return x.year !== y.year ? x.year - y.year : SEASONS.indexOf(x.season) - SEASONS.indexOf(y.season);
}

/** FAQ: "If I fail the exam, why can't I take it in the same testing window?" — only a later window. */
export function mayRetakeIn(failedWindowId: string, targetWindowId: string): boolean {
  return compareWindowIds(targetWindowId, failedWindowId) > 0;
}

/**
 * FAQ: "The exam forms assembled in April are administered in the following Fall testing window and
 * subsequent Spring and Summer testing windows." Fall Y → April Y; Spring/Summer Y → April Y−1.
 */
export function formAssemblyYearOf(id: string): number {
  const { season, year } = parseWindowId(id);
  return season === 'fall' ? year : year - 1;
}

/** The windows whose forms are assembled in April of `year`, written to the standards in force then. */
export function windowsServedByAprilAssembly(year: number): [WindowId, WindowId, WindowId] {
  return [windowIdFor('fall', year), windowIdFor('spring', year + 1), windowIdFor('summer', year + 1)];
}
