import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { isCivilDate, isTestDateInWindow, windowCalendar, windowOnTestDate } from '../../domain/index';

export interface SeatRequest {
  applicationId: string;
  site: string;
  examDate: string;
  /** The application's window; read from the applications table when omitted. */
  windowId?: string;
}

export type SeatReservation =
  { ok: true } | { ok: false; reason: 'full' | 'unknown-site' | 'outside-window'; message: string };

export interface SeatAvailability {
  siteId: string;
  examDate: string;
  capacity: number;
  reserved: number;
  available: number;
}

/**
 * Reserves one seat per application at the test vendor. Idempotent: the same seat again is ok; another seat moves
 * the reservation in the same transaction (the old one stays when the new date is full). Capacity holds under
 * concurrency: the destination site's row is locked, so counts and inserts for one site run one at a time.
 */
export async function reserveSeat(db: Db, request: SeatRequest): Promise<SeatReservation> {
  const { applicationId, site, examDate } = request;
  if (!isCivilDate(examDate))
    return { ok: false, reason: 'outside-window', message: `"${examDate}" is not a date (expected YYYY-MM-DD).` };
  const windowCheck = await checkWindow(db, request);
  if (windowCheck) return windowCheck;
  return db.transaction().execute(async (tx): Promise<SeatReservation> => {
    const siteRow = await tx
      .selectFrom('vendor_sites')
      .select(['site_id', 'seats_per_date'])
      .where('site_id', '=', site)
      .forUpdate()
      .executeTakeFirst();
    if (!siteRow)
      return {
        ok: false,
        reason: 'unknown-site',
        message: `The test vendor has no site "${site}". Choose one of: ${(await siteIds(tx)).join(', ')}.`,
      };
    const held = await tx
      .selectFrom('vendor_seats')
      .select(['site_id', sql<string>`to_char(exam_date, 'YYYY-MM-DD')`.as('exam_date')])
      .where('application_id', '=', applicationId)
      .forUpdate()
      .executeTakeFirst();
    if (held && held.site_id === site && held.exam_date === examDate) return { ok: true };
    const { capacity, reserved } = await countSeats(tx, site, examDate, siteRow.seats_per_date, applicationId);
    if (reserved >= capacity) {
      return {
        ok: false,
        reason: 'full',
        message: `There is no seat left at ${site} on ${examDate}. Choose another date or site in the window.`,
      };
    }
    await tx
      .insertInto('vendor_seats')
      .values({ application_id: applicationId, site_id: site, exam_date: examDate })
      .onConflict((oc) =>
        oc.column('application_id').doUpdateSet({ site_id: site, exam_date: examDate, reserved_at: sql`now()` }),
      )
      .execute();
    return { ok: true };
  });
}

/** Frees the application's seat if it is the one named (a stale release never frees a newer seat). Idempotent. */
export async function releaseSeat(
  db: Db,
  request: { applicationId: string; site: string; examDate: string },
): Promise<{ released: boolean }> {
  const result = await db
    .deleteFrom('vendor_seats')
    .where('application_id', '=', request.applicationId)
    .where('site_id', '=', request.site)
    .where('exam_date', '=', request.examDate)
    .executeTakeFirst();
  return { released: Number(result.numDeletedRows) > 0 };
}

/** Seats at one site on one date, for pages; undefined for an unknown site. */
export async function seatAvailability(db: Db, site: string, examDate: string): Promise<SeatAvailability | undefined> {
  if (!isCivilDate(examDate)) return undefined;
  const siteRow = await db
    .selectFrom('vendor_sites')
    .select('seats_per_date')
    .where('site_id', '=', site)
    .executeTakeFirst();
  if (!siteRow) return undefined;
  const { capacity, reserved } = await countSeats(db, site, examDate, siteRow.seats_per_date);
  return { siteId: site, examDate, capacity, reserved, available: Math.max(0, capacity - reserved) };
}

async function countSeats(
  db: Db,
  site: string,
  examDate: string,
  defaultSeats: number,
  exceptApplication?: string,
): Promise<{ capacity: number; reserved: number }> {
  const override = await db
    .selectFrom('vendor_site_dates')
    .select('seats')
    .where('site_id', '=', site)
    .where('exam_date', '=', examDate)
    .executeTakeFirst();
  let q = db
    .selectFrom('vendor_seats')
    .select(sql<string>`count(*)`.as('n'))
    .where('site_id', '=', site)
    .where('exam_date', '=', examDate);
  if (exceptApplication) q = q.where('application_id', '<>', exceptApplication);
  const { n } = await q.executeTakeFirstOrThrow();
  return { capacity: override?.seats ?? defaultSeats, reserved: Number(n) };
}

async function siteIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('vendor_sites').select('site_id').orderBy('site_id').execute()).map((r) => r.site_id);
}

// docs/architecture.md: the appointment "must lie inside the window" — the vendor sells seats only on the window's test days.
async function checkWindow(db: Db, request: SeatRequest): Promise<SeatReservation | undefined> {
  const windowId =
    request.windowId ??
    (await db.selectFrom('applications').select('window_id').where('id', '=', request.applicationId).executeTakeFirst())
      ?.window_id;
  if (windowId) {
    if (isTestDateInWindow(windowId, request.examDate)) return undefined;
    const w = windowCalendar(windowId);
    return {
      ok: false,
      reason: 'outside-window',
      message: `${request.examDate} is outside the ${w.label} testing window (${w.start} to ${w.end}). Choose a date in the window.`,
    };
  }
  if (windowOnTestDate(request.examDate)) return undefined;
  return {
    ok: false,
    reason: 'outside-window',
    message: `${request.examDate} is not a test day of any testing window.`,
  };
}
