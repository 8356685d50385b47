import { sql } from 'kysely';
import type { Db } from '../database';

/** Read-only lists for the staff console's queues; each one reads the records the workflows keep up to date. */

export interface EligibilityQueueRow {
  id: string;
  first_name: string;
  last_name: string;
  program: string;
  window_id: string;
  submitted_at: Date;
}

/** Applications waiting for an eligibility decision, oldest first (the longest wait is decided first). */
export async function eligibilityQueue(db: Db, limit = 200): Promise<EligibilityQueueRow[]> {
  return db
    .selectFrom('applications')
    .select(['id', 'first_name', 'last_name', 'program', 'window_id', 'submitted_at'])
    .where('stage', '=', 'eligibility-review')
    .orderBy('submitted_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export interface AccommodationQueueRow {
  application_id: string;
  request_id: string;
  needs: string;
  requested_at: Date;
  first_name: string;
  last_name: string;
  program: string;
  window_id: string;
}

/** Pending accommodation requests, oldest first. */
export async function accommodationQueue(db: Db, limit = 200): Promise<AccommodationQueueRow[]> {
  return db
    .selectFrom('application_accommodations')
    .innerJoin('applications', 'applications.id', 'application_accommodations.application_id')
    .select([
      'application_accommodations.application_id',
      'application_accommodations.request_id',
      'application_accommodations.needs',
      'application_accommodations.requested_at',
      'applications.first_name',
      'applications.last_name',
      'applications.program',
      'applications.window_id',
    ])
    .where('application_accommodations.status', '=', 'pending')
    .orderBy('application_accommodations.requested_at')
    .limit(limit)
    .execute();
}

export interface WindowQueueRow {
  id: string;
  program: string;
  window_id: string;
  stage: string;
  closed_at: Date | null;
}

/** Testing windows waiting for staff: key validation of flagged items, or approval of the equating. */
export async function windowsAwaitingStaff(db: Db): Promise<WindowQueueRow[]> {
  return db
    .selectFrom('testing_windows')
    .select(['id', 'program', 'window_id', 'stage', 'closed_at'])
    .where('stage', 'in', ['key-validation', 'awaiting-approval'])
    .orderBy(sql`closed_at`, 'asc')
    .orderBy('id')
    .execute();
}

export interface AttentionQueueRow {
  case_kind: 'application' | 'recertification';
  case_id: string;
  workflow_id: string;
  step: string;
  reason: string;
  opened_at: Date;
  first_name: string | null;
  last_name: string | null;
  program: string | null;
  window_id: string | null;
}

/** Cases parked in stage needs-attention (a step failed for good), oldest first: an application or a certificant. */
export async function attentionQueue(db: Db, limit = 200): Promise<AttentionQueueRow[]> {
  return db
    .selectFrom('needs_attention as na')
    .leftJoin('applications as a', (j) => j.onRef('a.id', '=', 'na.case_id').on('na.case_kind', '=', 'application'))
    .leftJoin('candidates as c', (j) => j.onRef('c.id', '=', 'na.case_id').on('na.case_kind', '=', 'recertification'))
    .select([
      'na.case_kind',
      'na.case_id',
      'na.workflow_id',
      'na.step',
      'na.reason',
      'na.opened_at',
      sql<string | null>`coalesce(a.first_name, c.first_name)`.as('first_name'),
      sql<string | null>`coalesce(a.last_name, c.last_name)`.as('last_name'),
      'a.program',
      'a.window_id',
    ])
    .where('na.resolved_at', 'is', null)
    .orderBy('na.opened_at')
    .orderBy('na.case_id')
    .limit(limit)
    .execute();
}
