import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemsOf } from '../../src/db/tables/exam-forms';
import { ensureFormForWindow } from '../../src/forms/ensure';
import { simulateResponses } from '../../src/forms/generate';
import { eventually } from '../helpers/eventually';
import { systemSuite } from '../helpers/system';
import { seedApplications } from '../workflows/testing-window/seed';

const suite = systemSuite({ now: () => new Date() }, 'cli-test');

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      'npx',
      ['tsx', 'src/cli/main.ts', ...args, '--api', suite.sys.baseUrl, '--token', suite.token],
      { cwd: process.cwd() },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('staff CLI: results import and windows, through the API', () => {
  describe('imports a file with progress and a summary, refuses a bad one with exit code 2, creates a window and prints its report', () => {
    let formId: string;
    let good: string;
    let bad: string;
    let summary: { importId: string; signalling: string };

    beforeAll(async () => {
      formId = await ensureFormForWindow(suite.sys.db, 'CPMSM', '2026-summer', { simulated: true });
      const apps = await seedApplications(suite.sys.db, 'CPMSM', '2026-summer', 2500);
      const answers = simulateResponses(await itemsOf(suite.sys.db, formId), apps.length, 11, 0);
      const dir = mkdtempSync(join(tmpdir(), 'certflow-cli-'));
      good = join(dir, 'summer.csv');
      writeFileSync(
        good,
        [
          'application_id,form_id,tested_on,responses',
          ...apps.map((id, i) => `${id},${formId},2026-06-10,${answers[i]}`),
        ].join('\n'),
      );
      bad = join(dir, 'bad.csv');
      writeFileSync(bad, `application_id,form_id,tested_on,responses\nnobody,${formId},2026-06-10,${answers[0]}\n`);
    }, 60_000);

    it('refuses a file naming an unknown application with exit code 2, pointing at its line, and stores nothing', async () => {
      const rejected = await cli('results', 'import', '--file', bad);
      expect(rejected.code).toBe(2);
      expect(JSON.parse(rejected.stdout)).toMatchObject({
        status: 'rejected',
        stored: 0,
        errors: [{ line: 2, code: 'unknown-application' }],
      });
      expect(rejected.stderr).toMatch(/nothing was stored/);
    }, 60_000);

    it('imports a good file, printing its progress and an accepted summary of 2500 stored rows', async () => {
      const imported = await cli('results', 'import', '--file', good);
      expect(imported.code).toBe(0);
      summary = JSON.parse(imported.stdout) as { importId: string; signalling: string };
      expect(summary).toMatchObject({
        status: 'accepted',
        rows: 2500,
        stored: 2500,
        workflowId: `results-import-${summary.importId}`,
      });
      expect(imported.stderr).toMatch(/checked 1000 of 2500 rows/);
      expect(imported.stderr).toMatch(/checked 2500 of 2500 rows/);
      if (summary.signalling === 'in-progress')
        expect(imported.stderr).toMatch(
          /still to tell, in the background; follow with: cli results status --import imp-/,
        );
    }, 90_000);

    it('reports the import complete, with every result stored and no workflow waiting for one', async () => {
      // These seeded applications have no workflow: their results are stored and nobody was waiting for them.
      await eventually(
        async () => {
          const status = await cli('results', 'status', '--import', summary.importId);
          expect(JSON.parse(status.stdout)).toEqual({
            importId: summary.importId,
            status: 'accepted',
            stored: 2500,
            signalled: 0,
            signalling: 'complete',
            pending: 0,
            noWorkflow: 2500,
            workflowId: `results-import-${summary.importId}`,
          });
        },
        60_000,
        500,
      );
    }, 90_000);

    it('creates the window workflow for CPMSM 2026-summer', async () => {
      const created = await cli('windows', 'create', '--program', 'CPMSM', '--window', '2026-summer');
      expect(JSON.parse(created.stdout)).toEqual({ workflowId: 'testing-window-CPMSM-2026-summer', created: true });
    }, 60_000);

    it('shows the window at key validation or awaiting approval', async () => {
      await eventually(
        async () => {
          const status = JSON.parse(
            (await cli('windows', 'status', '--program', 'CPMSM', '--window', '2026-summer')).stdout,
          ) as { status: { stage: string } };
          expect(['key-validation', 'awaiting-approval']).toContain(status.status.stage);
        },
        60_000,
        500,
      );
    }, 90_000);

    it("prints the window's report: its stage, the examinees' statistics and one line per item of the form", async () => {
      const report = await cli('windows', 'report', '--program', 'CPMSM', '--window', '2026-summer');
      expect(report.code).toBe(0);
      expect(report.stdout).toMatch(/^CPMSM 2026-summer — stage/);
      expect(report.stdout).toMatch(/examinees 2500, mean raw/);
      expect(report.stdout.split('\n').filter((l) => l.startsWith('CPMSM-')).length).toBe(175);
    }, 60_000);

    it('exits with code 2 when no staff token is given', async () => {
      const missingToken = await new Promise<number>((resolve) =>
        spawn('npx', ['tsx', 'src/cli/main.ts', 'windows', 'status', '--program', 'CPCS', '--window', '2026-fall'], {
          env: { ...process.env, CERTFLOW_API_TOKEN: '' },
        }).on('close', (c) => resolve(c ?? -1)),
      );
      expect(missingToken).toBe(2);
    }, 60_000);
  });
});
