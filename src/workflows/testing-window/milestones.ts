import { addDays, defaultPolicy, startOfNewYorkDay, windowCalendar, type Policy } from '../../domain/index';
import type { Milestone, WindowStage } from './contract';

// Deadlines and last days pass when their day is over; openings begin with their day.
const LAST_DAYS: readonly Milestone['name'][] = ['applicationDeadline', 'lateApplicationDeadline', 'accommodationCutoff', 'end', 'close'];

/** The window's calendar as timers: each milestone at the start of its day in New York (DESIGN.md, business days). */
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
    // FAQ: the close "may be up to three weeks after an individual's testing date": at the end of the latest close day.
    ['close', c.latestClose],
  ];
  return dated
    .map(([name, date]) => ({ name, date, at: startOfNewYorkDay(LAST_DAYS.includes(name) ? addDays(date, 1) : date) }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
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
