import type { WorkflowHandle } from '@temporalio/client';
import {
  equatingApprovedSignal,
  scoreReleasedSignal,
  windowClosedSignal,
} from '../../src/workflows/exam-application/window-signals';
import { vendorResultSignal } from '../../src/workflows/exam-application/vendor-signals';
import { stageReached, type System } from './system';

/** One case's result, its window's close and its released score, as the window's workflow would send them. */
export interface WindowPart {
  windowId: string;
  formId: string;
  testedOn: string;
  responses: string;
  importId: string;
  closedOn: string;
  resultsExpected: { earliest: string; latest: string };
  releaseAt: string;
  score: { raw: number; scaled: number; passed: boolean };
}

/**
 * The testing window's part for one case, played by its signals (the results import, the close, the approved
 * equating and the release are another workflow's job): the result on the evening of exam day, then the close and
 * the approval, then the score at the release time. `jumpTo` moves the clock; `stage` waits for the case's stage.
 */
export async function playWindowPart(
  handle: WorkflowHandle,
  part: WindowPart,
  jumpTo: (instant: string) => Promise<void>,
  stage: (expected: string) => Promise<unknown>,
): Promise<void> {
  const { windowId, formId, releaseAt } = part;
  await jumpTo(`${part.testedOn}T20:00:00.000Z`);
  await handle.signal(vendorResultSignal, {
    formId,
    responses: part.responses,
    testedOn: part.testedOn,
    importId: part.importId,
  });
  await stage('awaiting-close');
  await handle.signal(windowClosedSignal, { windowId, closedOn: part.closedOn, resultsExpected: part.resultsExpected });
  await handle.signal(equatingApprovedSignal, { windowId, releaseAt });
  await stage('awaiting-release');
  await jumpTo(releaseAt);
  await handle.signal(scoreReleasedSignal, { windowId, formId, ...part.score, releasedAt: releaseAt });
}

/** A CPCS Spring 2027 case that tests on March 10 and passes, through the API's system. */
export async function passInSpring2027(
  sys: System,
  applicationId: string,
  jumpTo: (instant: string) => Promise<void>,
  importId: string,
): Promise<void> {
  const handle = sys.env.client.workflow.getHandle(applicationId);
  const part: WindowPart = {
    windowId: '2027-spring',
    formId: 'CPCS-2027S-A',
    testedOn: '2027-03-10',
    responses: 'ABC',
    importId,
    closedOn: '2027-03-20',
    resultsExpected: { earliest: '2027-05-01', latest: '2027-05-15' },
    releaseAt: '2027-05-25T13:00:00.000Z',
    score: { raw: 112, scaled: 431, passed: true },
  };
  await playWindowPart(handle, part, jumpTo, (expected) => stageReached(sys, applicationId, expected));
  await stageReached(sys, applicationId, 'passed');
}

/** On the real clock nothing moves: the window's days have passed already. */
export const realTime = async (): Promise<void> => undefined;

/** CPCS Fall 2026, whose days have passed: the release was approved for a minute ago, so the score goes out at once. */
export function fall2026Part(importId: string, score: WindowPart['score']): WindowPart {
  return {
    windowId: '2026-fall',
    formId: 'CPCS-2026-A',
    testedOn: '2026-10-20',
    responses: 'ABC',
    importId,
    closedOn: '2026-10-24',
    resultsExpected: { earliest: '2026-12-05', latest: '2026-12-19' },
    releaseAt: new Date(Date.now() - 60_000).toISOString(),
    score,
  };
}
