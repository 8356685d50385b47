import { applicationTiming, defaultPolicy, windowsOfYear, type Policy, type WindowCalendar } from '../domain/index';

export interface OpenWindow {
  id: string;
  label: string;
  note: string;
  late: boolean;
}

/** Windows that take applications on this day (on time or late), this year's and next. */
export function openWindows(now: Date, policy: Policy = defaultPolicy): OpenWindow[] {
  const year = now.getUTCFullYear();
  const candidates: WindowCalendar[] = [...windowsOfYear(year, policy), ...windowsOfYear(year + 1, policy)];
  return candidates.flatMap((w) => {
    const check = applicationTiming(w.windowId, now.toISOString(), policy);
    if (check.timing !== 'on-time' && check.timing !== 'late') return [];
    const late = check.timing === 'late';
    const note = late
      ? `late application, late fee applies; closes ${check.lateApplicationDeadline}`
      : `testing ${w.start} to ${w.end}; apply by ${check.applicationDeadline}`;
    return [{ id: w.windowId, label: w.label, note, late }];
  });
}
