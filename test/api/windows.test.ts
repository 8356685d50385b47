import { beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../src/db/tables/audit-log';
import { itemsOf } from '../../src/db/tables/exam-forms';
import { resultsOfWindow } from '../../src/db/tables/exam-results';
import { ensureFormForWindow } from '../../src/forms/ensure';
import { simulateResponses } from '../../src/forms/generate';
import { signVendorPayload } from '../../src/integrations/vendor/signature';
import { eventually } from '../helpers/eventually';
import { systemSuite, vendorWebhookSecret } from '../helpers/system';
import { seedApplications } from '../workflows/testing-window/seed';

const now = () => new Date();
const suite = systemSuite({ now }, 'windows-test');

const auth = () => ({ authorization: `Bearer ${suite.token}` });
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${suite.sys.baseUrl}${path}`, {
    ...init,
    headers: { ...auth(), ...(init.headers as Record<string, string>) },
  });
const postJson = (path: string, body: unknown) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('a testing window through the API: import, creation, close, key validation, approval, release, statistics', () => {
  describe('runs Spring 2026 of CPCS (its calendar has passed, so its timers fire at once) to published statistics', () => {
    let apps: string[];
    let items: Awaited<ReturnType<typeof itemsOf>>;
    let csv: (ids: string[], bad?: boolean) => string;

    const statusOf = async () =>
      (
        (await (await api('/api/staff/windows/CPCS/2026-spring')).json()) as {
          status: { stage: string; flagged: { itemId: string }[] };
        }
      ).status;
    const untilStage = (stages: string[]) =>
      eventually(
        async () => {
          const s = await statusOf();
          expect(stages).toContain(s.stage);
          return s;
        },
        60_000,
        250,
      );

    beforeAll(async () => {
      const formId = await ensureFormForWindow(suite.sys.db, 'CPCS', '2026-spring', { simulated: true });
      apps = await seedApplications(suite.sys.db, 'CPCS', '2026-spring', 60);
      items = await itemsOf(suite.sys.db, formId);
      const answers = simulateResponses(items, apps.length, 7, 0.3);
      csv = (ids: string[], bad = false) =>
        [
          'application_id,form_id,tested_on,responses',
          ...ids.map((id) => `${id},${formId},2026-03-10,${bad ? 'X' : ''}${answers[apps.indexOf(id)]}`),
        ].join('\n');
    });

    // Staff only; a file with a bad row stores nothing and says which row.
    it('takes a results file from staff only', async () => {
      expect(
        (
          await fetch(`${suite.sys.baseUrl}/api/staff/results-imports`, {
            method: 'POST',
            headers: { 'content-type': 'text/csv' },
            body: csv(apps),
          })
        ).status,
      ).toBe(401);
    });

    it('refuses a results file with bad rows, naming the error of each', async () => {
      const rejected = await api('/api/staff/results-imports', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: csv(apps.slice(0, 3), true),
      });
      expect(rejected.status).toBe(422);
      expect(((await rejected.json()) as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual([
        'wrong-length',
        'invalid-option',
        'wrong-length',
        'invalid-option',
        'wrong-length',
        'invalid-option',
      ]);
    });

    it('accepts a valid results file from staff', async () => {
      const accepted = await api('/api/staff/results-imports?filename=spring.csv', {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: csv(apps.slice(0, 50)),
      });
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toMatchObject({ status: 'accepted', accepted: 50 });
    });

    // The vendor's signed webhook: a forged signature changes nothing, a signed file is imported.
    it("refuses the vendor's webhook with a forged signature", async () => {
      const body = csv(apps.slice(50));
      const forged = await fetch(`${suite.sys.baseUrl}/webhooks/vendor/results`, {
        method: 'POST',
        headers: {
          'content-type': 'text/csv',
          'x-vendor-signature': signVendorPayload('not-the-secret-not-the-secret-000000', body, now()),
        },
        body,
      });
      expect(forged.status).toBe(401);
    });

    it("imports the vendor's signed webhook file, so every tested candidate has a result", async () => {
      const body = csv(apps.slice(50));
      const signed = await fetch(`${suite.sys.baseUrl}/webhooks/vendor/results`, {
        method: 'POST',
        headers: {
          'content-type': 'text/csv',
          'x-vendor-signature': signVendorPayload(vendorWebhookSecret, body, now()),
        },
        body,
      });
      expect(signed.status).toBe(200);
      expect((await resultsOfWindow(suite.sys.db, 'CPCS', '2026-spring')).length).toBe(60);
    });

    it('creates the window once; the same request again finds it', async () => {
      const created = await postJson('/api/staff/windows', { program: 'CPCS', windowId: '2026-spring' });
      expect(created.status).toBe(201);
      expect((await postJson('/api/staff/windows', { program: 'CPCS', windowId: '2026-spring' })).status).toBe(200);
    });

    it('refuses a window that is not on the calendar', async () => {
      expect((await postJson('/api/staff/windows', { program: 'CPCS', windowId: '2026-winter' })).status).toBe(422);
    });

    it("validates the key at the close and takes staff's decision on each flagged item", async () => {
      const status = await untilStage(['key-validation', 'awaiting-approval']);
      if (status.flagged.length) {
        const decided = await postJson('/api/staff/windows/CPCS/2026-spring/key-decisions', {
          decisions: status.flagged.map((f) => ({ itemId: f.itemId, action: 'accept' })),
        });
        expect(decided.status).toBe(200);
      }
    }, 90_000);

    it('refuses an approval whose release time is not a time', async () => {
      await untilStage(['awaiting-approval']);
      const malformed = await postJson('/api/staff/windows/CPCS/2026-spring/approval', { releaseAt: 'next Tuesday' });
      expect(malformed.status).toBe(422);
    }, 90_000);

    // Staff may choose any time; one that has passed releases at once (never a dead end).
    it('releases at once when the approved release time has passed', async () => {
      const approved = await postJson('/api/staff/windows/CPCS/2026-spring/approval', {
        releaseAt: new Date(Date.now() - 86_400_000).toISOString(),
      });
      expect(approved.status).toBe(200);
      await untilStage(['released']);
    }, 90_000);

    it("shows staff the window's item analysis report with the raw cut", async () => {
      const report = await api('/staff/windows/CPCS/2026-spring/report', { headers: { accept: 'text/html' } });
      const page = await report.text();
      expect(page).toContain('<svg');
      expect(page).toContain(items[0]!.item_id);
      expect(page).toMatch(/Raw cut on this form/);
    });

    it("publishes the window's statistics without candidate identities", async () => {
      const stats = await fetch(`${suite.sys.baseUrl}/statistics`);
      const html = await stats.text();
      expect(html).toContain('Spring 2026');
      expect(html).not.toContain(apps[0]!);
      const json = (await (await fetch(`${suite.sys.baseUrl}/api/statistics`)).json()) as {
        cells: { program: string; windowId: string; candidates: number }[];
      };
      expect(json.cells).toEqual([
        expect.objectContaining({ program: 'CPCS', windowId: '2026-spring', candidates: 60 }),
      ]);
    });

    it("audits the window's creation and the equating approval", async () => {
      const audit = (await auditFor(suite.sys.db, 'window:testing-window-CPCS-2026-spring')).map((a) => a.action);
      expect(audit).toContain('window.create');
      expect(audit).toContain('window.approve-equating');
    });
  });
});
