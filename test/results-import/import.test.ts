import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection';
import { itemsOf } from '../../src/db/tables/exam-forms';
import { findResult } from '../../src/db/tables/exam-results';
import { findImport } from '../../src/db/tables/results-imports';
import { ensureFormForWindow } from '../../src/forms/ensure';
import { markSignalled } from '../../src/db/tables/results-import-signals';
import { importResults, SignallingNotStartedError, type StartSignalling } from '../../src/results-import/import';
import { parseResultsCsv, ResultsFileError } from '../../src/results-import/parse';
import { openTestDatabase } from '../helpers/database';
import { seedApplications } from '../workflows/testing-window/seed';

let database: DatabaseHandle;
let formId: string;
let items: number;
let apps: string[];
// The import ids whose signalling workflow was started (here nothing runs it: the tests mark progress themselves).
const starts: string[] = [];
let startSignalling: StartSignalling = async (importId) => void starts.push(importId);
const run = (csv: string) =>
  importResults(
    { db: database.db, startSignalling: (id) => startSignalling(id) },
    { csv, filename: 'results.csv', source: 'staff', actor: 'staff@test' },
  );

beforeAll(async () => {
  database = await openTestDatabase();
  formId = await ensureFormForWindow(database.db, 'CPCS', '2027-spring', { simulated: true });
  items = (await itemsOf(database.db, formId)).length;
  apps = await seedApplications(database.db, 'CPCS', '2027-spring', 12);
  await seedApplications(database.db, 'CPCS', '2026-summer', 1, 'old');
});
afterAll(async () => {
  await database?.close();
});

const answers = (n = items, letter = 'A') => letter.repeat(n);
const line = (id: string, responses = answers(), form = formId, testedOn = '2027-03-05') =>
  `${id},${form},${testedOn},${responses}`;
const file = (...lines: string[]) => ['application_id,form_id,tested_on,responses', ...lines].join('\n');

describe('results import: every row validated, all or nothing per file', () => {
  it('reports each kind of bad row with its line, and stores nothing from a file with any bad row', async () => {
    const report = await run(
      file(
        line(apps[0]!),
        line('no-such-application'),
        line(apps[1]!, answers(), 'CPCS-2019-04'),
        line(apps[2]!, answers(items - 1)),
        line(apps[3]!, `D${answers(items - 2)}1`),
        line(apps[4]!, answers(), formId, '2027-07-01'),
        line(apps[0]!),
      ),
    );
    expect(report.status).toBe('rejected');
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'unknown-application'],
      [4, 'wrong-form'],
      [5, 'wrong-length'],
      [6, 'invalid-option'],
      [7, 'invalid-test-date'],
      [8, 'duplicate-in-file'],
    ]);
    expect(report.errors.find((e) => e.code === 'invalid-option')!.message).toMatch(/item 1, 150 are not/);
    expect(await findResult(database.db, apps[0]!)).toBeUndefined();
    expect((await findImport(database.db, report.importId))!.status).toBe('rejected');
    expect(starts).toHaveLength(0);
  });

  it('stores a clean file, hands it to its signalling workflow after the commit, and a re-sent file finishes the hand-off', async () => {
    const csv = file(line(apps[5]!, `ab-${answers(items - 3, 'C')}`), line(apps[6]!));
    const report = await run(csv);
    // Told in the background: the answer says nobody yet, two to go, and which workflow tells them.
    expect(report).toMatchObject({ status: 'accepted', rows: 2, accepted: 2, signalled: 0, errors: [] });
    expect(report.signalling).toEqual({
      workflowId: `results-import-${report.importId}`,
      state: 'in-progress',
      pending: 2,
      noWorkflow: [],
    });
    expect(starts).toEqual([report.importId]);
    const stored = await findResult(database.db, apps[5]!);
    expect(stored).toMatchObject({ form_id: formId, tested_on: '2027-03-05', import_id: report.importId });
    expect(stored!.responses).toBe(`AB-${answers(items - 3, 'C')}`);

    // The same file delivered twice (a webhook retry) returns the first answer, stores nothing new, and starts (or
    // finds) the same import's workflow again, so signalling interrupted by a crash completes.
    const replay = await run(csv);
    expect(replay).toMatchObject({
      status: 'accepted',
      replayOf: report.importId,
      importId: report.importId,
      signalled: 0,
      signalling: { state: 'in-progress', pending: 2 },
    });
    expect(starts).toEqual([report.importId, report.importId]);
    // Once every application is handled, a re-sent file only reports it.
    await markSignalled(database.db, report.importId, [
      { applicationId: apps[5]!, outcome: 'signalled' },
      { applicationId: apps[6]!, outcome: 'no-workflow' },
    ]);
    expect(await run(csv)).toMatchObject({
      signalled: 1,
      signalling: { state: 'complete', pending: 0, noWorkflow: [apps[6]] },
    });
    expect(starts).toHaveLength(2);
    // The same application in another file: already stored (FAQ: no retest in the same window).
    const again = await run(file(line(apps[6]!, answers(items, 'B'))));
    expect(again.errors.map((e) => e.code)).toEqual(['already-stored']);
  });

  it('results stored but their workflow not started: the answer says so, and the same file again starts it', async () => {
    const csv = file(line(apps[8]!));
    startSignalling = async () => {
      throw new Error('Temporal is unreachable');
    };
    const failed = await run(csv).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SignallingNotStartedError);
    const importId = (failed as SignallingNotStartedError).importId;
    expect(await findResult(database.db, apps[8]!)).toMatchObject({ import_id: importId });
    startSignalling = async (id) => void starts.push(id);
    expect(await run(csv)).toMatchObject({ replayOf: importId, signalling: { state: 'in-progress', pending: 1 } });
    expect(starts.at(-1)).toBe(importId);
  });

  it('finds the application from a candidate id and reads one column per item', async () => {
    const header = [
      'candidate_id',
      'form_id',
      'tested_on',
      ...Array.from({ length: items }, (_, i) => `q${i + 1}`),
    ].join(',');
    const cells = Array.from({ length: items }, (_, i) => (i === 3 ? '' : 'b')).join(',');
    const report = await run(
      `${header}\nc-${apps[7]},${formId},2027-03-06,${cells}\nc-nobody,${formId},2027-03-06,${cells}\n`,
    );
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([[3, 'unknown-candidate']]);
    const ok = await run(`${header}\nc-${apps[7]},${formId},2027-03-06,${cells}\n`);
    expect(ok.status).toBe('accepted');
    expect((await findResult(database.db, apps[7]!))!.responses).toBe(`BBB-${'B'.repeat(items - 4)}`);
  });

  it('a window with another form: the row names the wrong form', async () => {
    const report = await run(file(line('old-CPCS-2026-summer-000000', answers(), formId, '2026-06-10')));
    expect(report.errors[0]).toMatchObject({ code: 'wrong-form' });
  });

  it('refuses a file that is not a results file at all', () => {
    expect(() => parseResultsCsv('name,score\nAda,3\n')).toThrow(ResultsFileError);
    expect(() => parseResultsCsv('')).toThrow(ResultsFileError);
  });
});
