import type { FormRecord } from '../db/tables/exam-forms';
import type { Program } from '../domain/index';
import type { FormsConfig } from './config';

type Letter = 'A' | 'B' | 'C';
const LETTERS: readonly Letter[] = ['A', 'B', 'C'];

/** Small deterministic PRNG (mulberry32): the same seed gives the same forms and groups everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Difficulty of an item, fixed by its id: a common item is as hard on every form it appears on. */
export function itemDifficulty(itemId: string): number {
  return normal(prng(hash(`b:${itemId}`))) * 0.8 - 0.4;
}

function keyOf(itemId: string): Letter {
  return LETTERS[hash(`k:${itemId}`) % 3]!;
}

function item(
  id: string,
  role: 'scored' | 'pretest',
  anchor: boolean,
  areas: readonly string[],
): FormRecord['items'][number] {
  return { item_id: id, key: keyOf(id), role, anchor, content_area: areas[hash(`c:${id}`) % areas.length]! };
}

/** Anchor items spread through the form rather than in one block, as assembled forms place them. */
function interleave(items: FormRecord['items']): FormRecord['items'] {
  return [...items].sort((a, b) => hash(`p:${a.item_id}`) - hash(`p:${b.item_id}`));
}

const anchorIds = (program: Program, n: number) =>
  Array.from({ length: n }, (_, i) => `${program}-A${String(i + 1).padStart(3, '0')}`);

export function referenceFormRecord(program: Program, config: FormsConfig): FormRecord {
  const c = config.programs[program];
  const unique = c.scoredItems - c.anchorItems;
  const items = [
    ...anchorIds(program, c.anchorItems).map((id) => item(id, 'scored', true, config.contentAreas)),
    ...Array.from({ length: unique }, (_, i) =>
      item(`${program}-R${String(i + 1).padStart(3, '0')}`, 'scored', false, config.contentAreas),
    ),
    ...Array.from({ length: c.pretestItems }, (_, i) =>
      item(`${program}-RP${String(i + 1).padStart(2, '0')}`, 'pretest', false, config.contentAreas),
    ),
  ];
  return {
    id: c.referenceFormId,
    program,
    assembledYear: c.assembledYear,
    reference: true,
    rawCut: c.rawCut,
    items: interleave(items),
  };
}

/** The form of the April assembly of `year`: the reference form's common items plus new ones. */
export function assemblyFormRecord(program: Program, year: number, config: FormsConfig): FormRecord {
  const c = config.programs[program];
  const unique = c.scoredItems - c.anchorItems;
  const items = [
    ...anchorIds(program, c.anchorItems).map((id) => item(id, 'scored', true, config.contentAreas)),
    ...Array.from({ length: unique }, (_, i) =>
      item(`${program}-${year}-${String(i + 1).padStart(3, '0')}`, 'scored', false, config.contentAreas),
    ),
    ...Array.from({ length: c.pretestItems }, (_, i) =>
      item(`${program}-${year}-P${String(i + 1).padStart(2, '0')}`, 'pretest', false, config.contentAreas),
    ),
  ];
  return {
    id: assemblyFormId(program, year),
    program,
    assembledYear: year,
    reference: false,
    rawCut: null,
    items: interleave(items),
  };
}

export function assemblyFormId(program: string, year: number): string {
  return `${program}-${year}-04`;
}

/**
 * Simulated answers (three-option items: a third by chance, else by ability against difficulty); the wrong
 * choices split between the two distractors. For the reference group, demos and tests; never for real scores.
 */
export function simulateResponses(
  items: readonly { item_id: string; key: Letter }[],
  examinees: number,
  seed: number,
  abilityMean = 0,
): string[] {
  const rand = prng(seed);
  const difficulty = items.map((i) => itemDifficulty(i.item_id));
  const out: string[] = [];
  for (let e = 0; e < examinees; e++) {
    const theta = abilityMean + normal(rand);
    let row = '';
    for (let i = 0; i < items.length; i++) {
      const p = 1 / 3 + 2 / 3 / (1 + Math.exp(-1.7 * (theta - difficulty[i]!)));
      const key = items[i]!.key;
      if (rand() < p) row += key;
      else {
        const wrong = LETTERS.filter((l) => l !== key);
        row += rand() < 0.03 ? '-' : wrong[rand() < 0.5 ? 0 : 1]!;
      }
    }
    out.push(row);
  }
  return out;
}
