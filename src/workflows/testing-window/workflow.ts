import {
  allHandlersFinished,
  ActivityFailure,
  ApplicationFailure,
  condition,
  patched,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActivitiesOf } from '../activity-ports';
import { policyOrCompiled, scoreReleaseRange, windowCalendar } from '../../domain/index';
import { routedActivities } from '../activity-queues/routing';
import { programKey, stageKey, testingWindowKey } from '../search-attributes';
import {
  approveEquatingUpdate,
  calendarQuery,
  statusQuery,
  validateKeyUpdate,
  type TestingWindowInput,
  type WindowStage,
  type WindowStatus,
} from './contract';
import { auditedSyncUpdate } from '../decision-audit/audit';
import { approvalHandlers, keyValidationHandlers } from './handlers';
import { legacyCloseMilestone, milestonesOf, stageAfter } from './milestones';

/** The window's records, its heavy scoring steps and the fan-out to its applications. */
type Activities = ActivitiesOf<
  | 'recordWindow'
  | 'countWindow'
  | 'prepareWindow'
  | 'analyzeWindowResults'
  | 'equateWindow'
  | 'notifyWindowApplications'
  | 'publishStatistics'
>;
/** Runs that reached their close before it closed 21 days after the last test day; new ones close with it. */
export const windowClosesWithLastTestDayPatch = 'window-closes-with-last-test-day';

const retry = { initialInterval: '2 seconds', maximumInterval: '5 minutes' };
const acts = routedActivities<Activities>({ startToCloseTimeout: '2 minutes', retry });
// Analysis and equating read every response of the window: minutes, not seconds, on a large window.
const heavy = routedActivities<Activities>({ startToCloseTimeout: '30 minutes', retry });
// The fan-out heartbeats per batch and resumes from its last heartbeat after a failure.
const fanOut = routedActivities<Activities>({ startToCloseTimeout: '4 hours', heartbeatTimeout: '2 minutes', retry });

async function sleepUntil(at: string): Promise<void> {
  const ms = Date.parse(at) - Date.now();
  if (ms > 0) await sleep(ms);
}

/** One program × season: calendar timers, close, item analysis, key validation, equating, approval, release. */
export async function testingWindowWorkflow(input: TestingWindowInput): Promise<WindowStatus> {
  const workflowId = workflowInfo().workflowId;
  const ref = { workflowId, program: input.program, windowId: input.windowId };
  const policy = policyOrCompiled(input.policy);
  const calendar = windowCalendar(input.windowId, policy);
  const status: WindowStatus = {
    program: input.program,
    windowId: input.windowId,
    stage: 'scheduled',
    formId: null,
    milestones: milestonesOf(input.windowId, policy),
    closedAt: null,
    flagged: [],
    decisions: [],
    equating: null,
    releaseAt: null,
    approvedBy: null,
    releasedAt: null,
    counts: {
      applications: 0,
      results: 0,
      flagged: 0,
      decided: 0,
      closedNotified: 0,
      approvedNotified: 0,
      released: 0,
    },
  };
  const keys = keyValidationHandlers(status);
  // Set on reaching the close: the release rules follow the close rule the window took.
  let closedWithLastTestDay = false;
  const approval = approvalHandlers(status, keys, () => (closedWithLastTestDay ? closeOf(status).date : undefined));
  setHandler(statusQuery, () => status);
  setHandler(calendarQuery, () => ({
    program: input.program,
    windowId: input.windowId,
    label: calendar.label,
    formsAssembledInAprilOf: calendar.formsAssembledInAprilOf,
    milestones: status.milestones,
    scoreRelease: status.closedAt ? scoreReleaseRange(closeOf(status).date) : null,
  }));
  // Decisions from Temporal UI or the CLI are audited with their sender; entries read as the console's do.
  const subject = `window:${workflowInfo().workflowId}`;
  const recorded = () =>
    JSON.parse(
      JSON.stringify({
        stage: status.stage,
        releaseAt: status.releaseAt,
        approvedBy: status.approvedBy,
        decisions: status.decisions,
      }),
    ) as unknown;
  setHandler(
    validateKeyUpdate,
    auditedSyncUpdate(keys.handle, recorded, ({ decidedBy: _by, ...d }, _r, before) => ({
      action: 'window.key-decision',
      subject,
      before,
      after: d,
    })),
    { validator: keys.validate },
  );
  setHandler(
    approveEquatingUpdate,
    auditedSyncUpdate(approval.handle, recorded, (_i, after, before) => ({
      action: 'window.approve-equating',
      subject,
      before,
      after,
    })),
    { validator: approval.validate },
  );

  const moveTo = async (stage: WindowStage, extra: Record<string, unknown> = {}): Promise<void> => {
    status.stage = stage;
    upsertSearchAttributes([
      { key: programKey, value: input.program },
      { key: testingWindowKey, value: input.windowId },
      { key: stageKey, value: stage },
    ]);
    await acts.recordWindow({ id: workflowId, program: input.program, windowId: input.windowId, stage, ...extra });
  };
  const refreshCounts = async () => Object.assign(status.counts, await acts.countWindow(ref));

  upsertSearchAttributes([
    { key: programKey, value: input.program },
    { key: testingWindowKey, value: input.windowId },
    { key: stageKey, value: 'scheduled' },
  ]);
  status.formId = (await acts.prepareWindow({ ...ref, stage: 'scheduled' })).formId;

  for (const milestone of status.milestones) {
    // Decided on reaching the close, so a window still before it when this shipped closes with its last test day.
    if (milestone.name === 'close') {
      closedWithLastTestDay = patched(windowClosesWithLastTestDayPatch);
      if (!closedWithLastTestDay) Object.assign(milestone, legacyCloseMilestone(input.windowId));
    }
    await sleepUntil(milestone.at);
    milestone.reachedAt = new Date().toISOString();
    await moveTo(stageAfter[milestone.name]);
    await refreshCounts();
  }

  // Closed: every candidate has tested (FAQ: scores wait "until after all candidates take the test"). On time, the
  // close is the calendar instant; a window created after its calendar closes now, so its release still lies ahead.
  const { at: closeAt, date: closedOn } = closeOf(status);
  status.closedAt = Date.now() - Date.parse(closeAt) < 3_600_000 ? closeAt : new Date().toISOString();
  await moveTo('item-analysis', { closedAt: status.closedAt });
  // FAQ: results "approximately six to eight weeks from the close of the testing period/window".
  const resultsExpected = scoreReleaseRange(closedOn);
  status.counts.closedNotified = (
    await fanOut.notifyWindowApplications({
      ...ref,
      notice: { kind: 'window-closed', payload: { windowId: input.windowId, closedOn, resultsExpected } },
    })
  ).told;
  const analysis = await heavy.analyzeWindowResults({ ...ref, formId: status.formId });
  await refreshCounts();
  if (analysis.examinees === 0) {
    await moveTo('closed-without-results');
    return status;
  }
  status.flagged = analysis.flagged;
  status.counts.flagged = analysis.flagged.length;
  await moveTo('key-validation');

  // Staff decide every flagged item; each new set of decisions is rescored and equated, until approval.
  for (;;) {
    await condition(() => keys.undecided().length === 0 && keys.version() !== keys.equatedVersion());
    const version = keys.version();
    await moveTo('equating');
    try {
      status.equating = await heavy.equateWindow({
        ...ref,
        formId: status.formId,
        decisions: status.decisions,
        method: input.method ?? 'tucker',
        policy,
      });
      keys.setError(null);
      keys.markEquated(version);
      await moveTo('awaiting-approval');
    } catch (err) {
      if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure)) throw err;
      // A rule refused these decisions (e.g. every anchor dropped): staff change them and equating runs again.
      keys.setError(err.cause.message);
      keys.markEquated(version);
      status.equating = null;
      await moveTo('key-validation');
    }
    await condition(() => approval.approved() || keys.version() !== keys.equatedVersion());
    if (approval.approved()) break;
  }

  await moveTo('approved', { releaseAt: status.releaseAt!, approvedBy: status.approvedBy! });
  status.counts.approvedNotified = (
    await fanOut.notifyWindowApplications({
      ...ref,
      notice: { kind: 'equating-approved', payload: { windowId: input.windowId, releaseAt: status.releaseAt! } },
    })
  ).told;
  await sleepUntil(status.releaseAt!);
  await moveTo('releasing');
  const releasedAt = new Date().toISOString();
  status.counts.released = (
    await fanOut.notifyWindowApplications({ ...ref, notice: { kind: 'score-released', releasedAt } })
  ).told;
  await acts.publishStatistics(ref);
  status.releasedAt = releasedAt;
  await moveTo('released', { releasedAt });
  // An audit of the approval still running is not cut off by the end of the run.
  await condition(allHandlersFinished);
  return status;
}

const closeOf = (status: WindowStatus) => status.milestones.find((m) => m.name === 'close')!;
