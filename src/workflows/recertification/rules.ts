import {
  addDays,
  ceMeter,
  civilDateParts,
  compareCivilDates,
  newYorkDateOf,
  recertificationPhase,
  type CeMeter,
  type CivilDate,
  type Policy,
} from '../../domain/index';
import {
  ceDocumentContentTypes,
  ceDocumentMaxBytes,
  ceEntryMaxHours,
  type CeEntryInput,
  type CeEntryRecord,
  type RecertificationStage,
  type RecertificationState,
} from './contract';

/** Workflow time (deterministic inside a workflow) as a New York calendar date. */
export function todayOf(nowMs: number): CivilDate {
  return newYorkDateOf(new Date(nowMs).toISOString());
}

/** The due date in force: an extension moves it, nothing else does. */
export function deadlineOf(state: RecertificationState): CivilDate {
  return state.extension?.until ?? state.cycle!.dueDate;
}

export function meterOf(state: RecertificationState, only?: 'accepted'): CeMeter {
  const entries = only ? state.entries.filter((e) => e.status === 'accepted') : state.entries;
  return ceMeter(entries, state.cycle!.requirement);
}

const hours = (n: number) => `${n} more ${n === 1 ? 'hour' : 'hours'}`;

/** The hours a meter still lacks, in words: the NAMSS-approved part, then the total. */
export function shortOf(meter: CeMeter): string[] {
  const out: string[] = [];
  if (meter.remainingNamssApprovedHours > 0)
    out.push(`${hours(meter.remainingNamssApprovedHours)} of NAMSS-approved CE`);
  if (meter.remainingHours > 0)
    out.push(`${hours(meter.remainingHours)} of CE in total (${meter.requirement.totalHours} required)`);
  return out;
}

/** What still stands between the certificant and a complete submission, in words they can act on. */
export function missingOf(state: RecertificationState): string[] {
  if (!state.cycle) return [];
  const out = shortOf(meterOf(state));
  const undocumented = state.entries.filter((e) => e.status === 'reported' && !e.document);
  if (undocumented.length > 0)
    out.push(`a certificate of completion for: ${undocumented.map((e) => e.title).join('; ')}`);
  return out;
}

export function stageOf(state: RecertificationState, today: CivilDate): RecertificationStage {
  if (!state.cycle) return 'awaiting-certification';
  if (state.submission) return 'submitted';
  const phase = recertificationPhase(state.cycle, today, state.extension?.until);
  return phase;
}

/** Validator for a new or edited entry: each refusal says what to change. */
export function entryProblems(entry: CeEntryInput, state: RecertificationState, today: CivilDate): string[] {
  const problems: string[] = [];
  if (typeof entry.title !== 'string' || entry.title.trim().length === 0 || entry.title.length > 200)
    problems.push('Give the title of the activity (up to 200 characters).');
  if (typeof entry.provider !== 'string' || entry.provider.trim().length === 0 || entry.provider.length > 200)
    problems.push('Give the provider of the activity (up to 200 characters).');
  if (entry.kind !== 'namss-approved' && entry.kind !== 'other')
    problems.push('Say whether the activity is NAMSS-approved or other education.');
  if (typeof entry.hours !== 'number' || !Number.isFinite(entry.hours) || entry.hours <= 0) {
    problems.push('Hours must be more than 0.');
  } else if (entry.hours > ceEntryMaxHours) {
    problems.push(
      `Hours must be at most ${ceEntryMaxHours} for one activity; report a longer programme as separate entries.`,
    );
  } else if (Math.abs(Math.round(entry.hours * 4) - entry.hours * 4) > 1e-9) {
    problems.push('Hours are counted in quarter hours: use for example 1, 1.25, 1.5 or 1.75.');
  }
  const start = state.cycleStartsOn!;
  const last = compareCivilDates(today, deadlineOf(state)) < 0 ? today : deadlineOf(state);
  let validDate = true;
  try {
    civilDateParts(entry.completedOn);
  } catch {
    validDate = false;
    problems.push('Give the completion date as YYYY-MM-DD.');
  }
  if (
    validDate &&
    (compareCivilDates(entry.completedOn, start) < 0 || compareCivilDates(entry.completedOn, last) > 0)
  ) {
    problems.push(`The completion date must be inside this cycle: from ${start} to ${last}.`);
  }
  if (entry.document) problems.push(...documentProblems(entry.document));
  return problems;
}

export function documentProblems(doc: NonNullable<CeEntryInput['document']>): string[] {
  const out: string[] = [];
  if (!(ceDocumentContentTypes as readonly string[]).includes(doc.contentType))
    out.push('The certificate must be a PDF, PNG or JPEG file.');
  if (!(doc.sizeBytes > 0 && doc.sizeBytes <= ceDocumentMaxBytes))
    out.push(`The certificate must be at most ${ceDocumentMaxBytes / 1024 / 1024} MB.`);
  return out;
}

/** Entries the certificant may still change: not yet submitted or judged. */
export function editable(entry: CeEntryRecord | undefined): entry is CeEntryRecord {
  return entry !== undefined && entry.status === 'reported' && entry.submittedAt === undefined;
}

export interface Reminder {
  key: string;
  kind: 'reporting-open' | 'due-soon' | 'due-today';
  date: CivilDate;
  daysBefore: number;
}

/** Reporting opens; the policy's days before the due date in force (90, 30, 7 compiled in); on it (issue 6, Reminders). */
export function remindersOf(state: RecertificationState, policy: Policy): Reminder[] {
  const cycle = state.cycle!;
  const due = deadlineOf(state);
  const list: Reminder[] = [
    { key: `c${cycle.cycleNumber}:reporting-open`, kind: 'reporting-open', date: cycle.reportingOpens, daysBefore: 0 },
  ];
  for (const d of policy.reminders.recertificationDueDaysBefore)
    list.push({
      key: `c${cycle.cycleNumber}:due-${d}:${due}`,
      kind: 'due-soon',
      date: addDays(due, -d),
      daysBefore: d,
    });
  list.push({ key: `c${cycle.cycleNumber}:due-today:${due}`, kind: 'due-today', date: due, daysBefore: 0 });
  return list.filter((r) => !state.reminders.includes(r.key)).sort((a, b) => compareCivilDates(a.date, b.date));
}
