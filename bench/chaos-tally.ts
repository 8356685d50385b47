// What bench/chaos.ts checks after the faults: one score email per candidate (by Message-ID) and no row lost.
import type { Db } from '../src/db/database';
import type { CaughtEmail } from '../src/dev/mail-catcher';
import type { Case } from './lifecycle-core';
import { messageIdOf, type SmtpSink } from './chaos-parts';

/** The keys of the rows a release must never lose: applications, exam results, the email log. */
export async function rowKeys(db: Db): Promise<Set<string>> {
  const [applications, results, emails] = await Promise.all([
    db.selectFrom('applications').select('id').execute(),
    db.selectFrom('exam_results').select('application_id').execute(),
    db.selectFrom('email_log').select(['workflow_id', 'kind']).execute(),
  ]);
  return new Set([
    ...applications.map((r) => `applications:${r.id}`),
    ...results.map((r) => `exam_results:${r.application_id}`),
    ...emails.map((r) => `email_log:${r.workflow_id}|${r.kind}`),
  ]);
}

export const lostRows = (before: Set<string>, after: Set<string>) => [...before].filter((key) => !after.has(key));

/** Score emails per candidate, counted by distinct Message-ID: a resent copy of one message is one email. */
export function tallyScoreEmails(
  cases: readonly Case[],
  messages: readonly CaughtEmail[],
  subject: string,
): { emailed: number; duplicates: number; strangers: number } {
  const ids = new Map<string, Set<string>>();
  for (const m of messages.filter((x) => x.subject === subject)) {
    for (const to of m.to) ids.set(to, (ids.get(to) ?? new Set()).add(messageIdOf(m)));
  }
  const mine = new Set(cases.map((c) => c.email));
  return {
    emailed: cases.filter((c) => ids.has(c.email)).length,
    duplicates: cases.reduce((n, c) => n + Math.max(0, (ids.get(c.email)?.size ?? 0) - 1), 0),
    strangers: [...ids.keys()].filter((to) => !mine.has(to)).length,
  };
}

/** One line on how far the release got: cases by stage, score emails logged and received. */
export async function releaseProgress(db: Db, sink: SmtpSink): Promise<string> {
  const stages = await db
    .selectFrom('applications')
    .select(['stage', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('stage')
    .execute();
  const logged = await db
    .selectFrom('email_log')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('kind', 'like', 'score%')
    .groupBy('status')
    .execute();
  const received = sink.messages().filter((m) => m.subject.endsWith('exam result')).length;
  return `    release: ${stages.map((r) => `${r.stage} ${r.n}`).join(', ')}; score emails logged ${logged.map((r) => `${r.status} ${r.n}`).join(', ') || 'none'}; received ${received}`;
}
