import type { FormDocument } from '../../src/forms/import-schema';
import { simulateResponses } from '../../src/forms/generate';

const LETTERS = ['A', 'B', 'C'] as const;
const keyOf = (i: number) => LETTERS[(i * 7 + 1) % 3]!;
const areas = ['credentialing', 'privileging', 'operations'];
const sizes = { CPCS: { total: 150, pretest: 10 }, CPMSM: { total: 175, pretest: 10 } } as const;

/** The anchors shared by a program's reference form and its April assemblies: ids and keys fixed. */
const anchorsOf = (program: 'CPCS' | 'CPMSM', n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${program}-COMMON-${i + 1}`,
    key: keyOf(i + 3),
    scored: true,
    anchor: true,
    contentArea: areas[i % 3]!,
  }));

function itemsFor(program: 'CPCS' | 'CPMSM', tag: string, anchors: number) {
  const { total, pretest } = sizes[program];
  const unique = total - pretest - anchors;
  const items = [
    ...anchorsOf(program, anchors),
    ...Array.from({ length: unique }, (_, i) => ({
      id: `${program}-${tag}-${i + 1}`,
      key: keyOf(i + 11),
      scored: true,
      anchor: false,
      contentArea: areas[(i + 1) % 3]!,
    })),
    ...Array.from({ length: pretest }, (_, i) => ({
      id: `${program}-${tag}-P${i + 1}`,
      key: keyOf(i),
      scored: false,
      anchor: false,
      contentArea: areas[(i + 2) % 3]!,
    })),
  ];
  // Spread the anchors through the form, as an assembled form places them.
  return items.sort(
    (a, b) =>
      ((a.id.length * 31 + a.id.charCodeAt(a.id.length - 1)) % 17) -
      ((b.id.length * 31 + b.id.charCodeAt(b.id.length - 1)) % 17),
  );
}

export function referenceDocument(program: 'CPCS' | 'CPMSM' = 'CPCS', examinees = 40): FormDocument {
  const items = itemsFor(program, 'REF', 20);
  const referenceResponses = simulateResponses(
    items.map((i) => ({ item_id: i.id, key: i.key })),
    examinees,
    5,
    0,
  );
  return {
    formId: `${program}-REAL-REF`,
    program,
    assembledInAprilOf: 2019,
    role: 'reference',
    rawCut: 90,
    items,
    referenceResponses,
  };
}

export function assemblyDocument(program: 'CPCS' | 'CPMSM' = 'CPCS', year = 2025): FormDocument {
  return {
    formId: `${program}-REAL-${year}`,
    program,
    assembledInAprilOf: year,
    role: 'assembly',
    items: itemsFor(program, String(year), 20),
  };
}
