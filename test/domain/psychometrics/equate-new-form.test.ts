import { describe, expect, it } from 'vitest';
import { NEAT_METHODS } from '../../../src/domain/equating/index';
import {
  buildScoringKey,
  equateNewForm,
  scoreResponses,
  type ItemFlag,
  type ItemMeta,
  type ResponseMatrix,
} from '../../../src/domain/psychometrics/index';
import { item } from './naive';

/** A small deterministic form: 400 examinees × 30 items (items 0–9 anchors, 29 pretest), ability-driven answers. */
function form(seed: number): { items: ItemMeta[]; matrix: ResponseMatrix } {
  let state = seed >>> 0;
  const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const items = Array.from({ length: 30 }, (_, i) =>
    item(`it${i}`, (i % 3) as 0 | 1 | 2, { anchor: i < 10, role: i === 29 ? 'pretest' : 'scored' }),
  );
  const examinees = 400;
  const responses = new Uint8Array(examinees * items.length);
  for (let e = 0; e < examinees; e++) {
    const ability = rand();
    items.forEach((it, i) => {
      const right = rand() < 0.25 + 0.7 * ability * (1 - i / 60);
      responses[e * items.length + i] = right ? it.key : (it.key + 1 + Math.floor(rand() * 2)) % 3;
    });
  }
  return { items, matrix: { examinees, items: items.length, responses } };
}

describe('equating the new form after key validation', () => {
  const { items, matrix } = form(7);
  const reference = scoreResponses(matrix, buildScoringKey(items));

  it('equated to the same examinees and responses, every method keeps the reference raw cut (identity)', () => {
    for (const method of NEAT_METHODS) {
      const r = equateNewForm({
        matrix,
        items,
        decisions: [],
        reference,
        referenceMaxRaw: 29,
        referenceRawCut: 18,
        method,
      });
      expect(r.key.maxRaw).toBe(29);
      expect(r.cut.rawCut, method).toBe(18);
      expect(r.equating.equated[18]!, method).toBeCloseTo(18, 9);
    }
  });

  it('dropping a hard non-anchor item lowers the new-form raw scale and moves the cut down by at most one point', () => {
    const r = equateNewForm({
      matrix,
      items,
      decisions: [{ itemId: 'it28', action: 'drop' }],
      reference,
      referenceMaxRaw: 29,
      referenceRawCut: 18,
      method: 'chained-equipercentile',
    });
    expect(r.key.maxRaw).toBe(28);
    expect(r.equating.equated).toHaveLength(29);
    expect(r.cut.rawCut).toBeGreaterThanOrEqual(17);
    expect(r.cut.rawCut).toBeLessThanOrEqual(18);
  });

  it('refuses to score while a flagged item has no decision', () => {
    const flags: ItemFlag[] = [{ itemId: 'it3', index: 3, kind: 'broken', reasons: ['too-hard'], suggestedKey: null }];
    expect(() =>
      equateNewForm({
        matrix,
        items,
        decisions: [],
        flags,
        reference,
        referenceMaxRaw: 29,
        referenceRawCut: 18,
        method: 'tucker',
      }),
    ).toThrow(/flagged items without a decision: it3/);
  });

  it('a dropped anchor item shrinks the anchor scale, so reference anchor scores must be rescored on the surviving anchors', () => {
    expect(() =>
      equateNewForm({
        matrix,
        items,
        decisions: [{ itemId: 'it0', action: 'drop' }],
        reference,
        referenceMaxRaw: 29,
        referenceRawCut: 18,
        method: 'tucker',
      }),
    ).toThrow(/reference form\.anchor\[\d+\] is 10; anchor scores must be integers in anchorScale \[0, 9\]/);
  });
});
