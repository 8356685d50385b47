import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendorActivities } from '../../src/activities/vendor';
import type { ActivityDeps } from '../../src/activities/deps';
import { upsertApplication } from '../../src/db/tables/applications';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { listVendorSites, seatOf, setSeatsOnDate, upsertVendorSite } from '../../src/db/tables/vendor';
import { addDays, windowCalendar } from '../../src/domain/index';
import { releaseSeat, reserveSeat, seatAvailability } from '../../src/integrations/vendor/seats';
import { openTestDatabase } from '../helpers/database';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const fall = windowCalendar('2027-fall');
const day1 = fall.start;
const day2 = addDays(fall.start, 1);

beforeAll(async () => {
  database = await openTestDatabase();
  await upsertVendorSite(database.db, { siteId: 'TST-01', name: 'Small test site', seatsPerDate: 2 });
  await findOrCreateCandidate(database.db, {
    newId: 'cand-1',
    email: 'one@example.org',
    firstName: 'Ada',
    lastName: 'One',
    membership: 'member',
  });
  await upsertApplication(database.db, {
    id: 'app-row',
    candidateId: 'cand-1',
    program: 'CPCS',
    windowId: '2027-fall',
    firstName: 'Ada',
    lastName: 'One',
    membership: 'member',
    stage: 'scheduling',
    submittedAt: '2027-05-01T12:00:00Z',
  });
});
afterAll(async () => {
  await database?.close();
});

const reserve = (applicationId: string, site: string, examDate: string) =>
  reserveSeat(database.db, { applicationId, site, examDate, windowId: '2027-fall' });

describe('test vendor seats', () => {
  it('ships with the documented default sites', async () => {
    expect((await listVendorSites(database.db)).map((s) => s.siteId)).toEqual([
      'CHI-01',
      'DAL-03',
      'NYC-02',
      'ONLINE',
      'TST-01',
    ]);
  });

  it('a second call for the same seat is ok and holds one seat', async () => {
    expect(await reserve('a1', 'TST-01', day1)).toEqual({ ok: true });
    expect(await reserve('a1', 'TST-01', day1)).toEqual({ ok: true });
    expect(await seatAvailability(database.db, 'TST-01', day1)).toEqual({
      siteId: 'TST-01',
      examDate: day1,
      capacity: 2,
      reserved: 1,
      available: 1,
    });
  });

  it('refuses the seat after the last one with "full", and keeps the held seat when a move finds the date full', async () => {
    expect(await reserve('a2', 'TST-01', day1)).toEqual({ ok: true });
    expect(await reserve('a3', 'TST-01', day1)).toEqual({
      ok: false,
      reason: 'full',
      message: `There is no seat left at TST-01 on ${day1}. Choose another date or site in the window.`,
    });
    expect(await reserve('a3', 'TST-01', day2)).toEqual({ ok: true });
    expect(await reserve('a3', 'TST-01', day1)).toMatchObject({ ok: false, reason: 'full' });
    expect(await seatOf(database.db, 'a3')).toEqual({ siteId: 'TST-01', examDate: day2 });
  });

  it('moving a reservation frees the old seat in the same step', async () => {
    expect(await reserve('a2', 'TST-01', day2)).toEqual({ ok: true });
    expect(await seatOf(database.db, 'a2')).toEqual({ siteId: 'TST-01', examDate: day2 });
    expect((await seatAvailability(database.db, 'TST-01', day1))?.reserved).toBe(1);
    expect((await seatAvailability(database.db, 'TST-01', day2))?.reserved).toBe(2);
  });

  it('a per-date capacity overrides the site default (0 closes the date)', async () => {
    await setSeatsOnDate(database.db, 'CHI-01', day2, 0);
    expect(await reserve('a9', 'CHI-01', day2)).toMatchObject({ ok: false, reason: 'full' });
    expect((await seatAvailability(database.db, 'CHI-01', day1))?.capacity).toBe(12);
  });

  it('refuses an unknown site naming the sites, and a date outside the window naming its days', async () => {
    expect(await reserve('a4', 'XXX-99', day1)).toEqual({
      ok: false,
      reason: 'unknown-site',
      message: 'The test vendor has no site "XXX-99". Choose one of: CHI-01, DAL-03, NYC-02, ONLINE, TST-01.',
    });
    expect(await reserve('a4', 'CHI-01', addDays(fall.end, 1))).toEqual({
      ok: false,
      reason: 'outside-window',
      message: `${addDays(fall.end, 1)} is outside the Fall 2027 testing window (${fall.start} to ${fall.end}). Choose a date in the window.`,
    });
    expect(await reserve('a4', 'CHI-01', fall.end)).toEqual({ ok: true });
  });

  it("reads the window from the application's record when the caller does not give it", async () => {
    expect(
      await reserveSeat(database.db, { applicationId: 'app-row', site: 'NYC-02', examDate: addDays(fall.start, -1) }),
    ).toMatchObject({ ok: false, reason: 'outside-window' });
    expect(await reserveSeat(database.db, { applicationId: 'app-row', site: 'NYC-02', examDate: fall.start })).toEqual({
      ok: true,
    });
  });

  it('release frees only the named seat and is idempotent', async () => {
    expect(await releaseSeat(database.db, { applicationId: 'a3', site: 'TST-01', examDate: day1 })).toEqual({
      released: false,
    });
    expect(await releaseSeat(database.db, { applicationId: 'a3', site: 'TST-01', examDate: day2 })).toEqual({
      released: true,
    });
    expect(await releaseSeat(database.db, { applicationId: 'a3', site: 'TST-01', examDate: day2 })).toEqual({
      released: false,
    });
    expect(await seatOf(database.db, 'a3')).toBeUndefined();
  });

  it('capacity holds when many candidates race for the last seats', async () => {
    const date = addDays(fall.start, 4);
    await upsertVendorSite(database.db, { siteId: 'RACE-1', name: 'Race', seatsPerDate: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => reserve(`race-${i}`, 'RACE-1', date)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'full')).toBe(true);
    expect(await seatAvailability(database.db, 'RACE-1', date)).toMatchObject({
      capacity: 3,
      reserved: 3,
      available: 0,
    });
  });

  it('one application racing for two seats ends up holding exactly one', async () => {
    const date = addDays(fall.start, 5);
    const results = await Promise.all([
      reserve('twice', 'CHI-01', date),
      reserve('twice', 'NYC-02', date),
      reserve('twice', 'DAL-03', date),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const held = await seatOf(database.db, 'twice');
    const counts = await Promise.all(
      ['CHI-01', 'NYC-02', 'DAL-03'].map(async (s) => (await seatAvailability(database.db, s, date))!.reserved),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(held?.examDate).toBe(date);
  });

  it('the activities answer with the same contract', async () => {
    const acts = vendorActivities({ db: database.db } as ActivityDeps);
    const env = new MockActivityEnvironment();
    expect(
      await env.run(acts.reserveSeat, {
        applicationId: 'act-1',
        site: 'ONLINE',
        examDate: day1,
        windowId: '2027-fall',
      }),
    ).toEqual({ ok: true });
    expect(await env.run(acts.releaseSeat, { applicationId: 'act-1', site: 'ONLINE', examDate: day1 })).toEqual({
      released: true,
    });
  });
});
