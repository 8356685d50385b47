import { defineSignal } from '@temporalio/workflow';

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
