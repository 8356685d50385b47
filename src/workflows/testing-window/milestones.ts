import {
  addDays,
  defaultPolicy,
  startOfNewYorkDay,
  windowCalendar,
  windowCloseDate,
  type Policy,
} from '../../domain/index';
import type { Milestone, WindowStage } from './contract';

// Deadlines and last days pass when their day is over; openings begin with their day.
const LAST_DAYS: readonly Milestone['name'][] = [
  'applicationDeadline',
  'lateApplicationDeadline',
  'accommodationCutoff',
  'end',
  'close',
];

/** The window's calendar as timers: each milestone at the start of its day in New York (docs/architecture.md, Business days). */
export function milestonesOf(windowId: string, policy: Policy = defaultPolicy): Milestone[] {
  const c = windowCalendar(windowId, policy);
  const dated: [Milestone['name'], string][] = [
    ['applicationsOpen', c.applicationsOpen],
    ['applicationDeadline', c.applicationDeadline],
    ['lateApplicationDeadline', c.lateApplicationDeadline],
    ['accommodationCutoff', c.accommodationCutoff],
    ['noticeToSchedule', c.noticeToSchedule],
    ['start', c.start],
    ['end', c.end],
    // FAQ: the close "may be up to three weeks after an individual's testing date": when the last test day ends.
    ['close', c.close],
  ];
  return dated.map(([name, date]) => milestone(name, date)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function milestone(name: Milestone['name'], date: string): Milestone {
  return { name, date, at: startOfNewYorkDay(LAST_DAYS.includes(name) ? addDays(date, 1) : date) };
}

/** The close of a run from before the patch: the end of the 21st day after the last test day. */
export function legacyCloseMilestone(windowId: string): Milestone {
  return milestone('close', windowCloseDate(windowId, true));
}

/** The stage a window enters when a milestone passes. */
export const stageAfter: Record<Milestone['name'], WindowStage> = {
  applicationsOpen: 'applications-open',
  applicationDeadline: 'application-deadline-passed',
  lateApplicationDeadline: 'late-deadline-passed',
  accommodationCutoff: 'accommodation-cutoff-passed',
  noticeToSchedule: 'notice-to-schedule',
  start: 'testing',
  end: 'awaiting-close',
  close: 'item-analysis',
};
