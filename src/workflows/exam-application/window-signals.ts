import { defineSignal } from '@temporalio/workflow';
import { logIgnored } from './effects';
import type { LifecycleState } from './state';

/**
 * What the testing window workflow tells each application of its window (FAQ: "scores cannot be released
 * until after all candidates take the test"). Sent by the window's activities; plain JSON payloads.
 */
export interface WindowClosed {
  windowId: string;
  closedOn: string;
  /** FAQ: results "approximately six to eight weeks from the close". */
  resultsExpected: { earliest: string; latest: string };
}

export interface EquatingApproved {
  windowId: string;
  /** When the scores go out; the release fan-out sends `scoreReleasedSignal` then. */
  releaseAt: string;
}

export interface ScoreReleased {
  windowId: string;
  formId: string;
  raw: number;
  scaled: number;
  passed: boolean;
  releasedAt: string;
}

export const windowClosedSignal = defineSignal<[WindowClosed]>('windowClosedSignal');
export const equatingApprovedSignal = defineSignal<[EquatingApproved]>('equatingApprovedSignal');
export const scoreReleasedSignal = defineSignal<[ScoreReleased]>('scoreReleasedSignal');

// The window workflow speaks to every application of its window; a transferred one listens to its new window only.
function forThisWindow(s: LifecycleState, what: string, windowId: string): boolean {
  if (windowId === s.windowId) return true;
  logIgnored(what, `for ${windowId}, not ${s.windowId}`);
  return false;
}

export function takeWindowClosed(s: LifecycleState, w: WindowClosed): void {
  if (!forThisWindow(s, 'window closed', w.windowId)) return;
  s.windowClosed = w;
  s.epoch++;
}

export function takeEquatingApproved(s: LifecycleState, e: EquatingApproved): void {
  if (!forThisWindow(s, 'equating approved', e.windowId)) return;
  s.equating = e;
  s.epoch++;
}

export function takeScoreReleased(s: LifecycleState, r: ScoreReleased): void {
  if (!forThisWindow(s, 'score released', r.windowId)) return;
  s.released = r;
  s.epoch++;
}
