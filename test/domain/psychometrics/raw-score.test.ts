import { describe, expect, it } from 'vitest';
import { DomainRuleError } from '../../../src/domain/errors';
import { buildScoringKey, OMITTED, scoreFrequencies, scoreResponses } from '../../../src/domain/psychometrics/index';
import { item, matrixOf } from './naive';

// Five items: i1 key A, i2 key B (anchor), i3 key C (anchor), i4 key A pretest, i5 key B.
const items = [
  item('i1', 0),
  item('i2', 1, { anchor: true }),
  item('i3', 2, { anchor: true }),
  item('i4', 0, { role: 'pretest' }),
  item('i5', 1),
];
const matrix = matrixOf([
  [0, 1, 2, 0, 1], // all right: raw 4 (pretest never counts), anchor 2
  [1, 1, 0, 0, OMITTED], // i2 right: raw 1, anchor 1
  [0, OMITTED, 2, 1, 1], // i1, i3, i5: raw 3, anchor 1
  [2, 0, 1, 2, 0], // nothing right
  [7, 1, 200, 0, 1], // codes 7 and 200 count as omitted: raw 2, anchor 1
]);

describe('raw scores', () => {
  it('hand-computed: raw = correct answers on scored items, pretest never counts; anchor = correct common items', () => {
    const scores = scoreResponses(matrix, buildScoringKey(items));
    expect(Array.from(scores.total)).toEqual([4, 1, 3, 0, 2]);
    expect(Array.from(scores.anchor)).toEqual([2, 1, 1, 0, 1]);
  });

  it('re-keying i1 to B and dropping i3 recomputes every raw and anchor score from the stored responses', () => {
    const key = buildScoringKey(items, [
      { itemId: 'i1', action: 'rekey', key: 1 },
      { itemId: 'i3', action: 'drop' },
      { itemId: 'i5', action: 'accept' },
    ]);
    expect(key.maxRaw).toBe(3);
    expect(key.maxAnchor).toBe(1);
    const scores = scoreResponses(matrix, key);
    expect(Array.from(scores.total)).toEqual([2, 2, 1, 0, 2]);
    expect(Array.from(scores.anchor)).toEqual([1, 1, 0, 0, 1]);
  });

  it('a re-keyed pretest item still does not count', () => {
    const scores = scoreResponses(matrix, buildScoringKey(items, [{ itemId: 'i4', action: 'rekey', key: 1 }]));
    expect(Array.from(scores.total)).toEqual([4, 1, 3, 0, 2]);
  });

  it('score frequencies count examinees at each raw score 0..max', () => {
    expect(scoreFrequencies(Int32Array.from([4, 1, 3, 0, 2, 4]), 4)).toEqual([1, 1, 1, 1, 2]);
  });

  it('refuses decisions for unknown items, duplicate decisions and re-keys to a non-option', () => {
    expect(() => buildScoringKey(items, [{ itemId: 'nope', action: 'drop' }])).toThrow(/unknown item "nope"/);
    expect(() =>
      buildScoringKey(items, [
        { itemId: 'i1', action: 'drop' },
        { itemId: 'i1', action: 'accept' },
      ]),
    ).toThrow(/two decisions for item "i1"/);
    expect(() => buildScoringKey(items, [{ itemId: 'i1', action: 'rekey', key: 3 as 0 }])).toThrow(DomainRuleError);
  });
});

describe('matrix shape', () => {
  it('refuses a matrix whose columns do not match the key', () => {
    expect(() =>
      scoreResponses({ examinees: 2, items: 4, responses: new Uint8Array(8) }, buildScoringKey(items)),
    ).toThrow(/does not fit a key of 5 items/);
  });
});
