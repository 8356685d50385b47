import { ActivityFailure, log } from '@temporalio/workflow';
import type { TransferOutcome } from './contract';
import { moveTo, nowIso, staffEmail } from './effects';
import { vendor } from './ports';
import type { Appointment, LifecycleState } from './state';

/**
 * Marks transfers whose case moves to the new window with its records before the old seat is freed (see
 * `moveThenReleaseSeat`); histories recorded before it free the seat first.
 */
export const transferMovesFirstPatch = 'transfer-moves-case-before-seat-release';

/** The case joins the new window; accommodations stay: an approved accommodation travels with the transfer. */
export function joinNewWindow(s: LifecycleState, outcome: TransferOutcome): void {
  s.transfers.push({ ...outcome, at: nowIso() });
  s.windowId = outcome.toWindowId;
  s.appointment = undefined;
}

/**
 * After the records moved (recordTransfer), the workflow moves at once, so no later failure can leave it on the old
 * window while the database shows the new one. A seat the vendor fails to free is flagged to staff, never a failed
 * transfer: the vendor moves an application's one seat on its next booking anyway.
 */
export async function moveThenReleaseSeat(s: LifecycleState, outcome: TransferOutcome): Promise<void> {
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
    log.warn('seat not released after a transfer; flagged to staff', { site: held.site, examDate: held.examDate, reason });
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
