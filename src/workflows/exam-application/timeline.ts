import { patched } from '@temporalio/workflow';
import {
  addDays,
  endOfNewYorkDay,
  epochMsToInstant,
  lastDayToRequestTransfer,
  windowCalendar,
} from '../../domain/index';
import { ms, reminderTime, type LifecycleState } from './state';

/** Runs from before it decided a no-show a grace after the exam day; new runs decide it when the window closes. */
export const noShowAtClosePatch = 'no-show-at-window-close';

/** A step the clock or an earlier signal makes due; `key` is remembered once done so nothing repeats. */
export type Step =
  | { key: string; at: string; kind: 'eligibility-overdue'; n: number }
  | { key: string; at: string; kind: 'notice' }
  | { key: string; at: string; kind: 'reminder'; daysBefore: number }
  | { key: string; at: string; kind: 'transfer-reminder' }
  | { key: string; at: string; kind: 'no-show' }
  | { key: string; at: string; kind: 'tested' }
  | { key: string; at: string; kind: 'closed' }
  | { key: string; at: string; kind: 'equated' }
  | { key: string; at: string; kind: 'release' };

/**
 * Decides once, when the case first waits for a test, whether its no-show waits for the window's close: a run
 * already waiting for a test before the deploy keeps the old rule, any other takes the new one.
 */
export function settleNoShowRule(s: LifecycleState): void {
  if (s.noShowAtClose === undefined && (s.stage === 'scheduling' || s.stage === 'scheduled'))
    s.noShowAtClose = patched(noShowAtClosePatch);
}

/** The earliest step not yet done for the current stage, or none (then only a handler can move the case on). */
export function nextStep(s: LifecycleState, now: string): Step | undefined {
  const due = candidates(s, now).filter((step) => !s.done.includes(step.key));
  return due.sort((a, b) => ms(a.at) - ms(b.at))[0];
}

function candidates(s: LifecycleState, now: string): Step[] {
  const cal = windowCalendar(s.windowId, s.policy);
  const o = s.options;
  switch (s.stage) {
    case 'eligibility-review': {
      // Staff are reminded every `eligibilityReminderAfterDays` while the decision waits, a bounded number of times.
      const n = s.done.filter((k) => k.startsWith('eligibility-overdue:')).length + 1;
      if (n > o.eligibilityRemindersMax) return [];
      const at = epochMsToInstant(ms(s.startedAt) + n * o.eligibilityReminderAfterDays * 86_400_000);
      return [{ key: `eligibility-overdue:${n}`, at, kind: 'eligibility-overdue', n }];
    }
    case 'awaiting-notice':
      // The notice goes out at the window's notice time, or at once when the approval comes later.
      return [{ key: `notice:${s.windowId}`, at: reminderTime(s, cal.noticeToSchedule), kind: 'notice' }];
    case 'scheduling':
      if (s.result) return [{ key: 'tested', at: now, kind: 'tested' }];
      return [noShowStep(s, `no-show:${s.windowId}`, cal.end)];
    case 'scheduled': {
      if (s.result) return [{ key: 'tested', at: now, kind: 'tested' }];
      const a = s.appointment!;
      const lastTransferDay = lastDayToRequestTransfer(a.examDate);
      const steps: Step[] = [
        ...s.policy.reminders.appointmentDaysBefore.map((d): Step => ({
          key: `appointment-reminder-${d}d:${a.seq}`,
          at: reminderTime(s, addDays(a.examDate, -d)),
          kind: 'reminder',
          daysBefore: d,
        })),
        {
          key: `transfer-deadline-reminder:${a.seq}`,
          at: reminderTime(s, addDays(lastTransferDay, -o.transferReminderDaysBefore)),
          kind: 'transfer-reminder',
        },
      ];
      // A reminder whose moment had passed when the appointment was made is skipped, not sent late.
      const timely = steps.filter((step) => ms(step.at) >= ms(a.reportedAt));
      return [...timely, noShowStep(s, `no-show:${a.seq}`, a.examDate)];
    }
    case 'awaiting-close':
      return s.windowClosed ? [{ key: 'closed', at: now, kind: 'closed' }] : [];
    case 'awaiting-equating':
      return s.equating ? [{ key: 'equated', at: now, kind: 'equated' }] : [];
    case 'awaiting-release': {
      if (!s.released || !s.equating) return [];
      // The score goes out at the release time, even if the window's signal came early.
      const at = ms(s.equating.releaseAt) > ms(now) ? s.equating.releaseAt : now;
      return [{ key: 'release', at, kind: 'release' }];
    }
    default:
      return [];
  }
}

/**
 * FAQ: the close "may be up to three weeks after an individual's testing date": a scheduled candidate without a
 * result is a no-show when the window closes (the end of its last test day), plus any configured grace. Older runs
 * count the grace from `legacyFrom` (the exam day, or the last test day when no appointment was reported).
 */
function noShowStep(s: LifecycleState, legacyKey: string, legacyFrom: string): Step {
  if (!s.noShowAtClose)
    return { key: legacyKey, at: endOfNewYorkDay(addDays(legacyFrom, s.options.noShowGraceDays)), kind: 'no-show' };
  const grace = s.input.options?.noShowGraceDays ?? 0;
  return {
    key: `no-show:${s.windowId}`,
    at: endOfNewYorkDay(addDays(windowCalendar(s.windowId).close, grace)),
    kind: 'no-show',
  };
}
