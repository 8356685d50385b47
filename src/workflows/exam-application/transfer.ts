import { ActivityFailure, ApplicationFailure, log, patched } from '@temporalio/workflow';
import { decideTransfer, longDate, nextWindowId, windowCalendar, type TransferDecision } from '../../domain/index';
import { refuse } from '../refusals';
import type { TransferOutcome } from './contract';
import type { CaseMessage } from './case-messages';
import { requireStage } from './checks';
import { email, moveTo, nowIso, staffEmail } from './effects';
import { chargeTransfer } from './fees';
import { acts, vendor } from './ports';
import type { Appointment, LifecycleState } from './state';

/**
 * Marks transfers whose case moves to the new window with its records before the old seat is freed (see
 * `moveThenReleaseSeat`); histories recorded before it free the seat first.
 */
export const transferMovesFirstPatch = 'transfer-moves-case-before-seat-release';

/** The case joins the new window; accommodations stay: an approved accommodation travels with the transfer. */
function joinNewWindow(s: LifecycleState, outcome: TransferOutcome): void {
  s.transfers.push({ ...outcome, at: nowIso() });
  s.windowId = outcome.toWindowId;
  s.appointment = undefined;
}

/**
 * After the records moved (recordTransfer), the workflow moves at once, so no later failure can leave it on the old
 * window while the database shows the new one. A seat the vendor fails to free is flagged to staff, never a failed
 * transfer: the vendor moves an application's one seat on its next booking anyway.
 */
async function moveThenReleaseSeat(s: LifecycleState, outcome: TransferOutcome): Promise<void> {
  const held = s.appointment;
  joinNewWindow(s, outcome);
  await moveTo(s, 'awaiting-notice');
  if (held) await releaseOrFlagSeat(s, held, outcome);
}

async function releaseOrFlagSeat(s: LifecycleState, held: Appointment, outcome: TransferOutcome): Promise<void> {
  const i = s.input;
  try {
    await vendor.releaseSeat({ applicationId: i.applicationId, site: held.site, examDate: held.examDate });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const reason = err.cause?.message ?? err.message;
    log.warn('seat not released after a transfer; flagged to staff', {
      site: held.site,
      examDate: held.examDate,
      reason,
    });
    await staffEmail(
      {
        kind: 'seat-not-released',
        applicationId: i.applicationId,
        candidateName: `${i.candidate.firstName} ${i.candidate.lastName}`,
        program: i.program,
        site: held.site,
        examDate: held.examDate,
        fromWindowId: outcome.fromWindowId,
        toWindowId: outcome.toWindowId,
        reason,
      },
      `seat-not-released:${held.seq}`,
    );
  }
}

/** FAQ: a transfer needs notice "within a minimum of 5 business days prior to the scheduled exam". */
export function checkTransfer(s: LifecycleState, now: string): TransferDecision {
  if (s.stage === 'submitted' || s.stage === 'eligibility-review')
    refuse('ActionNotAvailable', 'A transfer is possible once your eligibility is approved.');
  requireStage(s, ['awaiting-notice', 'scheduling', 'scheduled'], 'a transfer');
  const cal = windowCalendar(s.windowId, s.policy);
  try {
    nextWindowId(s.windowId);
  } catch {
    refuse('TransferRefused', `There is no testing window after ${cal.label} to transfer to.`);
  }
  // Without an appointment the latest possible exam day of the window stands in for the scheduled exam.
  const decision = decideTransfer(
    { windowId: s.windowId, examDate: s.appointment?.examDate ?? cal.end, requestedAt: now },
    s.policy,
  );
  if (!decision.accepted) {
    refuse(
      'TransferRefused',
      `The last day to request a transfer was ${longDate(decision.lastDayToRequestTransfer)}; you can still reschedule inside the ${cal.label} window.`,
    );
  }
  return decision;
}

async function transfer(s: LifecycleState): Promise<TransferOutcome> {
  const decision = checkTransfer(s, nowIso());
  const outcome: TransferOutcome = {
    fromWindowId: decision.fromWindowId,
    toWindowId: decision.toWindowId,
    feeUsd: decision.feeUsd,
  };
  try {
    await acts.recordTransfer({ applicationId: s.input.applicationId, ...outcome, requestedAt: nowIso() });
  } catch (err) {
    // A refusal found in the records (e.g. an application for the next window exists) reaches the candidate as is.
    const cause = err instanceof ActivityFailure ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === 'TransferRefused')
      refuse('TransferRefused', cause.message);
    throw err;
  }
  await chargeTransfer(s, outcome);
  const confirm = () =>
    email(
      s,
      {
        kind: 'transfer-confirmed',
        ...outcome,
        noticeOn: windowCalendar(outcome.toWindowId, s.policy).noticeToSchedule,
      },
      `transfer-confirmed:${outcome.toWindowId}`,
    );
  if (patched(transferMovesFirstPatch)) {
    await moveThenReleaseSeat(s, outcome);
    await confirm();
    return outcome;
  }
  if (s.appointment)
    await vendor.releaseSeat({
      applicationId: s.input.applicationId,
      site: s.appointment.site,
      examDate: s.appointment.examDate,
    });
  joinNewWindow(s, outcome);
  await confirm();
  await moveTo(s, 'awaiting-notice');
  return outcome;
}

/** `requestTransferUpdate`: the case moves to the next window of its program, with the transfer fee. */
export const transferRequest: CaseMessage<void, TransferOutcome> = {
  check: (s, _none, now) => checkTransfer(s, now),
  act: (s) => transfer(s),
};
