import { condition, log, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { startOfNewYorkDay } from '../../domain/index';
import {
  accommodationReviewKey,
  candidateIdKey,
  examDateKey,
  programKey,
  stageKey,
  testingWindowKey,
} from '../search-attributes';
import type { ApplicationStage } from './contract';
import { acts, type LifecycleActivities } from './ports';
import type { LifecycleState } from './state';

export type CandidateMessage = Parameters<LifecycleActivities['sendCandidateEmail']>[0]['message'];
export type StaffMessage = Parameters<LifecycleActivities['sendStaffEmail']>[0]['message'];

export const nowIso = (): string => new Date().toISOString();

/** Keeps Stage, TestingWindow and ExamDate current so staff can filter cases in Temporal UI. */
export function publishSearchAttributes(s: LifecycleState): void {
  upsertSearchAttributes([
    { key: candidateIdKey, value: s.input.candidateId },
    { key: programKey, value: s.input.program },
    { key: testingWindowKey, value: s.windowId },
    { key: stageKey, value: s.stage },
    {
      key: examDateKey,
      value: s.appointment ? new Date(s.appointment.startsAt ?? startOfNewYorkDay(s.appointment.examDate)) : null,
    },
    { key: accommodationReviewKey, value: accommodationReview(s) },
  ]);
}

/** 'pending' while any request waits for staff, else the latest decision; none without requests. */
function accommodationReview(s: LifecycleState): string | null {
  if (s.accommodations.some((a) => a.status === 'pending')) return 'pending';
  return s.accommodations.at(-1)?.status ?? null;
}

export async function moveTo(s: LifecycleState, stage: ApplicationStage): Promise<void> {
  s.stage = stage;
  s.history.push({ stage, at: nowIso() });
  s.epoch++;
  publishSearchAttributes(s);
  const i = s.input;
  await acts.recordApplication({
    id: i.applicationId,
    candidateId: i.candidateId,
    program: i.program,
    windowId: s.windowId,
    firstName: i.candidate.firstName,
    lastName: i.candidate.lastName,
    membership: i.candidate.membership,
    submittedAt: i.submittedAt,
    stage,
  });
}

/** Every candidate message goes through the email log: at most once per (workflow, dedupe key). */
export async function email(s: LifecycleState, message: CandidateMessage, dedupeKey?: string): Promise<void> {
  await acts.sendCandidateEmail({
    workflowId: workflowInfo().workflowId,
    candidateId: s.input.candidateId,
    applicationId: s.input.applicationId,
    message,
    ...(dedupeKey ? { dedupeKey } : {}),
  });
}

export async function staffEmail(message: StaffMessage, dedupeKey: string): Promise<void> {
  await acts.sendStaffEmail({ workflowId: workflowInfo().workflowId, dedupeKey, message });
}

/**
 * One change at a time: an Update, a Signal's follow-up and a timer step never interleave their activities.
 * `recheck` runs after the turn is ours, because the state may have moved while we waited.
 */
export async function withLock<T>(s: LifecycleState, recheck: () => void, body: () => Promise<T>): Promise<T> {
  await condition(() => !s.busy);
  recheck();
  s.busy = true;
  try {
    return await body();
  } finally {
    s.busy = false;
  }
}

export function logIgnored(what: string, why: string): void {
  log.warn(`${what} ignored: ${why}`);
}
