import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/database';
import { itemsOf, referenceFormOf, referenceResponsesOf } from '../db/tables/exam-forms';
import { resultsOfWindow, setScores } from '../db/tables/exam-results';
import { upsertTestingWindow, type WindowRecordChange } from '../db/tables/testing-windows';
import { publishWindowStatistics } from '../db/tables/window-statistics';
import {
  conversionSpecFor,
  conversionTable,
  defaultPolicy,
  isDomainRuleError,
  parseProgram,
  type Policy,
} from '../domain/index';
import type { NeatMethod } from '../domain/equating/index';
import { analyzeItems, buildScoringKey, equateNewForm, flagItems, scoreResponses } from '../domain/psychometrics/index';
import { ensureFormForWindow, FormNotLoadedError } from '../forms/ensure';
import type { EquatingSummary, FlaggedItem, KeyDecisionInput } from '../workflows/testing-window/contract';
import { refusal } from '../workflows/refusals';
import type { ActivityDeps } from './deps';
import { domainDecisions, itemMetaOf, LETTER, matrixOf } from './testing-window-scoring';

export interface WindowRef {
  workflowId: string;
  program: string;
  windowId: string;
}

async function formResults(db: Db, ref: WindowRef, formId: string) {
  const rows = (await resultsOfWindow(db, ref.program, ref.windowId)).filter((r) => r.form_id === formId);
  const items = itemMetaOf(await itemsOf(db, formId));
  return {
    rows,
    items,
    matrix: matrixOf(
      rows.map((r) => r.responses),
      items.length,
    ),
  };
}

/** A rule that refuses the data (no anchor left, a cut that cannot be carried) will not pass on retry. */
function asBusinessFailure(err: unknown): never {
  if (isDomainRuleError(err)) throw refusal('WindowEquatingFailed', err.message);
  throw err;
}

export function testingWindowActivities(deps: ActivityDeps) {
  return {
    /** Idempotent: the form of the April assembly is created once; the window row is an upsert. */
    async prepareWindow(ref: WindowRef & { stage: string }): Promise<{ formId: string }> {
      const formId = await ensureFormForWindow(deps.db, ref.program, ref.windowId, {
        simulated: deps.formsSimulated ?? false,
      }).catch((err: unknown) => {
        // Retried (with backoff) until staff load the form: a window the Schedule creates before its April assembly waits.
        if (err instanceof FormNotLoadedError) throw ApplicationFailure.retryable(err.message, 'WindowFormNotLoaded');
        throw err;
      });
      await upsertTestingWindow(deps.db, {
        id: ref.workflowId,
        program: ref.program,
        windowId: ref.windowId,
        stage: ref.stage,
        formId,
      });
      return { formId };
    },

    async recordWindow(change: WindowRecordChange): Promise<void> {
      await upsertTestingWindow(deps.db, change);
    },

    async countWindow(ref: WindowRef): Promise<{ applications: number; results: number }> {
      const [apps, results] = await Promise.all([
        deps.db
          .selectFrom('applications')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('program', '=', ref.program)
          .where('window_id', '=', ref.windowId)
          .executeTakeFirstOrThrow(),
        deps.db
          .selectFrom('exam_results')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('program', '=', ref.program)
          .where('window_id', '=', ref.windowId)
          .executeTakeFirstOrThrow(),
      ]);
      return { applications: Number(apps.n), results: Number(results.n) };
    },

    /** Item analysis at close: p, corrected point-biserial, option rates; flags for staff; provisional raw scores. */
    async analyzeWindowResults(
      input: WindowRef & { formId: string },
    ): Promise<{ examinees: number; flagged: FlaggedItem[] }> {
      const { rows, items, matrix } = await formResults(deps.db, input, input.formId);
      if (rows.length === 0) return { examinees: 0, flagged: [] };
      try {
        const key = buildScoringKey(items);
        const analysis = analyzeItems(matrix, key);
        const flags = flagItems(analysis, items, key.key);
        const flagOf = new Map(flags.map((f) => [f.itemId, f]));
        const table = analysis.items.map((s) => {
          const item = items[s.index]!;
          return {
            itemId: item.id,
            key: LETTER[item.key],
            role: item.role,
            anchor: item.anchor,
            contentArea: item.contentArea,
            p: s.p,
            pointBiserial: s.pointBiserial,
            optionRates: s.optionRates,
            discrimination: s.discrimination,
            flag: flagOf.get(item.id)
              ? { kind: flagOf.get(item.id)!.kind, reasons: flagOf.get(item.id)!.reasons }
              : null,
          };
        });
        const scores = scoreResponses(matrix, key);
        await setScores(
          deps.db,
          rows.map((r, e) => ({ applicationId: r.application_id, raw: scores.total[e]!, scaled: null, passed: null })),
        );
        await upsertTestingWindow(deps.db, {
          id: input.workflowId,
          program: input.program,
          windowId: input.windowId,
          stage: 'item-analysis',
          analysis: {
            examinees: analysis.examinees,
            maxRaw: analysis.maxRaw,
            meanRaw: analysis.meanRaw,
            sdRaw: analysis.sdRaw,
            kr20: analysis.kr20,
            items: table,
          },
        });
        const flagged = flags.map((f): FlaggedItem => {
          const s = analysis.items[f.index]!;
          return {
            itemId: f.itemId,
            kind: f.kind,
            reasons: f.reasons,
            key: LETTER[items[f.index]!.key],
            suggestedKey: f.suggestedKey === null ? null : LETTER[f.suggestedKey],
            p: s.p,
            pointBiserial: s.pointBiserial,
          };
        });
        log.info('item analysis done', { examinees: rows.length, flagged: flagged.length });
        return { examinees: rows.length, flagged };
      } catch (err) {
        return asBusinessFailure(err);
      }
    },

    /**
     * After key validation: rescore every stored response with the decisions, equate the new form to the reference
     * form through the surviving common items, carry the raw cut, and convert raw to scaled (rules engine).
     */
    async equateWindow(
      input: WindowRef & { formId: string; decisions: KeyDecisionInput[]; method: NeatMethod; policy?: Policy },
    ): Promise<EquatingSummary> {
      const program = parseProgram(input.program);
      const { rows, items, matrix } = await formResults(deps.db, input, input.formId);
      const reference = await referenceFormOf(deps.db, program);
      if (!reference || reference.raw_cut === null)
        throw refusal('WindowEquatingFailed', `no reference form with a raw cut for ${program}`);
      const refItems = itemMetaOf(await itemsOf(deps.db, reference.id));
      const refIds = new Set(refItems.map((i) => i.id));
      const dropped = new Set(input.decisions.filter((d) => d.action === 'drop').map((d) => d.itemId));
      // Common items: anchors of the new form that the reference form carries; a dropped one leaves both anchors.
      const common = new Set(items.filter((i) => i.anchor && refIds.has(i.id) && !dropped.has(i.id)).map((i) => i.id));
      try {
        const refKey = buildScoringKey(refItems.map((i) => ({ ...i, anchor: common.has(i.id) })));
        const refMatrix = matrixOf(await referenceResponsesOf(deps.db, reference.id), refItems.length);
        const result = equateNewForm({
          matrix,
          items: items.map((i) => ({ ...i, anchor: common.has(i.id) })),
          decisions: domainDecisions(input.decisions),
          reference: scoreResponses(refMatrix, refKey),
          referenceMaxRaw: refKey.maxRaw,
          referenceRawCut: reference.raw_cut,
          method: input.method,
        });
        const rawCut = result.cut.rawCut;
        if (rawCut === null)
          throw refusal(
            'WindowEquatingFailed',
            'no raw score on the new form reaches the reference cut; review the key decisions',
          );
        // The window's policy snapshot sets the scale and the passing score; a call from before snapshots: the compiled ones.
        const spec = conversionSpecFor(program, { rawCut, maxRaw: result.key.maxRaw }, input.policy ?? defaultPolicy);
        const conversion = conversionTable(spec);
        const scored = rows.map((r, e) => {
          const raw = result.scores.total[e]!;
          return {
            applicationId: r.application_id,
            raw,
            scaled: conversion[raw]!,
            passed: conversion[raw]! >= spec.passingScaled,
          };
        });
        await setScores(deps.db, scored);
        const summary: EquatingSummary = {
          method: input.method,
          maxRaw: result.key.maxRaw,
          rawCut,
          referenceRawCut: reference.raw_cut,
          examinees: rows.length,
          passed: scored.filter((s) => s.passed).length,
          conversion,
        };
        await upsertTestingWindow(deps.db, {
          id: input.workflowId,
          program,
          windowId: input.windowId,
          stage: 'awaiting-approval',
          decisions: input.decisions,
          equating: {
            ...summary,
            referenceFormId: reference.id,
            referenceExaminees: refMatrix.examinees,
            anchorItems: result.key.maxAnchor,
            equated: result.equating.equated,
            slope: result.equating.slope ?? null,
            intercept: result.equating.intercept ?? null,
            equatedAtCut: result.cut.equatedAtCut,
          },
        });
        return summary;
      } catch (err) {
        return asBusinessFailure(err);
      }
    },

    /** Aggregate counts only (no names); the page suppresses cells under 10. Idempotent per window. */
    async publishStatistics(ref: WindowRef): Promise<{ tested: number; passed: number }> {
      const row = await deps.db
        .selectFrom('exam_results')
        .select((eb) => [
          eb.fn.countAll<string>().as('tested'),
          eb.fn.count<string>('application_id').filterWhere('passed', '=', true).as('passed'),
        ])
        .where('program', '=', ref.program)
        .where('window_id', '=', ref.windowId)
        .where('passed', 'is not', null)
        .executeTakeFirstOrThrow();
      const stats = { tested: Number(row.tested), passed: Number(row.passed) };
      await publishWindowStatistics(deps.db, { program: ref.program, windowId: ref.windowId, ...stats });
      return stats;
    },
  };
}
