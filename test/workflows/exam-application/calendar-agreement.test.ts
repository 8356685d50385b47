import { describe, expect, it } from 'vitest';
import { applicationPage } from '../../../src/api/views/candidate/application-page';
import { longDate } from '../../../src/api/views/candidate/format';
import { renderCandidateMessage } from '../../../src/email/templates/index';
import { eligibilityDecisionUpdate, statusQuery } from '../../../src/workflows/exam-application/contract';
import { runCli } from '../../cli/run-cli';
import { inputFor, jumpTo, stageIs, startApplication, lifecycleSuite } from './harness';

const suite = lifecycleSuite('calendar-agreement');
const { rec, taskQueue } = suite;

describe('the window calendar: the CLI, the candidate page and the emails agree', () => {
  it('Spring 2027: every date the CLI prints is the one the page and the notice to schedule show', async () => {
    const run = await runCli('rules', 'window', '--window', '2027-spring');
    expect(run.code).toBe(0);
    const cli = JSON.parse(run.stdout) as Record<string, string>;
    // FAQ: the window closes with its last test day; results "six to eight weeks from the close".
    expect(cli).toMatchObject({
      lastTestDay: '2027-03-20',
      close: '2027-03-20',
      earliestRelease: '2027-05-01',
      latestRelease: '2027-05-15',
    });

    const input = inputFor('agree', '2027-spring');
    const handle = await startApplication(suite.env, taskQueue, input);
    const approved = await handle.executeUpdate(eligibilityDecisionUpdate, {
      args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
    });
    // Before the test, the page shows the calendar's dates.
    const before = applicationPage({ status: approved, viewer: 'candidate', csrf: 'x', access: '', sites: [] });
    await jumpTo(suite.env, '2027-02-01T14:01:00.000Z');
    const status = await stageIs(handle, 'scheduling');
    const page = applicationPage({ status, viewer: 'candidate', csrf: 'x', access: '', sites: [] });
    const notice = rec.emailOf(input.applicationId, 'notice-to-schedule:2027-spring')!;
    const email = renderCandidateMessage(notice, { firstName: 'Ada', statusUrl: 'http://localhost/status' });

    expect(status.window).toMatchObject({
      accommodationCutoff: cli.accommodationDeadline,
      noticeToSchedule: cli.noticeToSchedule,
      start: cli.firstTestDay,
      end: cli.lastTestDay,
      close: cli.close,
      resultsExpected: { earliest: cli.earliestRelease, latest: cli.latestRelease },
    });
    for (const key of [
      'accommodationDeadline',
      'noticeToSchedule',
      'firstTestDay',
      'lastTestDay',
      'close',
      'earliestRelease',
      'latestRelease',
    ]) {
      expect(before, key).toContain(longDate(cli[key]!));
      expect(page, key).toContain(longDate(cli[key]!));
    }
    for (const key of ['firstTestDay', 'lastTestDay', 'close', 'earliestRelease', 'latestRelease']) {
      expect(email.text, key).toContain(longDate(cli[key]!));
      expect(email.html, key).toContain(longDate(cli[key]!));
    }
    expect(email.text).toContain(
      'The window closes at the end of Saturday, March 20, 2027; results are expected between Saturday, May 1, 2027 and Saturday, May 15, 2027',
    );
    expect((await handle.query(statusQuery)).window.close).toBe('2027-03-20');
  }, 60_000);
});
