import { sql } from 'kysely';
import type { Db } from '../database';

export type CaseKind = 'exam-application' | 'testing-window' | 'recertification-cycle';
export interface StageCount {
  kind: CaseKind;
  stage: string;
  cases: number;
}

/** How many cases sit in each stage, by kind of case: one grouped query, run at each /metrics scrape. */
export async function casesByStage(db: Db): Promise<StageCount[]> {
  const byStage = <T extends 'applications' | 'testing_windows' | 'recertification_cycles'>(table: T, kind: CaseKind) =>
    db
      .selectFrom(table as 'applications')
      .select([sql<CaseKind>`${kind}::text`.as('kind'), 'stage', (eb) => eb.fn.countAll<string>().as('cases')])
      .groupBy('stage');
  const rows = await byStage('applications', 'exam-application')
    .unionAll(byStage('testing_windows', 'testing-window'))
    .unionAll(byStage('recertification_cycles', 'recertification-cycle'))
    .execute();
  return rows.map((r) => ({ kind: r.kind, stage: r.stage, cases: Number(r.cases) }));
}
