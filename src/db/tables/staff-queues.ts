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
