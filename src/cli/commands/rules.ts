import { loadPolicyOrExit } from '../../config/policy-file';
import { optionalFlag, requireFlag, UsageError, type FlagHints, type Flags } from '../args';
import type { Action, Command } from '../command';
import {
  accommodationCutoff,
  businessDaysBetween,
  DomainRuleError,
  lastDayToRequestTransfer,
  NEW_YORK_TIME_ZONE,
  parseCertifications,
  parseCivilDate,
  parseMembership,
  parseProgram,
  parseWindowId,
  recertificationCycle,
  recertificationFee,
  toScaledScore,
  windowCalendar,
} from '../../domain/index';

// What each flag's value is: shown by --help and in the message for a missing flag.
const HINTS: FlagHints = {
  'exam-date': 'YYYY-MM-DD (the scheduled exam date)',
  'window-start': 'YYYY-MM-DD (the first day of the testing window)',
  from: 'YYYY-MM-DD (the first day counted)',
  to: 'YYYY-MM-DD (the last day counted)',
  'certified-on': 'YYYY-MM-DD (the date of the first certification)',
  'second-certified-on': 'YYYY-MM-DD (the date of the second certification, for a dual certificant)',
  membership: 'member|non-member (NAMSS membership)',
  certifications: 'single|dual (how many certifications are renewed)',
  program: 'CPCS|CPMSM (the exam program)',
  raw: 'N (a whole number)',
  'raw-cut': 'N (a whole number)',
  'max-raw': 'N (a whole number)',
  window: 'YEAR-SEASON, e.g. 2027-spring (season spring, summer or fall)',
};
// The same policy file the server runs on (POLICY_FILE), so the CLI, the pages and the emails agree; read when asked.
let loaded: ReturnType<typeof loadPolicyOrExit> | undefined;
const policy = () => (loaded ??= loadPolicyOrExit(process.env));

const flagsOf = (...names: string[]): FlagHints => Object.fromEntries(names.map((n) => [n, HINTS[n]!]));
const required = (flags: Flags, name: string) => requireFlag(flags, name, HINTS[name]!);

function dateFlag(flags: Flags, name: string): string {
  return parseCivilDate(required(flags, name));
}

function optionalDateFlag(flags: Flags, name: string): string | undefined {
  const value = optionalFlag(flags, name, HINTS[name]!);
  return value === undefined ? undefined : dateFlag(flags, name);
}

function wholeNumberFlag(flags: Flags, name: string): number {
  const value = required(flags, name);
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/** Runs a domain call so a DomainRuleError becomes a UsageError (one line on stderr, exit code 2). */
function asUsage<T>(read: () => T, flagFor: (err: DomainRuleError) => string | undefined = () => undefined): T {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof DomainRuleError)) throw err;
    const flag = flagFor(err);
    throw new UsageError(flag ? `--${flag}: ${err.message}` : err.message);
  }
}

function forFlag<T>(name: string, read: () => T): T {
  return asUsage(read, () => name);
}

const SCALED_SCORE_FLAGS: Partial<Record<string, string>> = {
  'raw-out-of-range': 'raw',
  'raw-cut-out-of-range': 'raw-cut',
  'max-raw-out-of-range': 'max-raw',
};

const actions: Record<string, Action> = {
  'transfer-deadline': {
    usage: 'rules transfer-deadline --exam-date YYYY-MM-DD',
    flags: flagsOf('exam-date'),
    run: (flags) => {
      const examDate = forFlag('exam-date', () => dateFlag(flags, 'exam-date'));
      const lastDay = forFlag('exam-date', () => lastDayToRequestTransfer(examDate));
      return { examDate, lastDayToRequestTransfer: lastDay, timeZone: NEW_YORK_TIME_ZONE };
    },
  },
  'accommodation-deadline': {
    usage: 'rules accommodation-deadline --window-start YYYY-MM-DD',
    flags: flagsOf('window-start'),
    run: (flags) => {
      const windowStart = forFlag('window-start', () => dateFlag(flags, 'window-start'));
      return { windowStart, lastDayToRequestAccommodation: accommodationCutoff(windowStart) };
    },
  },
  'business-days': {
    usage: 'rules business-days --from YYYY-MM-DD --to YYYY-MM-DD',
    flags: flagsOf('from', 'to'),
    run: (flags) => {
      const from = forFlag('from', () => dateFlag(flags, 'from'));
      const to = forFlag('to', () => dateFlag(flags, 'to'));
      if (from > to) throw new UsageError(`--from (${from}) is after --to (${to}): give the earlier date as --from`);
      const { businessDays, holidays } = asUsage(() => businessDaysBetween(from, to));
      return {
        businessDays,
        holidays: holidays.map((h) => ({ date: h.date, name: h.observed ? `${h.name} (observed)` : h.name })),
      };
    },
  },
  'recert-fee': {
    usage: 'rules recert-fee --membership member|non-member --certifications single|dual',
    flags: flagsOf('membership', 'certifications'),
    run: (flags) => {
      const membership = forFlag('membership', () => parseMembership(required(flags, 'membership')));
      const certifications = forFlag('certifications', () => parseCertifications(required(flags, 'certifications')));
      return { feeUsd: recertificationFee(membership, certifications, policy()) };
    },
  },
  'recert-due': {
    usage: 'rules recert-due --certified-on YYYY-MM-DD [--second-certified-on YYYY-MM-DD]',
    flags: flagsOf('certified-on', 'second-certified-on'),
    run: (flags) => {
      const first = forFlag('certified-on', () => dateFlag(flags, 'certified-on'));
      const second = forFlag('second-certified-on', () => optionalDateFlag(flags, 'second-certified-on'));
      const cycle = asUsage(
        () => recertificationCycle(first, second, policy()),
        (err) => (err.code === 'second-certification-before-first' ? 'second-certified-on' : 'certified-on'),
      );
      return { dueDate: cycle.dueDate, reportingOpens: cycle.reportingOpens, requirement: cycle.requirement };
    },
  },
  window: {
    usage: 'rules window --window YEAR-SEASON',
    flags: flagsOf('window'),
    run: (flags) => {
      const c = forFlag('window', () => windowCalendar(parseWindowId(required(flags, 'window')).id, policy()));
      // FAQ: the close "may be up to three weeks after an individual's testing date" (the last test day), and
      // results come "approximately six to eight weeks from the close of the testing period/window".
      return {
        windowId: c.windowId,
        applicationDeadline: c.applicationDeadline,
        lateDeadline: c.lateApplicationDeadline,
        accommodationDeadline: c.accommodationCutoff,
        noticeToSchedule: c.noticeToSchedule,
        firstTestDay: c.start,
        lastTestDay: c.end,
        close: c.close,
        earliestRelease: c.scoreRelease.earliest,
        latestRelease: c.scoreRelease.latest,
      };
    },
  },
  'scaled-score': {
    usage: 'rules scaled-score --program CPCS|CPMSM --raw N --raw-cut N --max-raw N',
    flags: flagsOf('program', 'raw', 'raw-cut', 'max-raw'),
    run: (flags) => {
      const program = forFlag('program', () => parseProgram(required(flags, 'program')));
      const raw = wholeNumberFlag(flags, 'raw');
      const rawCut = wholeNumberFlag(flags, 'raw-cut');
      const maxRaw = wholeNumberFlag(flags, 'max-raw');
      return asUsage(
        () => toScaledScore({ program, raw, rawCut, maxRaw }, policy()),
        (err) => SCALED_SCORE_FLAGS[err.code],
      );
    },
  },
};

/** Staff questions to the rules engine: `cli rules <subcommand> --flags…`, answers as JSON. */
export const rulesCommand: Command = {
  summary: 'questions to the rules engine (deadlines, window calendar, business days, fees, scores), answered as JSON',
  actions,
};
