import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection';
import { itemsOf } from '../../src/db/tables/exam-forms';
import { findResult } from '../../src/db/tables/exam-results';
import { findImport } from '../../src/db/tables/results-imports';
import { ensureFormForWindow } from '../../src/forms/ensure';
import { importResults, type SignalResult } from '../../src/results-import/import';
import { parseResultsCsv, ResultsFileError } from '../../src/results-import/parse';
import type { VendorResult } from '../../src/workflows/exam-application/vendor-signals';
import { openTestDatabase } from '../helpers/database';
import { seedApplications } from '../workflows/testing-window/seed';

let database: DatabaseHandle;
let formId: string;
let items: number;
let apps: string[];
const signals: [string, VendorResult][] = [];
const signalResult: SignalResult = async (id, r) => void signals.push([id, r]);
const run = (csv: string) => importResults({ db: database.db, signalResult }, { csv, filename: 'results.csv', source: 'staff', actor: 'staff@test' });

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
const line = (id: string, responses = answers(), form = formId, testedOn = '2027-03-05') => `${id},${form},${testedOn},${responses}`;
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
    expect(signals).toHaveLength(0);
  });

  it('stores a clean file, signals each application after the commit, and refuses the same results again', async () => {
    const csv = file(line(apps[5]!, `ab-${answers(items - 3, 'C')}`), line(apps[6]!));
    const report = await run(csv);
    expect(report).toMatchObject({ status: 'accepted', rows: 2, accepted: 2, signalled: 2, errors: [] });
    const stored = await findResult(database.db, apps[5]!);
    expect(stored).toMatchObject({ form_id: formId, tested_on: '2027-03-05', import_id: report.importId });
    expect(stored!.responses).toBe(`AB-${answers(items - 3, 'C')}`);
    expect(signals.map(([id]) => id).sort()).toEqual([apps[5], apps[6]]);
    expect(signals[0]![1]).toMatchObject({ formId, testedOn: '2027-03-05', importId: report.importId });

    // The same file delivered twice (a webhook retry) returns the first answer and stores nothing new.
    const replay = await run(csv);
    expect(replay).toMatchObject({ status: 'accepted', replayOf: report.importId });
    expect(signals).toHaveLength(2);
    // The same application in another file: already stored (FAQ: no retest in the same window).
    const again = await run(file(line(apps[6]!, answers(items, 'B'))));
    expect(again.errors.map((e) => e.code)).toEqual(['already-stored']);
  });

  it('finds the application from a candidate id and reads one column per item', async () => {
    const header = ['candidate_id', 'form_id', 'tested_on', ...Array.from({ length: items }, (_, i) => `q${i + 1}`)].join(',');
    const cells = Array.from({ length: items }, (_, i) => (i === 3 ? '' : 'b')).join(',');
    const report = await run(`${header}\nc-${apps[7]},${formId},2027-03-06,${cells}\nc-nobody,${formId},2027-03-06,${cells}\n`);
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
