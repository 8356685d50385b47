import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  addDays,
  compareCivilDates,
  defaultPolicy,
  instantToEpochMs,
  newYorkWallClockToInstant,
  nextRecertificationCycle,
  startOfNewYorkDay,
  type CivilDate,
} from '../../domain/index';
import type { attentionActivities } from '../../activities/attention';
import type { recertificationActivities } from '../../activities/recertification';
import { routedActivities } from '../activity-queues/routing';
import { attentionGuard } from '../needs-attention/parking';
import { candidateIdKey, stageKey } from '../search-attributes';
import { cycleParking, installAttention } from './attention';
import type { RecertificationInput, RecertificationStage, RecertificationState } from './contract';
import { programsOf, registerHandlers, type RunContext } from './handlers';
import { refreshGoodStanding } from './good-standing-refresh';
import type { CertificantMessage } from './messages';
import { deadlineOf, meterOf, missingOf, remindersOf, stageOf, todayOf } from './rules';

/** Provided by the integrations work (src/activities/badges.ts); typed here so this workflow does not depend on its file. */
interface BadgeActivities {
  replaceBadgeExpiry(input: { credentialId: string; expiresAt: string }): Promise<{ badgeId: string }>;
  revokeBadge(input: { credentialId: string; reason: string }): Promise<void>;
}

// A failure retrying cannot fix parks the cycle in stage needs-attention for staff (attention.ts).
const guard = attentionGuard(
  routedActivities<ReturnType<typeof recertificationActivities> & BadgeActivities & ReturnType<typeof attentionActivities>>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
  }),
);
const acts = guard.activities;

// Emails are keyed per chain of runs: an expired chain's workflow id is used again by the next certification.
const emailKeysPerChainPatch = 'recertification-email-keys-per-chain';

// Reminders go out at 09:00 in New York on their day.
const REMINDER_HOUR = 9;

function initialState(certificantId: string): RecertificationState {
  return { certificantId, name: { firstName: '', lastName: '' }, membership: 'non-member', credentials: [], entries: [], nextEntryNumber: 1, reminders: [], renewals: 0, version: 0 };
}

/**
 * One certificant's recertification, cycle after cycle (DESIGN.md, Workflows): started by the first certification
 * (signal-with-start), continued as new at each renewal so each run's history stays bounded.
 */
export async function recertificationWorkflow(input: RecertificationInput): Promise<void> {
  const state = input.carried ?? initialState(input.certificantId);
  const outbox: { dedupeKey: string; message: CertificantMessage }[] = [];
  let dirty = true;
  const ctx: RunContext = {
    state,
    changed: () => {
      state.version++;
      dirty = true;
    },
    email: (dedupeKey, message) => void outbox.push({ dedupeKey, message }),
  };
  registerHandlers(ctx);
  const workflowId = workflowInfo().workflowId;
  // firstExecutionRunId stays the same across continue-as-new. Replayed sends from before the patch keep their old key.
  const sendEmail = (dedupeKey: string, message: CertificantMessage) =>
    acts.sendCertificantEmail({ workflowId, certificantId: state.certificantId, dedupeKey, message, ...(patched(emailKeysPerChainPatch) ? { chain: workflowInfo().firstExecutionRunId } : {}) });
  const today = () => todayOf(Date.now());
  let shownStage: RecertificationStage | undefined;
  installAttention(state, () => stageOf(state, today()));
  guard.arm(cycleParking(state, acts, () => shownStage));

  const flush = async () => {
    while (outbox.length > 0) {
      const { dedupeKey, message } = outbox[0]!;
      await sendEmail(dedupeKey, message);
      outbox.shift();
    }
    if (!state.cycle) return;
    const stage = stageOf(state, today());
    if (!dirty && stage === shownStage) return;
    dirty = false;
    if (stage !== shownStage) {
      shownStage = stage;
      upsertSearchAttributes([
        { key: candidateIdKey, value: state.certificantId },
        { key: stageKey, value: `recertification-${stage}` },
      ]);
      upsertMemo({ certificantName: `${state.name.firstName} ${state.name.lastName}`, dueDate: deadlineOf(state), cycle: state.cycle.cycleNumber });
    }
    await acts.recordRecertification(recordOf(state, stage));
  };

  // The first certification arrives with the start (signal-with-start).
  await condition(() => state.cycle !== undefined);

  for (;;) {
    await flush();
    if (ctx.renewal) return renew(state);
    const now = today();
    const cycle = state.cycle!;
    const waiting = state.submission !== undefined;

    for (const r of remindersOf(state)) {
      if (Date.now() < instantToEpochMs(newYorkWallClockToInstant(r.date, REMINDER_HOUR))) break;
      state.reminders.push(r.key);
      // A reminder whose day passed while something else happened is not sent late; none goes out once submitted or lapsed.
      if (r.date !== now || waiting || state.lapsedOn) continue;
      ctx.email(r.key, { kind: 'recert-reminder', reminder: r.kind, dueDate: deadlineOf(state), daysBefore: r.daysBefore, meter: meterOf(state), missing: missingOf(state) });
    }
    // Issue 6: "At the due date with neither renewal nor extension: lapsed". A pending submission waits for staff.
    if (!waiting && !state.lapsedOn && compareCivilDates(now, deadlineOf(state)) > 0) {
      await lapse(state, now);
      ctx.changed();
      continue;
    }
    if (!waiting && state.lapsedOn && compareCivilDates(now, cycle.reinstatement.closes) > 0) {
      ctx.changed();
      await flush();
      await sendEmail(`c${cycle.cycleNumber}:expired`, { kind: 'recert-expired', programs: programsOf(state) });
      await condition(allHandlersFinished);
      return;
    }
    if (outbox.length > 0) continue;

    // Long cycles with many entries: hand the state to a fresh run before the history grows large.
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof recertificationWorkflow>({ certificantId: state.certificantId, carried: state });
    }
    const wakeAt = nextWake(state, new Date().toISOString());
    const timeout = wakeAt === undefined ? undefined : Math.max(1, instantToEpochMs(wakeAt) - Date.now());
    await condition(() => dirty || outbox.length > 0 || ctx.renewal !== undefined, timeout);
  }

  async function lapse(s: RecertificationState, on: CivilDate): Promise<void> {
    s.lapsedOn = on;
    const reason = `Recertification was due ${deadlineOf(s)} and was neither completed nor extended: the certification lapsed.`;
    await acts.lapseCertifications({ credentialIds: s.credentials.map((c) => c.credentialId) });
    for (const c of s.credentials) await acts.revokeBadge({ credentialId: c.credentialId, reason });
    for (const c of s.credentials) delete c.badgeId;
    await refreshGoodStanding(`lapse:${s.certificantId}`, acts.generateGoodStandingReport);
    const cycle = s.cycle!;
    ctx.email(`c${cycle.cycleNumber}:lapsed`, {
      kind: 'recert-lapsed',
      dueDate: deadlineOf(s),
      reinstatementOpens: cycle.reinstatement.opens,
      reinstatementCloses: cycle.reinstatement.closes,
      reinstatementFeeUsd: defaultPolicy.reinstatementFeeUsd,
      programs: programsOf(s),
    });
  }

  async function renew(s: RecertificationState): Promise<void> {
    const cycle = s.cycle!;
    const next = nextRecertificationCycle(cycle);
    const reinstated = s.submission?.reinstatement === true;
    const credentialIds = s.credentials.map((c) => c.credentialId);
    await acts.recordRecertification({ ...recordOf(s, 'renewed'), renewedAt: new Date().toISOString(), version: s.version + 1 });
    await acts.renewCertifications({ credentialIds, expiresOn: next.dueDate });
    // FAQ: "Your Credly digital badge was also updated when your renewal was completed": replaced, never duplicated.
    for (const c of s.credentials) c.badgeId = (await acts.replaceBadgeExpiry({ credentialId: c.credentialId, expiresAt: next.dueDate })).badgeId;
    await sendEmail(`c${cycle.cycleNumber}:${reinstated ? 'reinstated' : 'renewed'}`, { kind: 'recert-renewed', nextDueDate: next.dueDate, programs: programsOf(s), reinstated });
    // FAQ: "Your data will appear in the Good Standing Report."
    await refreshGoodStanding(`renewal:${s.certificantId}`, acts.generateGoodStandingReport);
    await condition(allHandlersFinished);
    const carried: RecertificationState = {
      certificantId: s.certificantId,
      name: s.name,
      membership: s.membership,
      credentials: s.credentials,
      cycle: next,
      cycleStartsOn: addDays(cycle.dueDate, 1),
      entries: [],
      nextEntryNumber: 1,
      reminders: [],
      renewals: s.renewals + 1,
      version: 0,
    };
    return continueAsNew<typeof recertificationWorkflow>({ certificantId: s.certificantId, carried });
  }
}

/** The next moment the clock matters: a reminder, the day after the deadline, or the end of reinstatement. */
function nextWake(state: RecertificationState, nowIso: string): string | undefined {
  const cycle = state.cycle!;
  const times: string[] = [];
  const next = remindersOf(state)[0];
  if (next) times.push(newYorkWallClockToInstant(next.date, REMINDER_HOUR));
  // Every day the stage changes: the stage shown in Temporal UI and the database moves on time.
  const days = [cycle.reportingOpens, addDays(cycle.dueDate, 1), addDays(deadlineOf(state), 1), cycle.reinstatement.opens, addDays(cycle.reinstatement.closes, 1)];
  for (const day of days) times.push(startOfNewYorkDay(day));
  return times.filter((t) => t > nowIso).sort()[0];
}

function recordOf(s: RecertificationState, stage: RecertificationStage) {
  const cycle = s.cycle!;
  const meter = meterOf(s);
  return {
    certificantId: s.certificantId,
    stage,
    cycleNumber: cycle.cycleNumber,
    dueDate: cycle.dueDate,
    firstCertifiedOn: cycle.firstCertifiedOn,
    certifications: cycle.certifications,
    deadline: deadlineOf(s),
    requiredHours: meter.requirement.totalHours,
    countedHours: meter.countedHours,
    acceptedHours: meterOf(s, 'accepted').countedHours,
    ...(s.extension ? { extensionUntil: s.extension.until } : {}),
    ...(s.lapsedOn ? { lapsedOn: s.lapsedOn } : {}),
    ...(s.submission ? { submittedAt: s.submission.submittedAt, feeUsd: s.submission.fee.totalUsd } : {}),
    credentialIds: s.credentials.map((c) => c.credentialId),
    entries: s.entries,
    version: s.version,
  };
}
