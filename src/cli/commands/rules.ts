import { optionalFlag, requireFlag, UsageError, type Flags } from '../args';
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
  recertificationCycle,
  recertificationFee,
  toScaledScore,
} from '../../domain/index';

interface Subcommand {
  usage: string;
  flags: readonly string[];
  run: (flags: Flags) => unknown;
}

const DATE_MEANING: Record<string, string> = {
  'exam-date': 'the scheduled exam date',
  'window-start': 'the first day of the testing window',
  from: 'the first day counted',
  to: 'the last day counted',
  'certified-on': 'the date of the first certification',
  'second-certified-on': 'the date of the second certification, for a dual certificant',
};

function dateFlag(flags: Flags, name: string): string {
  return parseCivilDate(requireFlag(flags, name, `YYYY-MM-DD (${DATE_MEANING[name] ?? 'a date'})`));
}

function optionalDateFlag(flags: Flags, name: string): string | undefined {
  const value = optionalFlag(flags, name, `YYYY-MM-DD (${DATE_MEANING[name] ?? 'a date'})`);
  return value === undefined ? undefined : dateFlag(flags, name);
}

function wholeNumberFlag(flags: Flags, name: string): number {
  const value = requireFlag(flags, name, 'N (a whole number)');
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

const subcommands: Record<string, Subcommand> = {
  'transfer-deadline': {
    usage: 'rules transfer-deadline --exam-date YYYY-MM-DD',
    flags: ['exam-date'],
    run: (flags) => {
      const examDate = forFlag('exam-date', () => dateFlag(flags, 'exam-date'));
      const lastDay = forFlag('exam-date', () => lastDayToRequestTransfer(examDate));
      return { examDate, lastDayToRequestTransfer: lastDay, timeZone: NEW_YORK_TIME_ZONE };
    },
  },
  'accommodation-deadline': {
    usage: 'rules accommodation-deadline --window-start YYYY-MM-DD',
    flags: ['window-start'],
    run: (flags) => {
      const windowStart = forFlag('window-start', () => dateFlag(flags, 'window-start'));
      return { windowStart, lastDayToRequestAccommodation: accommodationCutoff(windowStart) };
    },
  },
  'business-days': {
    usage: 'rules business-days --from YYYY-MM-DD --to YYYY-MM-DD',
    flags: ['from', 'to'],
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
    flags: ['membership', 'certifications'],
    run: (flags) => {
      const membership = forFlag('membership', () => parseMembership(requireFlag(flags, 'membership', 'member|non-member (NAMSS membership)')));
      const certifications = forFlag('certifications', () =>
        parseCertifications(requireFlag(flags, 'certifications', 'single|dual (how many certifications are renewed)')),
      );
      return { feeUsd: recertificationFee(membership, certifications) };
    },
  },
  'recert-due': {
    usage: 'rules recert-due --certified-on YYYY-MM-DD [--second-certified-on YYYY-MM-DD]',
    flags: ['certified-on', 'second-certified-on'],
    run: (flags) => {
      const first = forFlag('certified-on', () => dateFlag(flags, 'certified-on'));
      const second = forFlag('second-certified-on', () => optionalDateFlag(flags, 'second-certified-on'));
      const cycle = asUsage(
        () => recertificationCycle(first, second),
        (err) => (err.code === 'second-certification-before-first' ? 'second-certified-on' : 'certified-on'),
      );
      return { dueDate: cycle.dueDate, reportingOpens: cycle.reportingOpens, requirement: cycle.requirement };
    },
  },
  'scaled-score': {
    usage: 'rules scaled-score --program CPCS|CPMSM --raw N --raw-cut N --max-raw N',
    flags: ['program', 'raw', 'raw-cut', 'max-raw'],
    run: (flags) => {
      const program = forFlag('program', () => parseProgram(requireFlag(flags, 'program', 'CPCS|CPMSM (the exam program)')));
      const raw = wholeNumberFlag(flags, 'raw');
      const rawCut = wholeNumberFlag(flags, 'raw-cut');
      const maxRaw = wholeNumberFlag(flags, 'max-raw');
      return asUsage(
        () => toScaledScore({ program, raw, rawCut, maxRaw }),
        (err) => SCALED_SCORE_FLAGS[err.code],
      );
    },
  },
};

function usage(): string {
  return `usage: ${Object.values(subcommands)
    .map((s) => s.usage)
    .join(' | ')}`;
}

/** Staff questions to the rules engine: `cli rules <subcommand> --flags…`, answers as JSON. */
export function rulesCommand(words: string[], flags: Flags): unknown {
  const [name, ...extra] = words;
  if (name === undefined) throw new UsageError(`rules needs a subcommand; ${usage()}`);
  const subcommand = subcommands[name];
  if (!subcommand) {
    throw new UsageError(`unknown rules subcommand "${name}"; known: ${Object.keys(subcommands).join(', ')}`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected "${extra.join(' ')}"; usage: ${subcommand.usage}`);
  const unknown = Object.keys(flags).filter((flag) => !subcommand.flags.includes(flag));
  if (unknown.length > 0) {
    throw new UsageError(`unknown flag --${unknown[0]} for rules ${name}; usage: ${subcommand.usage}`);
  }
  return subcommand.run(flags);
}
