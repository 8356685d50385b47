import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAccommodationDecision } from '../../src/workflows/exam-application/accommodation';
import { checkEligibilityDecision } from '../../src/workflows/exam-application/eligibility';
import type { AccommodationDecision, EligibilityDecision } from '../../src/workflows/exam-application/contract';
import { initialState } from '../../src/workflows/exam-application/state';
import type { AttentionDecision } from '../../src/workflows/needs-attention/contract';
import type { EntryDetermination } from '../../src/workflows/recertification/contract';
import type { ApproveEquatingInput, KeyDecisionInput } from '../../src/workflows/testing-window/contract';
import { allSearchAttributeKeys } from '../../src/workflows/search-attributes';
import { inputFor } from '../workflows/exam-application/harness';

const guide = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'staff-guide.md'), 'utf8');
/** Every ```json <message> block: the message it is for and its JSON. */
const examples = [...guide.matchAll(/```json (\w+)\n([\s\S]*?)```/g)].map((m) => ({ message: m[1]!, json: m[2]! }));

/** A message's input fields, typed by its contract so that a renamed field fails to compile here. */
const fieldsOf = <T>(
  required: (keyof T & string)[],
  optional: (keyof T & string)[],
): { required: string[]; optional: string[] } => ({ required, optional });

const fields: Record<string, { required: string[]; optional: string[] }> = {
  eligibilityDecisionSignal: fieldsOf<EligibilityDecision>(['decision'], ['reason', 'decidedBy']),
  accommodationDecisionSignal: fieldsOf<AccommodationDecision>(['requestId', 'decision'], ['reason', 'decidedBy']),
  resolveAttentionSignal: fieldsOf<AttentionDecision>(['action'], ['note', 'by']),
  determineEntrySignal: fieldsOf<EntryDetermination>(['entryId', 'decision', 'reason', 'by'], []),
  validateKeyUpdate: fieldsOf<KeyDecisionInput>(['itemId', 'action', 'decidedBy'], ['key']),
  approveEquatingUpdate: fieldsOf<ApproveEquatingInput>(['approvedBy'], ['releaseAt']),
};

describe('docs/staff-guide.md', () => {
  it('every JSON example is valid JSON for a message the workflows define, with its contract fields', () => {
    expect(examples.length).toBeGreaterThanOrEqual(9);
    for (const { message, json } of examples) {
      const shape = fields[message];
      expect(shape, `${message} is not a message staff send`).toBeDefined();
      const input = JSON.parse(json) as Record<string, unknown>;
      for (const key of shape!.required) expect(input, `${message} needs ${key}`).toHaveProperty(key);
      for (const key of Object.keys(input))
        expect([...shape!.required, ...shape!.optional], `${message}: ${key}`).toContain(key);
    }
  });

  it('the eligibility and accommodation examples pass the checks the workflow runs on them', () => {
    const waiting = initialState(inputFor('guide', '2027-spring'), '2026-12-01T15:00:00.000Z');
    waiting.stage = 'eligibility-review';
    waiting.accommodations = [
      {
        id: 'accommodation-1',
        needs: 'Extra time',
        documentIds: ['d1'],
        status: 'pending',
        requestedAt: '2026-12-01T15:00:00.000Z',
      },
    ];
    for (const { message, json } of examples) {
      if (message === 'eligibilityDecisionSignal')
        expect(() => checkEligibilityDecision(waiting, JSON.parse(json))).not.toThrow();
      if (message === 'accommodationDecisionSignal')
        expect(() => checkAccommodationDecision(waiting, JSON.parse(json))).not.toThrow();
    }
  });

  it('its saved views filter on search attributes the workflows publish', () => {
    const known = new Set([...allSearchAttributeKeys.map((k) => k.name), 'WorkflowType']);
    const used = [...guide.matchAll(/`((?:WorkflowType|[A-Z]\w+) (?:=|>=|<)[^`]*)`/g)].flatMap((m) =>
      [...m[1]!.matchAll(/\b([A-Z]\w+) (?:=|>=|<)/g)].map((a) => a[1]!),
    );
    expect(used.length).toBeGreaterThan(10);
    for (const name of used) expect(known, name).toContain(name);
  });
});
