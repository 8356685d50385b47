import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Policy, Program } from '../../domain/index';
import type { NeatMethod } from '../../domain/equating/index';

export const testingWindowWorkflowName = 'testingWindowWorkflow';
export const yearlyWindowsWorkflowName = 'yearlyWindowsWorkflow';
/** The Schedule that creates next year's windows (see src/wiring/window-schedule.ts). */
export const yearlyWindowsScheduleId = 'testing-windows-yearly';

/** One workflow per program × season. */
export function testingWindowWorkflowId(program: Program | string, windowId: string): string {
  return `testing-window-${program}-${windowId}`;
}

export interface TestingWindowInput {
  program: Program;
  windowId: string;
  /** NEAT method for equating to the reference form (default Tucker). */
  method?: NeatMethod;
  /** The policy file when the window was created (calendar, scale); absent in older histories: the compiled values. */
  policy?: Policy;
}

/** Also the `Stage` search attribute of the window workflow. */
export type WindowStage =
  | 'scheduled'
  | 'applications-open'
  | 'application-deadline-passed'
  | 'late-deadline-passed'
  | 'accommodation-cutoff-passed'
  | 'notice-to-schedule'
  | 'testing'
  | 'awaiting-close'
  | 'item-analysis'
  | 'key-validation'
  | 'equating'
  | 'awaiting-approval'
  | 'approved'
  | 'releasing'
  | 'released'
  | 'closed-without-results';

export interface Milestone {
  name:
    | 'applicationsOpen'
    | 'applicationDeadline'
    | 'lateApplicationDeadline'
    | 'accommodationCutoff'
    | 'noticeToSchedule'
    | 'start'
    | 'end'
    | 'close';
  date: string;
  /** Start of that day in New York; a last day (a deadline, the last test day, the close) at its end. */
  at: string;
  reachedAt?: string;
}

export interface FlaggedItem {
  itemId: string;
  kind: 'possible-miskey' | 'broken';
  reasons: string[];
  key: 'A' | 'B' | 'C';
  suggestedKey: 'A' | 'B' | 'C' | null;
  p: number;
  pointBiserial: number | null;
}

export type KeyAction = 'accept' | 'rekey' | 'drop';
export interface KeyDecisionInput {
  itemId: string;
  action: KeyAction;
  /** The new key, for `rekey` only. */
  key?: 'A' | 'B' | 'C';
  decidedBy: string;
}
export interface KeyDecisionRecord extends KeyDecisionInput {
  at: string;
}

export interface EquatingSummary {
  method: NeatMethod;
  maxRaw: number;
  rawCut: number;
  referenceRawCut: number;
  examinees: number;
  passed: number;
  /** Raw → scaled, entry r for raw score r. */
  conversion: number[];
}

export interface ApproveEquatingInput {
  approvedBy: string;
  /** ISO instant; default 6 weeks after the close (FAQ); one that has passed means at once. */
  releaseAt?: string;
}

export interface WindowCounts {
  applications: number;
  results: number;
  flagged: number;
  decided: number;
  closedNotified: number;
  approvedNotified: number;
  released: number;
}

export interface WindowStatus {
  program: Program;
  windowId: string;
  stage: WindowStage;
  formId: string | null;
  milestones: Milestone[];
  closedAt: string | null;
  flagged: FlaggedItem[];
  decisions: KeyDecisionRecord[];
  equating: EquatingSummary | null;
  releaseAt: string | null;
  approvedBy: string | null;
  releasedAt: string | null;
  counts: WindowCounts;
}

export interface WindowCalendarView {
  program: Program;
  windowId: string;
  label: string;
  formsAssembledInAprilOf: number;
  milestones: Milestone[];
  scoreRelease: { earliest: string; latest: string } | null;
}

export const calendarQuery = defineQuery<WindowCalendarView>('calendarQuery');
export const statusQuery = defineQuery<WindowStatus>('statusQuery');
export const validateKeyUpdate = defineUpdate<
  { remaining: string[]; decisions: KeyDecisionRecord[] },
  [KeyDecisionInput]
>('validateKeyUpdate');
export const approveEquatingUpdate = defineUpdate<{ releaseAt: string }, [ApproveEquatingInput]>(
  'approveEquatingUpdate',
);

/** FAQ: results "approximately six to eight weeks from the close of the testing period/window": 6 by default. */
export const RELEASE_DEFAULT_DAYS = 42;
