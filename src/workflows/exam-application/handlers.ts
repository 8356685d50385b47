import { ActivityFailure, ApplicationFailure, patched, setHandler } from '@temporalio/workflow';
import { windowCalendar } from '../../domain/index';
import {
  accommodationDecisionSignal,
  accommodationDecisionUpdate,
  accommodationRequestUpdate,
  eligibilityDecisionSignal,
  eligibilityDecisionUpdate,
  refusalTypes as T,
  reportAppointmentUpdate,
  requestTransferUpdate,
  rescheduleUpdate,
  statusQuery,
  withdrawUpdate,
  type AccommodationDecision,
  type AccommodationView,
  type AppointmentReport,
  type EligibilityDecision,
  type RescheduleRequest,
  type TransferOutcome,
  type WithdrawalOutcome,
} from './contract';
import {
  checkAccommodationDecision,
  checkAccommodationRequestNow,
  checkAppointment,
  checkEligibilityDecision,
  checkRescheduleRequest,
  checkTransfer,
  checkWithdrawal,
  longDate,
} from './checks';
import { signalSender, updateSender } from '../decision-audit/audit';
import { auditedAccommodation, auditedEligibility } from './decision-audit';
import { email, logIgnored, moveTo, nowIso, publishSearchAttributes, refuse, withLock } from './effects';
import { chargeTransfer, recordRefund, withdrawalQuote } from './fees';
import { acts, vendor } from './ports';
import { statusOf, type Appointment, type LifecycleState } from './state';
import { joinNewWindow, moveThenReleaseSeat, transferMovesFirstPatch } from './transfer';
import { vendorResultSignal } from './vendor-signals';
import { equatingApprovedSignal, scoreReleasedSignal, windowClosedSignal } from './window-signals';

/** Installs every Query, Update and Signal handler of the application (docs/architecture.md, Messages: Updates may refuse, signals never answer). */
export function installHandlers(s: LifecycleState): void {
  setHandler(statusQuery, () => statusOf(s));

  setHandler(
    eligibilityDecisionUpdate,
    (d) => {
      const sender = updateSender();
      return withLock(s, () => checkEligibilityDecision(s, d), () => auditedEligibility(s, d, sender, () => decideEligibility(s, d))).then(() => statusOf(s));
    },
    { validator: (d) => checkEligibilityDecision(s, d) },
  );
  // The same decision from Temporal UI, as a plain JSON signal: a bad one is logged and ignored.
  setHandler(eligibilityDecisionSignal, (d) => {
    const sender = signalSender(eligibilityDecisionSignal.name);
    return quietly('eligibility decision signal', () => withLock(s, () => checkEligibilityDecision(s, d), () => auditedEligibility(s, d, sender, () => decideEligibility(s, d))));
  });

  setHandler(
    accommodationRequestUpdate,
    (r) => withLock(s, () => checkAccommodationRequestNow(s, r, nowIso()), () => requestAccommodation(s, r.needs, r.documentIds)),
    { validator: (r) => checkAccommodationRequestNow(s, r, nowIso()) },
  );
  setHandler(
    accommodationDecisionUpdate,
    (d) => {
      const sender = updateSender();
      return withLock(s, () => checkAccommodationDecision(s, d), () => auditedAccommodation(s, d, sender, () => decideAccommodation(s, d)));
    },
    { validator: (d) => checkAccommodationDecision(s, d) },
  );
  setHandler(accommodationDecisionSignal, (d) => {
    const sender = signalSender(accommodationDecisionSignal.name);
    return quietly('accommodation decision signal', () => withLock(s, () => checkAccommodationDecision(s, d), () => auditedAccommodation(s, d, sender, () => decideAccommodation(s, d))));
  });

  setHandler(
    reportAppointmentUpdate,
    (r) => withLock(s, () => checkAppointment(s, r, nowIso()), () => reportAppointment(s, r)).then(() => statusOf(s)),
    { validator: (r) => checkAppointment(s, r, nowIso()) },
  );
  setHandler(
    rescheduleUpdate,
    (r) => withLock(s, () => checkRescheduleRequest(s, r, nowIso()), () => reschedule(s, r)).then(() => statusOf(s)),
    { validator: (r) => checkRescheduleRequest(s, r, nowIso()) },
  );
  setHandler(requestTransferUpdate, () => withLock(s, () => void checkTransfer(s, nowIso()), () => transfer(s)), {
    validator: () => void checkTransfer(s, nowIso()),
  });
  setHandler(withdrawUpdate, (r) => withLock(s, () => checkWithdrawal(s, r), () => withdraw(s, r.reason)), {
    validator: (r) => checkWithdrawal(s, r),
  });

  setHandler(vendorResultSignal, (r) => {
    if (s.result || (s.stage !== 'scheduling' && s.stage !== 'scheduled')) return logIgnored('vendor result', `stage is ${s.stage}`);
    s.result = { ...r, receivedAt: nowIso() };
    s.epoch++;
  });
  // The window workflow speaks to every application of its window; a transferred one listens to its new window only.
  setHandler(windowClosedSignal, (w) => {
    if (w.windowId !== s.windowId) return logIgnored('window closed', `for ${w.windowId}, not ${s.windowId}`);
    s.windowClosed = w;
    s.epoch++;
  });
  setHandler(equatingApprovedSignal, (e) => {
    if (e.windowId !== s.windowId) return logIgnored('equating approved', `for ${e.windowId}, not ${s.windowId}`);
    s.equating = e;
    s.epoch++;
  });
  setHandler(scoreReleasedSignal, (r) => {
    if (r.windowId !== s.windowId) return logIgnored('score released', `for ${r.windowId}, not ${s.windowId}`);
    s.released = r;
    s.epoch++;
  });
}

async function quietly(what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    logIgnored(what, err instanceof Error ? err.message : String(err));
  }
}

async function decideEligibility(s: LifecycleState, d: EligibilityDecision): Promise<void> {
  const decidedBy = typeof d.decidedBy === 'string' && d.decidedBy ? d.decidedBy : 'temporal-ui';
  s.eligibility = { decision: d.decision, ...(d.reason ? { reason: d.reason } : {}), decidedBy, decidedAt: nowIso() };
  await acts.recordEligibilityDecision({ applicationId: s.input.applicationId, ...s.eligibility });
  if (d.decision === 'reject') {
    await email(s, { kind: 'eligibility-rejected', program: s.input.program, windowId: s.windowId, reason: d.reason! });
    await moveTo(s, 'rejected');
  } else {
    await email(s, { kind: 'eligibility-approved', program: s.input.program, windowId: s.windowId, noticeOn: windowCalendar(s.windowId, s.policy).noticeToSchedule });
    await moveTo(s, 'awaiting-notice');
  }
}

export async function requestAccommodation(s: LifecycleState, needs: string, documentIds: string[], requestedAt = nowIso()): Promise<AccommodationView> {
  const request: AccommodationView = { id: `accommodation-${s.accommodations.length + 1}`, needs: needs.trim(), documentIds, status: 'pending', requestedAt };
  s.accommodations.push(request);
  publishSearchAttributes(s);
  await acts.recordAccommodation({ applicationId: s.input.applicationId, ...request });
  return request;
}

async function decideAccommodation(s: LifecycleState, d: AccommodationDecision): Promise<AccommodationView> {
  const request = s.accommodations.find((a) => a.id === d.requestId)!;
  request.status = d.decision === 'approve' ? 'approved' : 'denied';
  request.decidedAt = nowIso();
  request.decidedBy = typeof d.decidedBy === 'string' && d.decidedBy ? d.decidedBy : 'temporal-ui';
  if (d.reason) request.reason = d.reason;
  publishSearchAttributes(s);
  await acts.recordAccommodation({ applicationId: s.input.applicationId, ...request });
  await email(s, { kind: 'accommodation-decision', approved: request.status === 'approved', needs: request.needs, reason: request.reason }, `accommodation-decision:${request.id}`);
  const { decidedBy: _d, ...view } = request;
  return view;
}

function sameAppointment(a: Appointment | undefined, r: { examDate: string; site: string }): boolean {
  return a !== undefined && a.examDate === r.examDate && a.site === r.site;
}

async function setAppointment(s: LifecycleState, r: { examDate: string; site: string; startsAt?: string }, source: Appointment['source']): Promise<Appointment> {
  const appointment: Appointment = { seq: ++s.appointmentSeq, examDate: r.examDate, site: r.site, source, reportedAt: nowIso(), ...(r.startsAt ? { startsAt: r.startsAt } : {}) };
  s.appointment = appointment;
  s.epoch++;
  publishSearchAttributes(s);
  await acts.recordAppointment({ applicationId: s.input.applicationId, examDate: r.examDate, site: r.site, startsAt: r.startsAt ?? null });
  return appointment;
}

async function reportAppointment(s: LifecycleState, r: AppointmentReport): Promise<void> {
  if (sameAppointment(s.appointment, r)) return; // the vendor's webhook may repeat itself
  const previous = s.appointment;
  const seat = await vendor.reserveSeat({ applicationId: s.input.applicationId, site: r.site, examDate: r.examDate });
  // The vendor's own report is the truth about its booking; a candidate's report must match a free seat.
  if (!seat.ok && r.source === 'candidate') refuse(T.seat, `${seat.message} Check the appointment with the test vendor.`);
  if (previous) await vendor.releaseSeat({ applicationId: s.input.applicationId, site: previous.site, examDate: previous.examDate });
  const a = await setAppointment(s, r, r.source);
  await email(s, { kind: 'appointment-confirmed', examDate: a.examDate, site: a.site, startsAt: a.startsAt, windowId: s.windowId }, `appointment-confirmed:${a.seq}`);
  if (s.stage !== 'scheduled') await moveTo(s, 'scheduled');
}

async function reschedule(s: LifecycleState, r: RescheduleRequest): Promise<void> {
  const previous = s.appointment!;
  const seat = await vendor.reserveSeat({ applicationId: s.input.applicationId, site: r.site, examDate: r.examDate });
  // FAQ: rescheduling inside the window "is based on seating availability".
  if (!seat.ok) {
    const why = seat.reason === 'full' ? `No seat is available at ${r.site} on ${longDate(r.examDate)}.` : seat.message;
    refuse(T.seat, `${why} Choose another day or site inside the window; your appointment on ${longDate(previous.examDate)} stands.`);
  }
  await vendor.releaseSeat({ applicationId: s.input.applicationId, site: previous.site, examDate: previous.examDate });
  const a = await setAppointment(s, r, 'candidate');
  await email(s, { kind: 'appointment-rescheduled', examDate: a.examDate, site: a.site, previousExamDate: previous.examDate, windowId: s.windowId }, `appointment-rescheduled:${a.seq}`);
}

async function transfer(s: LifecycleState): Promise<TransferOutcome> {
  const decision = checkTransfer(s, nowIso());
  const outcome: TransferOutcome = { fromWindowId: decision.fromWindowId, toWindowId: decision.toWindowId, feeUsd: decision.feeUsd };
  try {
    await acts.recordTransfer({ applicationId: s.input.applicationId, ...outcome, requestedAt: nowIso() });
  } catch (err) {
    // A refusal found in the records (e.g. an application for the next window exists) reaches the candidate as is.
    const cause = err instanceof ActivityFailure ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === T.transfer) refuse(T.transfer, cause.message);
    throw err;
  }
  await chargeTransfer(s, outcome);
  const confirm = () => email(s, { kind: 'transfer-confirmed', ...outcome, noticeOn: windowCalendar(outcome.toWindowId, s.policy).noticeToSchedule }, `transfer-confirmed:${outcome.toWindowId}`);
  if (patched(transferMovesFirstPatch)) {
    await moveThenReleaseSeat(s, outcome);
    await confirm();
    return outcome;
  }
  if (s.appointment) await vendor.releaseSeat({ applicationId: s.input.applicationId, site: s.appointment.site, examDate: s.appointment.examDate });
  joinNewWindow(s, outcome);
  await confirm();
  await moveTo(s, 'awaiting-notice');
  return outcome;
}

async function withdraw(s: LifecycleState, reason: string | undefined): Promise<WithdrawalOutcome> {
  const i = s.input;
  // Policy values (docs/architecture.md): "refunds by written request at least two weeks before the testing period, less a $100 processing fee".
  const quote = await withdrawalQuote(s, nowIso());
  const outcome: WithdrawalOutcome = { refundable: quote.refundable, refundUsd: quote.refundUsd, processingFeeUsd: quote.processingFeeUsd, lastDayToRequestRefund: quote.lastDayToRequest };
  if (s.appointment) await vendor.releaseSeat({ applicationId: i.applicationId, site: s.appointment.site, examDate: s.appointment.examDate });
  s.withdrawal = { ...outcome, at: nowIso() };
  await acts.recordWithdrawal({ applicationId: i.applicationId, ...outcome, reason: reason ?? null, withdrawnAt: s.withdrawal.at });
  await recordRefund(s, quote);
  await email(s, { kind: 'withdrawal-confirmed', windowId: s.windowId, ...outcome });
  await moveTo(s, 'withdrawn');
  return outcome;
}
