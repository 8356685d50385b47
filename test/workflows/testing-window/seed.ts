import type { Db } from '../../../src/db/database';
import { itemsOf } from '../../../src/db/tables/exam-forms';
import { insertResults } from '../../../src/db/tables/exam-results';
import { insertImport } from '../../../src/db/tables/results-imports';
import { simulateResponses } from '../../../src/forms/generate';

/** `n` candidates with one application each in the window; ids sort in creation order. */
export async function seedApplications(
  db: Db,
  program: string,
  windowId: string,
  n: number,
  prefix = 'a',
): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${program}-${windowId}-${String(i).padStart(6, '0')}`);
  for (let i = 0; i < n; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await db
      .insertInto('candidates')
      .values(
        chunk.map((id) => ({
          id: `c-${id}`,
          email: `${id}@example.org`,
          first_name: 'Test',
          last_name: id,
          membership: 'member' as const,
        })),
      )
      .execute();
    await db
      .insertInto('applications')
      .values(
        chunk.map((id) => ({
          id,
          candidate_id: `c-${id}`,
          program,
          window_id: windowId,
          first_name: 'Test',
          last_name: id,
          membership: 'member',
          stage: 'tested',
          submitted_at: '2026-01-01T00:00:00Z',
        })),
      )
      .execute();
  }
  return ids;
}

/**
 * Stores simulated results for these applications. `trueKeys` makes examinees answer an item as if its key were
 * another letter: the stored key is then a miskey that item analysis should flag. Returns the import's id.
 */
export async function seedResults(
  db: Db,
  ref: { program: string; windowId: string; formId: string; testedOn: string },
  applicationIds: string[],
  options: { seed?: number; trueKeys?: Record<string, 'A' | 'B' | 'C'> } = {},
): Promise<string> {
  const items = (await itemsOf(db, ref.formId)).map((i) => ({
    item_id: i.item_id,
    key: options.trueKeys?.[i.item_id] ?? i.key,
  }));
  const responses = simulateResponses(items, applicationIds.length, options.seed ?? 42, 0.2);
  const importId = `imp-seed-${ref.program}-${ref.windowId}-${applicationIds[0]}`;
  await insertImport(db, {
    id: importId,
    source: 'cli',
    actor: 'test',
    filename: 'seed.csv',
    sha256: importId,
    rowCount: applicationIds.length,
    status: 'accepted',
    report: {},
  });
  await insertResults(
    db,
    applicationIds.map((id, e) => ({
      applicationId: id,
      candidateId: `c-${id}`,
      program: ref.program,
      windowId: ref.windowId,
      formId: ref.formId,
      responses: responses[e]!,
      testedOn: ref.testedOn,
      importId,
    })),
  );
  return importId;
}
