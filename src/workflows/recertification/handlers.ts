import { log, patched, setHandler } from '@temporalio/workflow';
import { refuse } from '../refusals';
import {
  compareCivilDates,
  extendedDueDate,
  extensionEligibility,
  nextRecertificationCycle,
  placeSecondCertification,
  recertificationCycle,
  recertificationFeeQuote,
  reinstatementAfterLapse,
  withSecondCertification,
  type CivilDate,
  type FeeEntry,
  type Policy,
} from '../../domain/index';
import {
  addCeEntryUpdate,
  certificationEarnedSignal,
  completeDeterminationUpdate,
  determineEntrySignal,
  determineEntryUpdate,
  editCeEntryUpdate,
  reinstateUpdate,
  removeCeEntryUpdate,
  requestExtensionUpdate,
  statusQuery,
  submitRecertificationUpdate,
  type CeChangeResult,
  type CeEntryInput,
  type CertificationEarned,
  type EntryDetermination,
  type RecertificationState,
  type RecertificationStatus,
  type SubmissionRequest,
  type SubmissionResult,
} from './contract';
import { withAttention } from './attention';
import type { CertificantMessage } from './messages';
import { auditedCompleteUpdate, auditedDetermineSignal, auditedDetermineUpdate } from './decision-audit';
import { deadlineOf, editable, entryProblems, meterOf, missingOf, shortOf, stageOf, todayOf } from './rules';

/** What handlers ask of the main loop: they change state; the loop writes it down and sends the mail. */
export interface RunContext {
  state: RecertificationState;
  /** The chain's policy snapshot (or the compiled values for a chain from before snapshots). */
  policy: Policy;
  changed(): void;
  email(dedupeKey: string, message: CertificantMessage): void;
  /** A fee for the ledger; the loop records it (entry key unique per cycle, so a retry records once). */
  charge(kind: FeeEntry['kind'], entryKey: string, amountUsd: number, description: string): void;
  /** Set by a determination that met the requirement: the loop renews and continues as new. */
  renewal?: { by: string };
}

const today = () => todayOf(Date.now());
const programsOf = (s: RecertificationState) => s.credentials.map((c) => c.program);

// A credential earned on or after the cycle's due date (extended or lapsed) joins the next cycle instead of this one.
export const secondCertificationJoinsNextCyclePatch = 'recertification-second-certification-joins-next-cycle';

export function statusOf(state: RecertificationState, policy: Policy): RecertificationStatus {
  const base = {
    certificantId: state.certificantId,
    name: `${state.name.firstName} ${state.name.lastName}`.trim(),
    stage: stageOf(state, today()),
    credentials: state.credentials,
    entries: state.entries,
    renewals: state.renewals,
    missing: missingOf(state),
  };
  if (!state.cycle) return base;
  const cycle = state.cycle;
  const joining = state.joining?.length ? { joining: state.joining.map((c) => ({ ...c, dueDate: nextRecertificationCycle(cycle, policy).dueDate })) } : {};
  const reinstatement = base.stage === 'reinstatement' || base.stage === 'lapsed';
  return {
    ...base,
    ...joining,
    cycle: state.cycle,
    cycleStartsOn: state.cycleStartsOn,
    deadline: deadlineOf(state),
    meter: meterOf(state),
    acceptedMeter: meterOf(state, 'accepted'),
    fee: recertificationFeeQuote({ membership: state.membership, certifications: state.cycle.certifications, reinstatement }, policy),
    membership: state.membership,
    feeByMembership: {
      member: recertificationFeeQuote({ membership: 'member', certifications: state.cycle.certifications, reinstatement }, policy),
      'non-member': recertificationFeeQuote({ membership: 'non-member', certifications: state.cycle.certifications, reinstatement }, policy),
    },
    submission: state.submission,
    extension: state.extension,
    lapsedOn: state.lapsedOn,
  };
}

function onCertification(ctx: RunContext, c: CertificationEarned): void {
  const s = ctx.state;
  if ([...s.credentials, ...(s.joining ?? [])].some((k) => k.credentialId === c.credentialId)) return; // a retried signal-with-start
  s.name = { firstName: c.firstName, lastName: c.lastName };
  s.membership = c.membership;
  const credential = { credentialId: c.credentialId, program: c.program, certifiedOn: c.certifiedOn, ...(c.badgeId ? { badgeId: c.badgeId } : {}) };
  if (!s.cycle) {
    s.credentials.push(credential);
    s.cycle = recertificationCycle(c.certifiedOn, undefined, ctx.policy);
    s.cycleStartsOn = c.certifiedOn;
  } else if (placeSecondCertification(s.cycle, c.certifiedOn, ctx.policy).joins === 'next-cycle' && patched(secondCertificationJoinsNextCyclePatch)) {
    // FAQ: dual certificants recertify "three (3) years from obtaining your first certification": this cycle's CE
    // period is over, so the new credential is not lapsed with the first and joins the next cycle (dual from then on).
    s.joining = [...(s.joining ?? []), credential];
  } else {
    s.credentials.push(credential);
    // FAQ: dual certificants recertify "three (3) years from obtaining your first certification": the due date stays.
    if (compareCivilDates(c.certifiedOn, s.cycle.firstCertifiedOn) >= 0) s.cycle = withSecondCertification(s.cycle, c.certifiedOn, ctx.policy);
  }
  ctx.changed();
}

function entryChange(ctx: RunContext, entryId: string): CeChangeResult {
  ctx.changed();
  return { entryId, meter: meterOf(ctx.state), missing: missingOf(ctx.state) };
}

function requireCycleOpen(ctx: RunContext): void {
  const s = ctx.state;
  if (ctx.renewal) refuse('Renewing', 'This cycle was just renewed: open your grid again in a moment to report CE for the next cycle.');
  if (!s.cycle) refuse('NoCycle', 'There is no recertification cycle yet: it starts with your first certification.');
  if (stageOf(s, today()) === 'expired') refuse('CycleExpired', 'This certification has expired: the reinstatement period is over. Apply to take the exam again.');
}

function checkEntry(ctx: RunContext, entry: CeEntryInput): void {
  const s = ctx.state;
  requireCycleOpen(ctx);
  const problems = entryProblems(entry, s, today());
  if (problems.length > 0) refuse('InvalidCeEntry', problems.join(' '));
}

function submissionProblems(ctx: RunContext, reinstating: boolean, request: SubmissionRequest): void {
  const s = ctx.state;
  requireCycleOpen(ctx);
  const cycle = s.cycle!;
  const stage = stageOf(s, today());
  if (s.submission) refuse('AlreadySubmitted', 'Your recertification is already submitted and waits for staff determination.');
  if (!request?.attest) refuse('NotAttested', 'Confirm that the CE you report is complete and true.');
  const m = request.membership;
  if (m !== undefined && m !== 'member' && m !== 'non-member') refuse('InvalidMembership', 'State your membership: member or non-member of NAMSS.');
  if (reinstating && stage !== 'reinstatement') {
    refuse('NotInReinstatementPeriod', `Reinstatement is possible from ${cycle.reinstatement.opens} to ${cycle.reinstatement.closes} after a lapse.`);
  }
  if (!reinstating) {
    if (stage === 'in-cycle') refuse('ReportingNotOpen', `Reporting opens on ${cycle.reportingOpens}; you can keep adding entries until then.`);
    if (stage === 'lapsed' || stage === 'reinstatement') {
      // After an extension reinstatement is open from the lapse on: never offer a day that has passed.
      const open = (s.lapsedOn && reinstatementAfterLapse(cycle, s.lapsedOn)) || cycle.reinstatement;
      refuse('Lapsed', `The due date ${deadlineOf(s)} has passed and the certification lapsed; reinstatement is possible from ${open.opens} to ${open.closes}, with its fee.`);
    }
  }
  const missing = missingOf(s);
  if (missing.length > 0) refuse('RequirementNotMet', `Before you submit, add: ${missing.join('; ')}.`);
  if (!s.entries.some(editable)) refuse('NothingToSubmit', 'Add the CE entries you want determined before you submit.');
}

function submit(ctx: RunContext, reinstating: boolean, request: SubmissionRequest) {
  const s = ctx.state;
  const at = new Date().toISOString();
  const fresh = s.entries.filter(editable);
  for (const e of fresh) e.submittedAt = at;
  // The membership stated at submission sets the fee; a request without one (older histories) keeps the one on file.
  if (request.membership) s.membership = request.membership;
  // FAQ fees: membership × single/dual; docs/architecture.md: reinstatement "with an extra fee".
  const fee = recertificationFeeQuote({ membership: s.membership, certifications: s.cycle!.certifications, reinstatement: reinstating }, ctx.policy);
  const paidBefore = s.submissionsThisCycle ?? 0;
  chargeSubmission(ctx, fee, paidBefore === 0, reinstating && !s.reinstatementFeePaid);
  s.submission = { submittedAt: at, fee, reinstatement: reinstating, entryIds: fresh.map((e) => e.id), documentIds: fresh.map((e) => e.document!.id) };
  s.shortfall = undefined;
  s.submissionsThisCycle = paidBefore + 1;
  const dueNowUsd = paidBefore === 0 ? fee.totalUsd : reinstating && !s.reinstatementFeePaid ? fee.reinstatementFeeUsd : 0;
  if (reinstating) s.reinstatementFeePaid = true;
  ctx.email(`c${s.cycle!.cycleNumber}:submitted-${s.submissionsThisCycle}`, { kind: 'recert-submission-received', fee, dueNowUsd, entries: fresh.length, reinstatement: reinstating });
  ctx.changed();
  return { fee, entryIds: s.submission.entryIds };
}

/** FAQ "What are the fees for recertification?": the fee is charged with the cycle's first submission; reinstatement's once. */
function chargeSubmission(ctx: RunContext, fee: SubmissionResult['fee'], recertification: boolean, reinstatement: boolean): void {
  const s = ctx.state;
  const cycle = s.cycle!;
  if (recertification) {
    ctx.charge('recertification-fee', `c${cycle.cycleNumber}:recertification-fee`, fee.recertificationFeeUsd, `Recertification fee, ${cycle.certifications} certification, ${s.membership} rate, due ${cycle.dueDate}`);
  }
  if (reinstatement && fee.reinstatementFeeUsd > 0) {
    ctx.charge('reinstatement-fee', `c${cycle.cycleNumber}:reinstatement-fee`, fee.reinstatementFeeUsd, `Reinstatement fee after the lapse of ${cycle.dueDate}`);
  }
}

function determinationProblem(s: RecertificationState, d: EntryDetermination): string | undefined {
  // FAQ: "NAMSS only officially makes determinations on Continuing Education at the time that you formally submit".
  if (!s.submission) return 'There is no submission to determine: CE is determined only once the certificant submits.';
  const entry = s.entries.find((e) => e.id === d.entryId);
  if (!entry || !s.submission.entryIds.includes(entry.id)) return `Entry ${d.entryId} is not part of the submission under review.`;
  if (d.decision !== 'accept' && d.decision !== 'reject') return 'The decision must be accept or reject.';
  if (typeof d.reason !== 'string' || d.reason.trim().length < 3) return 'Give the reason for the decision.';
  if (typeof d.by !== 'string' || d.by.trim().length === 0) return 'Say which staff member decides.';
  return undefined;
}

function determine(ctx: RunContext, d: EntryDetermination) {
  const entry = ctx.state.entries.find((e) => e.id === d.entryId)!;
  entry.status = d.decision === 'accept' ? 'accepted' : 'rejected';
  entry.determination = { decision: d.decision, reason: d.reason.trim(), by: d.by, at: new Date().toISOString() };
  ctx.changed();
  return { meter: meterOf(ctx.state, 'accepted') };
}

function complete(ctx: RunContext, by: string) {
  const s = ctx.state;
  const cycle = s.cycle!;
  const accepted = meterOf(s, 'accepted');
  if (accepted.met) {
    ctx.renewal = { by };
    ctx.changed();
    return { outcome: 'renewed' as const, nextDueDate: nextRecertificationCycle(cycle, ctx.policy).dueDate };
  }
  // Issue 6: "If the accepted hours fall short, the certificant is told exactly what is missing".
  const missing = shortOf(accepted);
  const rejected = s.entries.filter((e) => s.submission!.entryIds.includes(e.id) && e.status === 'rejected').map((e) => ({ title: e.title, reason: e.determination!.reason }));
  s.shortfall = missing;
  s.submission = undefined;
  ctx.email(`c${cycle.cycleNumber}:short-${s.submissionsThisCycle ?? 1}`, { kind: 'recert-determination-short', missing, rejected, dueDate: deadlineOf(s) });
  ctx.changed();
  return { outcome: 'short' as const, missing };
}

export function registerHandlers(ctx: RunContext): void {
  const s = ctx.state;
  setHandler(statusQuery, () => withAttention(s, statusOf(s, ctx.policy)));
  setHandler(certificationEarnedSignal, (c) => onCertification(ctx, c));

  setHandler(addCeEntryUpdate, (entry) => {
    const id = `${s.cycle!.dueYear}-${s.nextEntryNumber++}`;
    s.entries.push({ id, title: entry.title.trim(), provider: entry.provider.trim(), completedOn: entry.completedOn, hours: entry.hours, kind: entry.kind, status: 'reported', ...(entry.document ? { document: entry.document } : {}) });
    return entryChange(ctx, id);
  }, { validator: (entry) => checkEntry(ctx, entry) });

  setHandler(editCeEntryUpdate, ({ entryId, ...change }) => {
    const entry = s.entries.find((e) => e.id === entryId)!;
    Object.assign(entry, change, change.title ? { title: change.title.trim() } : {}, change.provider ? { provider: change.provider.trim() } : {});
    return entryChange(ctx, entryId);
  }, {
    validator: ({ entryId, ...change }) => {
      const entry = s.entries.find((e) => e.id === entryId);
      if (!entry) refuse('NoSuchEntry', `There is no CE entry ${entryId}.`);
      if (!editable(entry)) refuse('EntryLocked', 'This entry went in with a submission and can no longer be changed.');
      checkEntry(ctx, { ...entry!, ...change });
    },
  });

  setHandler(removeCeEntryUpdate, ({ entryId }) => {
    s.entries = s.entries.filter((e) => e.id !== entryId);
    return entryChange(ctx, entryId);
  }, {
    validator: ({ entryId }) => {
      const entry = s.entries.find((e) => e.id === entryId);
      if (!entry) refuse('NoSuchEntry', `There is no CE entry ${entryId}.`);
      if (!editable(entry)) refuse('EntryLocked', 'This entry went in with a submission and can no longer be removed.');
    },
  });

  setHandler(submitRecertificationUpdate, (r) => submit(ctx, false, r), { validator: (r) => submissionProblems(ctx, false, r) });
  setHandler(reinstateUpdate, (r) => submit(ctx, true, r), { validator: (r) => submissionProblems(ctx, true, r) });

  setHandler(requestExtensionUpdate, ({ request, months }) => {
    const until: CivilDate = extendedDueDate(s.cycle!.dueDate, months, ctx.policy);
    s.extension = { requestedAt: new Date().toISOString(), months, until, request: request.trim() };
    ctx.email(`c${s.cycle!.cycleNumber}:extension`, { kind: 'recert-extension-granted', until, dueDate: s.cycle!.dueDate });
    ctx.changed();
    return { until };
  }, {
    validator: ({ request, months }) => {
      requireCycleOpen(ctx);
      if (s.extension) refuse('AlreadyExtended', `An extension was already granted, until ${s.extension.until}.`);
      if (s.submission) refuse('AlreadySubmitted', 'Your recertification is submitted: no extension is needed while staff determine it.');
      const max = ctx.policy.recertification.extensionMaxMonths;
      if (!Number.isInteger(months) || months < 1 || months > max) refuse('InvalidExtension', `An extension is 1 to ${max} whole months.`);
      const inWriting = typeof request === 'string' && request.trim().length >= 20;
      const check = extensionEligibility({ cycle: s.cycle!, entries: s.entries, requestedAt: new Date().toISOString(), inWriting }, ctx.policy);
      const why: string[] = [];
      if (check.refusals.includes('not-in-writing')) why.push('Write your request (at least a sentence saying why you need more time).');
      if (check.refusals.includes('not-enough-credits')) why.push(`An extension needs at least half the credits: ${check.minimumHours} hours reported; you have ${check.countedHours}.`);
      if (check.refusals.includes('after-due-date')) why.push(`The due date ${s.cycle!.dueDate} has passed: an extension must be requested by then.`);
      if (why.length > 0) refuse('ExtensionRefused', why.join(' '));
    },
  });

  // Decisions from Temporal UI or the CLI are audited with their sender (new runs); the API's are left to its routes.
  setHandler(determineEntryUpdate, auditedDetermineUpdate(ctx, (d: EntryDetermination) => determine(ctx, d)), {
    validator: (d) => {
      const problem = determinationProblem(s, d);
      if (problem) refuse('InvalidDetermination', problem);
    },
  });
  setHandler(determineEntrySignal, auditedDetermineSignal(ctx, (d) => determinationProblem(s, d), (d, problem) => log.warn('determination signal ignored', { entryId: d.entryId, problem }), (d) => determine(ctx, d)));

  setHandler(completeDeterminationUpdate, auditedCompleteUpdate(ctx, ({ by }: { by: string }) => complete(ctx, by)), {
    validator: ({ by }) => {
      if (!s.submission) refuse('InvalidDetermination', 'There is no submission to determine: CE is determined only once the certificant submits.');
      if (typeof by !== 'string' || by.trim().length === 0) refuse('InvalidDetermination', 'Say which staff member decides.');
      const open = s.entries.filter((e) => s.submission!.entryIds.includes(e.id) && e.status === 'reported');
      if (open.length > 0) refuse('DeterminationIncomplete', `Accept or reject every submitted entry first; still open: ${open.map((e) => e.title).join('; ')}.`);
    },
  });
}

export { programsOf };
