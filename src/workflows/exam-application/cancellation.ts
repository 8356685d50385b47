import { CancellationScope, condition, isCancellation, log, patched } from '@temporalio/workflow';
import { email, moveTo, nowIso } from './effects';
import { acts } from './ports';
import type { LifecycleState } from './state';

/** Landed histories ended at a cancel with nothing cleaned up; new runs clean up first. */
const cancellationCleanupPatch = 'cancellation-cleanup';

/**
 * Runs the case; a cancel from Temporal UI first cleans up where nothing can interrupt it (the vendor seat given
 * back, the stage `cancelled` recorded, the candidate told), then the workflow ends as cancelled.
 */
export async function cleanUpOnCancel(s: LifecycleState, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!isCancellation(err) || !patched(cancellationCleanupPatch)) throw err;
    await CancellationScope.nonCancellable(() => closeCancelled(s));
    throw err;
  }
}

async function closeCancelled(s: LifecycleState): Promise<void> {
  // An Update in flight was cancelled with the case: let it unwind, then nothing else changes the case.
  await condition(() => !s.busy);
  s.busy = true;
  const i = s.input;
  if (s.attention) {
    await acts.recordAttentionResolved({
      caseKind: 'application',
      caseId: i.applicationId,
      resolution: 'cancelled',
      by: 'temporal-ui',
      at: nowIso(),
    });
    s.attention = undefined;
  }
  // A seat already used (the test taken) is released too: the call is a no-op at the vendor then.
  const seat = s.appointment && !s.result ? { examDate: s.appointment.examDate, site: s.appointment.site } : undefined;
  if (s.appointment)
    await acts.releaseSeat({
      applicationId: i.applicationId,
      site: s.appointment.site,
      examDate: s.appointment.examDate,
    });
  await moveTo(s, 'cancelled');
  try {
    await email(s, {
      kind: 'application-cancelled',
      program: i.program,
      windowId: s.windowId,
      ...(seat ? { releasedAppointment: seat } : {}),
    });
  } catch (err) {
    // The case is closed either way; a message that cannot go (no candidate on file) must not keep it open.
    log.warn('cancellation email not sent', { error: err instanceof Error ? err.message : String(err) });
  }
}
