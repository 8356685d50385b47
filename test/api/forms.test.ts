import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditFor } from '../../src/db/tables/audit-log';
import { itemsOf } from '../../src/db/tables/exam-forms';
import { resultsOfWindow } from '../../src/db/tables/exam-results';
import { findTestingWindow } from '../../src/db/tables/testing-windows';
import { ensureFormForWindow } from '../../src/forms/ensure';
import { staffLogin } from '../helpers/staff-login';
import { simulateResponses } from '../../src/forms/generate';
import type { FormDocument } from '../../src/forms/import-schema';
import { eventually } from '../helpers/eventually';
import { systemSuite } from '../helpers/system';
import { seedApplications } from '../workflows/testing-window/seed';
import { assemblyDocument, referenceDocument } from './form-documents';

// As in production: no simulated form is ever created.
const suite = systemSuite({ now: () => new Date(), formsSimulated: false }, 'forms-test');

const bearer = () => ({ authorization: `Bearer ${suite.token}` });
const post = (path: string, body: unknown, headers: Record<string, string> = bearer()) =>
  fetch(`${suite.sys.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
type ErrorBody = { error: { message: string; code: string; fields?: Record<string, string> } };
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;
const formIds = async () =>
  (await suite.sys.db.selectFrom('exam_forms').select('id').orderBy('id').execute()).map((r) => r.id);

const ref = referenceDocument('CPCS');
const assembly = assemblyDocument('CPCS', 2025);
const edit = (doc: FormDocument, change: (d: FormDocument) => void): FormDocument => {
  const copy = structuredClone(doc);
  change(copy);
  return copy;
};
const firstAnchor = (d: FormDocument) => d.items.findIndex((i) => i.anchor);
const firstPretest = (d: FormDocument) => d.items.findIndex((i) => !i.scored);
const other = (k: 'A' | 'B' | 'C') => (k === 'A' ? 'B' : 'A');

describe('loading real exam forms (FORMS_SIMULATED off)', () => {
  it('refuses to create a window while no form is loaded for it, and says how to load one', async () => {
    const res = await post('/api/staff/windows', { program: 'CPCS', windowId: '2026-spring' });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toBe(
      'No form assembled in April 2025 is loaded for CPCS: load it with POST /api/staff/forms (or `cli forms import`).',
    );
    await expect(ensureFormForWindow(suite.sys.db, 'CPCS', '2026-spring', { simulated: false })).rejects.toThrow(
      /No form assembled in April 2025/,
    );
    expect(await formIds()).toEqual([]);
  });

  it('needs staff: no token is 401 and stores nothing', async () => {
    expect((await post('/api/staff/forms', ref, {})).status).toBe(401);
    expect((await fetch(`${suite.sys.baseUrl}/api/staff/forms`)).status).toBe(401);
    expect(await formIds()).toEqual([]);
  });

  it('refuses an assembly form before its program has a reference form', async () => {
    const res = await post('/api/staff/forms', assembly);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).fields?.role).toMatch(/No reference form is loaded for CPCS: load it first/);
  });

  // Each rule of a reference form: the path of the problem and what to fix; nothing stored.
  const referenceCases: [string, FormDocument, string, RegExp][] = [
    [
      'too few items for the program',
      edit(ref, (d) => {
        d.items.pop();
        d.referenceResponses = d.referenceResponses!.map((r) => r.slice(0, -1));
      }),
      'items',
      /CPCS forms have 150 items \(scored and pretest together\); this form has 149/,
    ],
    [
      'a duplicate item id',
      edit(ref, (d) => {
        d.items[5]!.id = d.items[4]!.id;
      }),
      'items.5.id',
      /used twice \(also items\.4\)/,
    ],
    [
      'a key other than A, B or C',
      edit(ref, (d) => {
        (d.items[3] as { key: string }).key = 'D';
      }),
      'items.3.key',
      /The key must be A, B or C/,
    ],
    [
      'fewer than 10 anchors',
      edit(ref, (d) =>
        d.items.forEach((i) => {
          i.anchor = false;
        }),
      ),
      'items',
      /at least 10 anchor \(common\) items to be equated; this form has 0/,
    ],
    [
      'a pretest anchor',
      edit(ref, (d) => {
        d.items[firstPretest(d)]!.anchor = true;
      }),
      `items.${firstPretest(ref)}.anchor`,
      /pretest item; an anchor \(common\) item must be scored/,
    ],
    [
      'no raw cut',
      edit(ref, (d) => {
        delete d.rawCut;
      }),
      'rawCut',
      /needs its raw cut/,
    ],
    [
      'a raw cut above the scored items',
      edit(ref, (d) => {
        d.rawCut = 141;
      }),
      'rawCut',
      /above the 140 scored items; it must lie between 1 and 140/,
    ],
    [
      'a raw cut of 0',
      edit(ref, (d) => {
        d.rawCut = 0;
      }),
      'rawCut',
      /The raw cut is at least 1 correct answer/,
    ],
    [
      'a response string of the wrong length',
      edit(ref, (d) => {
        d.referenceResponses![2] = d.referenceResponses![2]!.slice(1);
      }),
      'referenceResponses.2',
      /Examinee 3 has 149 responses; give one per item \(150\)/,
    ],
    [
      'a response letter other than A, B, C or -',
      edit(ref, (d) => {
        d.referenceResponses![7] = `X${d.referenceResponses![7]!.slice(1)}`;
      }),
      'referenceResponses.7',
      /other than A, B, C or -/,
    ],
    [
      'too few reference examinees',
      edit(ref, (d) => {
        d.referenceResponses = d.referenceResponses!.slice(0, 9);
      }),
      'referenceResponses',
      /at least 10 strings .* this document has 9/,
    ],
    [
      'an unknown program',
      edit(ref, (d) => {
        (d as { program: string }).program = 'CPXX';
      }),
      'program',
      /CPCS or CPMSM/,
    ],
  ];
  it.each(referenceCases)('rejects a reference form with %s (422, by path)', async (_name, doc, path, message) => {
    const res = await post('/api/staff/forms', doc);
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid-form');
    expect(error.fields?.[path]).toMatch(message);
    expect(await formIds()).toEqual([]);
  });

  describe('loads the reference form once: the same document again is 200 unchanged, a changed one or a second reference is 409', () => {
    it('loads the reference form, answering 201 with what it holds', async () => {
      const created = await post('/api/staff/forms', ref);
      expect(created.status).toBe(201);
      expect(await created.json()).toEqual({
        status: 'created',
        form: {
          formId: 'CPCS-REAL-REF',
          program: 'CPCS',
          role: 'reference',
          assembledInAprilOf: 2019,
          items: 150,
          scored: 140,
          anchors: 20,
          rawCut: 90,
          referenceExaminees: 40,
        },
      });
    });

    it('answers the same document again 200, unchanged', async () => {
      const again = await post('/api/staff/forms', ref);
      expect(again.status).toBe(200);
      expect(((await again.json()) as { status: string }).status).toBe('unchanged');
    });

    it('refuses changed content under the same form id (409), asking for a new form id', async () => {
      const changed = await post(
        '/api/staff/forms',
        edit(ref, (d) => {
          d.rawCut = 91;
        }),
      );
      expect(changed.status).toBe(409);
      expect((await errorOf(changed)).message).toMatch(
        /Form CPCS-REAL-REF is already loaded with different content.*new formId/,
      );
    });

    it('refuses a second reference form for the program (409), naming the one loaded', async () => {
      const second = await post(
        '/api/staff/forms',
        edit(ref, (d) => {
          d.formId = 'CPCS-OTHER-REF';
        }),
      );
      expect(second.status).toBe(409);
      expect((await errorOf(second)).message).toMatch(/CPCS already has its reference form CPCS-REAL-REF/);
    });

    it('audits the one import of the reference form', async () => {
      const audit = await auditFor(suite.sys.db, 'form:CPCS-REAL-REF');
      expect(audit.map((a) => [a.action, a.before, (a.after as { formId: string }).formId])).toEqual([
        ['form.import', { exists: false }, 'CPCS-REAL-REF'],
      ]);
    });
  });

  const assemblyCases: [string, FormDocument, string, RegExp][] = [
    [
      'an anchor that is not on the reference form',
      edit(assembly, (d) => {
        d.items[firstAnchor(d)]!.id = 'CPCS-NEW-ANCHOR';
      }),
      `items.${firstAnchor(assembly)}.id`,
      /not on the reference form CPCS-REAL-REF/,
    ],
    [
      'an anchor whose key differs from the reference form',
      edit(assembly, (d) => {
        const a = d.items[firstAnchor(d)]!;
        a.key = other(a.key);
      }),
      `items.${firstAnchor(assembly)}.key`,
      /on the reference form CPCS-REAL-REF; a common item keeps its key/,
    ],
    [
      'a raw cut of its own',
      edit(assembly, (d) => {
        d.rawCut = 80;
      }),
      'rawCut',
      /carried from the reference form by equating/,
    ],
    [
      'reference responses',
      edit(assembly, (d) => {
        d.referenceResponses = ref.referenceResponses!;
      }),
      'referenceResponses',
      /Only the reference form/,
    ],
  ];
  it.each(assemblyCases)('rejects an assembly form with %s (422, by path)', async (_name, doc, path, message) => {
    const res = await post('/api/staff/forms', doc);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).fields?.[path]).toMatch(message);
    expect(await formIds()).toEqual(['CPCS-REAL-REF']);
  });

  describe('creates a window on the loaded April form, scores it with the loaded keys, and never simulates a form', () => {
    let apps: string[];
    let answers: string[];

    it('loads the April 2025 assembly form once and picks it for the Spring 2026 window', async () => {
      expect((await post('/api/staff/forms', assembly)).status).toBe(201);
      expect(
        (
          await post(
            '/api/staff/forms',
            edit(assembly, (d) => {
              d.formId = 'CPCS-DUP-2025';
            }),
          )
        ).status,
      ).toBe(409);
      expect(await ensureFormForWindow(suite.sys.db, 'CPCS', '2026-spring', { simulated: false })).toBe(
        'CPCS-REAL-2025',
      );
    });

    it("imports the examinees' results on the loaded form", async () => {
      apps = await seedApplications(suite.sys.db, 'CPCS', '2026-spring', 30);
      const items = await itemsOf(suite.sys.db, 'CPCS-REAL-2025');
      answers = simulateResponses(items, apps.length, 3, 0.2);
      const csv = [
        'application_id,form_id,tested_on,responses',
        ...apps.map((id, e) => `${id},CPCS-REAL-2025,2026-03-10,${answers[e]}`),
      ].join('\n');
      expect(
        (
          await fetch(`${suite.sys.baseUrl}/api/staff/results-imports`, {
            method: 'POST',
            headers: { 'content-type': 'text/csv', ...bearer() },
            body: csv,
          })
        ).status,
      ).toBe(200);
    });

    it('creates the window on the loaded form, which reaches key validation', async () => {
      expect((await post('/api/staff/windows', { program: 'CPCS', windowId: '2026-spring' })).status).toBe(201);
      await eventually(
        async () => {
          const row = await findTestingWindow(suite.sys.db, 'CPCS', '2026-spring');
          expect(row?.form_id).toBe('CPCS-REAL-2025');
          expect(['key-validation', 'awaiting-approval']).toContain(row?.stage);
        },
        60_000,
        250,
      );
    }, 90_000);

    it('scores each examinee with the keys of the loaded document', async () => {
      // Raw score = correct answers on scored items, counted here from the document's own keys.
      const expected = new Map(
        apps.map((id, e) => [
          id,
          assembly.items.filter((item, i) => item.scored && answers[e]![i] === item.key).length,
        ]),
      );
      const scored = await resultsOfWindow(suite.sys.db, 'CPCS', '2026-spring');
      expect(new Map(scored.map((r) => [r.application_id, r.raw]))).toEqual(expected);
    });

    it('never simulates a form: only the two loaded forms exist', async () => {
      expect(await formIds()).toEqual(['CPCS-REAL-2025', 'CPCS-REAL-REF']);
    });
  });

  describe('the staff page lists the forms and loads an uploaded JSON file, showing each problem of a bad one', () => {
    let text: string;
    let cookie: string;
    let csrf: string;
    beforeAll(async () => {
      // A signed-in browser: the session cookie is what a forged cross-site upload would ride on.
      const session = await staffLogin(suite.sys.baseUrl);
      const page = await fetch(`${suite.sys.baseUrl}/staff/forms`, {
        headers: { cookie: session, accept: 'text/html' },
      });
      text = await page.text();
      cookie = [session, ...page.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
      csrf = /name="_csrf" value="([^"]+)"/.exec(text)![1]!;
    });
    const upload = (doc: unknown, withCsrf = true) => {
      const body = new FormData();
      if (withCsrf) body.set('_csrf', csrf);
      body.set('file', new Blob([JSON.stringify(doc)], { type: 'application/json' }), 'form.json');
      return fetch(`${suite.sys.baseUrl}/staff/forms`, {
        method: 'POST',
        headers: { cookie, accept: 'text/html' },
        body,
      });
    };

    it('lists the loaded forms', () => {
      expect(text).toContain('CPCS-REAL-REF');
      expect(text).toContain('CPCS-REAL-2025');
    });

    it('refuses an upload without the CSRF token (403)', async () => {
      expect((await upload(assemblyDocument('CPMSM', 2026), false)).status).toBe(403);
    });

    it('shows each problem of a bad form beside its path (422)', async () => {
      const bad = await upload(assemblyDocument('CPMSM', 2026));
      expect(bad.status).toBe(422);
      expect(await bad.text()).toMatch(/<code>role<\/code><\/td><td>No reference form is loaded for CPMSM/);
    });

    it('says a form loaded already changed nothing', async () => {
      const repeated = await upload(assembly);
      expect(repeated.status).toBe(200);
      expect(await repeated.text()).toContain('Form CPCS-REAL-2025 was already loaded; nothing changed');
    });

    it('refuses a file that is not JSON (415)', async () => {
      const notJson = new FormData();
      notJson.set('_csrf', csrf);
      notJson.set('file', new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01])]), 'form.json');
      expect(
        (
          await fetch(`${suite.sys.baseUrl}/staff/forms`, {
            method: 'POST',
            headers: { cookie, accept: 'text/html' },
            body: notJson,
          })
        ).status,
      ).toBe(415);
    });
  });

  it('cli forms import loads a file through the API, and exits 2 with every problem of a bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certflow-forms-'));
    const good = join(dir, 'cpmsm-ref.json');
    writeFileSync(good, JSON.stringify(referenceDocument('CPMSM', 25)));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify(
        edit(referenceDocument('CPMSM', 25), (d) => {
          d.rawCut = 500;
        }),
      ),
    );
    const cli = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          'npx',
          ['tsx', 'src/cli/main.ts', 'forms', 'import', ...args, '--api', suite.sys.baseUrl, '--token', suite.token],
          { cwd: process.cwd() },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    const rejected = await cli('--file', bad);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toMatch(
      /^422: The form was not loaded: 1 problem\(s\) to correct\. \(rawCut: The raw cut 500 is above the 165 scored items/,
    );
    const loaded = await cli('--file', good);
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout)).toMatchObject({
      status: 'created',
      form: { formId: 'CPMSM-REAL-REF', items: 175, referenceExaminees: 25 },
    });
    const again = await cli('--file', good);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged' });
  }, 60_000);
});
