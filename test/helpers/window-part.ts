import {
  equatingApprovedSignal,
  scoreReleasedSignal,
  windowClosedSignal,
} from '../../src/workflows/exam-application/window-signals';
import { vendorResultSignal } from '../../src/workflows/exam-application/vendor-signals';
import { stageReached, type System } from './system';

/**
 * The testing window's part for one CPCS Spring 2027 case that tests on March 10 and passes, played by its signals
 * (the results import, the close, the approved equating and the release are another workflow's job).
 */
export async function passInSpring2027(
  sys: System,
  applicationId: string,
  jumpTo: (instant: string) => Promise<void>,
  importId: string,
): Promise<void> {
  await jumpTo('2027-03-10T20:00:00.000Z');
  const handle = sys.env.client.workflow.getHandle(applicationId);
  await handle.signal(vendorResultSignal, {
    formId: 'CPCS-2027S-A',
    responses: 'ABC',
    testedOn: '2027-03-10',
    importId,
  });
  await stageReached(sys, applicationId, 'awaiting-close');
  await handle.signal(windowClosedSignal, {
    windowId: '2027-spring',
    closedOn: '2027-03-20',
    resultsExpected: { earliest: '2027-05-01', latest: '2027-05-15' },
  });
  await handle.signal(equatingApprovedSignal, { windowId: '2027-spring', releaseAt: '2027-05-25T13:00:00.000Z' });
  await stageReached(sys, applicationId, 'awaiting-release');
  await jumpTo('2027-05-25T13:00:00.000Z');
  await handle.signal(scoreReleasedSignal, {
    windowId: '2027-spring',
    formId: 'CPCS-2027S-A',
    raw: 112,
    scaled: 431,
    passed: true,
    releasedAt: '2027-05-25T13:00:00.000Z',
  });
  await stageReached(sys, applicationId, 'passed');
}
