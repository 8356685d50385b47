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
  cycleAfterJoining,
  instantToEpochMs,
  newYorkWallClockToInstant,
  nextRecertificationCycle,
  policyOrCompiled,
  recertificationCycle,
  reinstatementAfterLapse,
  startOfNewYorkDay,
  type CivilDate,
  type FeeEntry,
  type Policy,
} from '../../domain/index';
import { candidateIdKey, stageKey } from '../search-attributes';
import { cycleParking, installAttention } from './attention';
import type { RecertificationInput, RecertificationStage, RecertificationState } from './contract';
import { registerHandlers } from './handlers';
import { programsOf, type RunContext } from './run-context';
import { refreshGoodStanding } from './good-standing-refresh';
import type { CertificantMessage } from './messages';
import { acts, guard } from './ports';
import { deadlineOf, meterOf, missingOf, remindersOf, stageOf, todayOf } from './rules';

// Emails are keyed per chain of runs: an expired chain's workflow id is used again by the next certification.
const emailKeysPerChainPatch = 'recertification-email-keys-per-chain';

// After an extension, the lapse and expiry emails offer only what is still possible (no second extension).
const lapseAfterExtensionPatch = 'recertification-lapse-after-extension-offers-what-remains';

// Marks chains that record their fees in the ledger; histories recorded before it record none.
const feeLedgerPatch = 'fee-ledger';

function initialState(certificantId: string): RecertificationState {
  return {
    certificantId,
    name: { firstName: '', lastName: '' },
    membership: 'non-member',
    credentials: [],
    entries: [],
    nextEntryNumber: 1,
    reminders: [],
    renewals: 0,
    version: 0,
  };
}

/**
 * One certificant's recertification, cycle after cycle (docs/architecture.md, Workflows): started by the first certification
 * (signal-with-start), continued as new at each renewal so each run's history stays bounded.
 */
export async function recertificationWorkflow(input: RecertificationInput): Promise<void> {
  const state = input.carried ?? initialState(input.certificantId);
  // The chain's snapshot, handed on at every continue-as-new: a changed policy file never reaches a running chain.
  const policy = policyOrCompiled(input.policy);
  const outbox: { dedupeKey: string; message: CertificantMessage }[] = [];
  const charges: Omit<FeeEntry, 'candidateId' | 'caseId'>[] = [];
  let dirty = true;
  const ctx: RunContext = {
    state,
    policy,
    changed: () => {
      state.version++;
      dirty = true;
    },
    email: (dedupeKey, message) => void outbox.push({ dedupeKey, message }),
    charge: (kind, entryKey, amountUsd, description) => void charges.push({ kind, entryKey, amountUsd, description }),
  };
  registerHandlers(ctx);
  const workflowId = workflowInfo().workflowId;
  // Ledger keys name the chain too: a second chain after an expiry reuses the workflow id and the cycle numbers.
  const recordFee = (c: (typeof charges)[number]) =>
    acts.recordFee({
      ...c,
      candidateId: state.certificantId,
      caseId: workflowId,
      entryKey: `${workflowInfo().firstExecutionRunId}:${c.entryKey}`,
    });
  // firstExecutionRunId stays the same across continue-as-new. Replayed sends from before the patch keep their old key.
  const sendEmail = (dedupeKey: string, message: CertificantMessage) =>
    acts.sendCertificantEmail({
      workflowId,
      certificantId: state.certificantId,
      dedupeKey,
      message,
      ...(patched(emailKeysPerChainPatch) ? { chain: state.emailChain ?? workflowInfo().firstExecutionRunId } : {}),
    });
  const today = () => todayOf(Date.now());
  let shownStage: RecertificationStage | undefined;
  installAttention(state, () => stageOf(state, today()));
  guard.arm(cycleParking(state, acts, () => shownStage));

  const flush = async () => {
    while (charges.length > 0) {
      if (patched(feeLedgerPatch)) await recordFee(charges[0]!);
      charges.shift();
    }
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
      upsertMemo({
        certificantName: `${state.name.firstName} ${state.name.lastName}`,
        dueDate: deadlineOf(state),
        cycle: state.cycle.cycleNumber,
      });
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

    for (const r of remindersOf(state, policy)) {
      if (Date.now() < instantToEpochMs(newYorkWallClockToInstant(r.date, policy.reminders.hourNewYork))) break;
      state.reminders.push(r.key);
      // A reminder whose day passed while something else happened is not sent late; none goes out once submitted or lapsed.
      if (r.date !== now || waiting || state.lapsedOn) continue;
      ctx.email(r.key, {
        kind: 'recert-reminder',
        reminder: r.kind,
        dueDate: deadlineOf(state),
        daysBefore: r.daysBefore,
        meter: meterOf(state),
        missing: missingOf(state),
      });
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
      await sendEmail(`c${cycle.cycleNumber}:expired`, {
        kind: 'recert-expired',
        programs: programsOf(state),
        ...expiredAfterExtension(state),
      });
      await condition(allHandlersFinished);
      // A credential earned while this one was extended or lapsed outlives it: the chain carries on with it alone.
      if (state.joining?.length)
        return continueAsNew<typeof recertificationWorkflow>({
          certificantId: state.certificantId,
          carried: carriedAfterExpiry(state, policy),
          ...(input.policy ? { policy: input.policy } : {}),
        });
      return;
    }
    if (outbox.length > 0) continue;

    // Long cycles with many entries: hand the state to a fresh run before the history grows large.
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof recertificationWorkflow>({
        certificantId: state.certificantId,
        carried: state,
        ...(input.policy ? { policy: input.policy } : {}),
      });
    }
    const wakeAt = nextWake(state, policy, new Date().toISOString());
    const timeout = wakeAt === undefined ? undefined : Math.max(1, instantToEpochMs(wakeAt) - Date.now());
    await condition(() => dirty || outbox.length > 0 || ctx.renewal !== undefined, timeout);
  }

  async function lapse(s: RecertificationState, on: CivilDate): Promise<void> {
    s.lapsedOn = on;
    const cycle = s.cycle!;
    const afterExtension = s.extension !== undefined && patched(lapseAfterExtensionPatch);
    const reason = afterExtension
      ? `Recertification was due ${cycle.dueDate}, was extended to ${deadlineOf(s)} and was not completed: the certification lapsed.`
      : `Recertification was due ${deadlineOf(s)} and was neither completed nor extended: the certification lapsed.`;
    // Only this cycle's credentials lapse: one that joined during an extension stays active (state.joining).
    await acts.lapseCertifications({ credentialIds: s.credentials.map((c) => c.credentialId) });
    for (const c of s.credentials) await acts.revokeBadge({ credentialId: c.credentialId, reason });
    for (const c of s.credentials) delete c.badgeId;
    await refreshGoodStanding(`lapse:${s.certificantId}`, acts.generateGoodStandingReport);
    const message = {
      kind: 'recert-lapsed',
      dueDate: deadlineOf(s),
      reinstatementFeeUsd: policy.reinstatementFeeUsd,
      programs: programsOf(s),
    } as const;
    if (!afterExtension) {
      ctx.email(`c${cycle.cycleNumber}:lapsed`, {
        ...message,
        reinstatementOpens: cycle.reinstatement.opens,
        reinstatementCloses: cycle.reinstatement.closes,
      });
      return;
    }
    // After an extension nothing but reinstatement is left, and only while its period is open; when a six-month
    // extension reaches its last day, none is left and the expiry email that follows at once says so.
    const reinstatement = reinstatementAfterLapse(cycle, on);
    if (!reinstatement) return;
    ctx.email(`c${cycle.cycleNumber}:lapsed`, {
      ...message,
      extendedFrom: cycle.dueDate,
      reinstatementOpens: reinstatement.opens,
      reinstatementCloses: reinstatement.closes,
      reinstatementOpenNow: reinstatement.openNow,
    });
  }

  async function renew(s: RecertificationState): Promise<void> {
    const cycle = s.cycle!;
    // A credential that joined during the extension or lapse makes the next cycle dual, on the same anchor.
    const next = cycleAfterJoining(cycle, s.joining?.[0]?.certifiedOn, policy);
    const reinstated = s.submission?.reinstatement === true;
    const credentialIds = s.credentials.map((c) => c.credentialId);
    await acts.recordRecertification({
      ...recordOf(s, 'renewed'),
      renewedAt: new Date().toISOString(),
      version: s.version + 1,
    });
    await acts.renewCertifications({ credentialIds, expiresOn: next.dueDate });
    // FAQ: "Your Credly digital badge was also updated when your renewal was completed": replaced, never duplicated.
    for (const c of s.credentials)
      c.badgeId = (await acts.replaceBadgeExpiry({ credentialId: c.credentialId, expiresAt: next.dueDate })).badgeId;
    await sendEmail(`c${cycle.cycleNumber}:${reinstated ? 'reinstated' : 'renewed'}`, {
      kind: 'recert-renewed',
      nextDueDate: next.dueDate,
      programs: programsOf(s),
      reinstated,
    });
    // FAQ: "Your data will appear in the Good Standing Report."
    await refreshGoodStanding(`renewal:${s.certificantId}`, acts.generateGoodStandingReport);
    await condition(allHandlersFinished);
    const carried: RecertificationState = {
      certificantId: s.certificantId,
      name: s.name,
      membership: s.membership,
      credentials: [...s.credentials, ...(s.joining ?? [])],
      cycle: next,
      cycleStartsOn: addDays(cycle.dueDate, 1),
      entries: [],
      nextEntryNumber: 1,
      reminders: [],
      renewals: s.renewals + 1,
      version: 0,
      ...(s.emailChain ? { emailChain: s.emailChain } : {}),
    };
    return continueAsNew<typeof recertificationWorkflow>({
      certificantId: s.certificantId,
      carried,
      ...(input.policy ? { policy: input.policy } : {}),
    });
  }
}

/** The expiry email after an extension whose last day left no reinstatement: it says why nothing remains. */
function expiredAfterExtension(s: RecertificationState): {
  afterExtension?: { dueDate: CivilDate; until: CivilDate; reinstatementClosed: CivilDate };
} {
  const cycle = s.cycle!;
  if (!s.extension || !s.lapsedOn || reinstatementAfterLapse(cycle, s.lapsedOn) || !patched(lapseAfterExtensionPatch))
    return {};
  return {
    afterExtension: {
      dueDate: cycle.dueDate,
      until: s.extension.until,
      reinstatementClosed: cycle.reinstatement.closes,
    },
  };
}

/**
 * The chain after the first credential expired, for the one that joined: a single certification on the cycle it was
 * given when earned (FAQ: "three (3) years from obtaining your first certification"), with a fresh CE grid.
 */
function carriedAfterExpiry(s: RecertificationState, policy: Policy): RecertificationState {
  const joining = s.joining!;
  const earnedOn = joining[0]!.certifiedOn;
  // Earned only after this credential expired (the run was held up by a step for staff): nothing was held then, so it
  // is a certification of its own, "within three years after achieving certification", with email slots of its own.
  const heldWhenEarned = compareCivilDates(earnedOn, s.cycle!.reinstatement.closes) <= 0;
  return {
    certificantId: s.certificantId,
    name: s.name,
    membership: s.membership,
    credentials: joining,
    cycle: heldWhenEarned
      ? nextRecertificationCycle(s.cycle!, policy)
      : recertificationCycle(earnedOn, undefined, policy),
    ...(heldWhenEarned ? {} : { emailChain: `${s.emailChain ?? workflowInfo().firstExecutionRunId}+${earnedOn}` }),
    cycleStartsOn: earnedOn,
    entries: [],
    nextEntryNumber: 1,
    reminders: [],
    renewals: s.renewals,
    version: 0,
  };
}

/** The next moment the clock matters: a reminder, the day after the deadline, or the end of reinstatement. */
function nextWake(state: RecertificationState, policy: Policy, nowIso: string): string | undefined {
  const cycle = state.cycle!;
  const times: string[] = [];
  const next = remindersOf(state, policy)[0];
  if (next) times.push(newYorkWallClockToInstant(next.date, policy.reminders.hourNewYork));
  // Every day the stage changes: the stage shown in Temporal UI and the database moves on time.
  const days = [
    cycle.reportingOpens,
    addDays(cycle.dueDate, 1),
    addDays(deadlineOf(state), 1),
    cycle.reinstatement.opens,
    addDays(cycle.reinstatement.closes, 1),
  ];
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
