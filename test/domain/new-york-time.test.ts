import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  endOfNewYorkDay,
  epochMsToInstant,
  instantToEpochMs,
  newYorkDateOf,
  newYorkDaylightSavingPeriod,
  newYorkOffsetMinutes,
  newYorkWallClockOf,
  newYorkWallClockToInstant,
  startOfNewYorkDay,
} from '../../src/domain/index';

/** What the tz database (through Intl) says New York's offset is, in minutes. */
function intlOffsetMinutes(epochMs: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'shortOffset' })
    .formatToParts(new Date(epochMs))
    .find((p) => p.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d+)(?::(\d+))?/.exec(name)!;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

describe('instants (ISO 8601, UTC)', () => {
  it('reads Z and offset forms and writes canonical UTC', () => {
    expect(instantToEpochMs('1970-01-01T00:00:00Z')).toBe(0);
    expect(epochMsToInstant(instantToEpochMs('2027-05-24T23:59:59.999-04:00'))).toBe('2027-05-25T03:59:59.999Z');
    expect(epochMsToInstant(instantToEpochMs('2027-05-25T04:00Z'))).toBe('2027-05-25T04:00:00.000Z');
    expect(instantToEpochMs('2027-05-25T04:00:00.123456Z')).toBe(Date.UTC(2027, 4, 25, 4, 0, 0, 123));
  });

  it('refuses strings that are not instants, saying the expected form', () => {
    expect(() => instantToEpochMs('2027-05-25')).toThrow('ISO 8601 with a zone');
    expect(() => instantToEpochMs('2027-05-25T04:00:00')).toThrow('ISO 8601 with a zone');
    expect(() => instantToEpochMs('2027-02-30T04:00:00Z')).toThrow('February 2027 has 28 days');
    expect(() => instantToEpochMs('2027-05-25T24:00:00Z')).toThrow('hours must be 00–23');
  });

  it('round-trips with Date#toISOString (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(epochMsToInstant(ms)).toBe(iso);
        expect(instantToEpochMs(iso)).toBe(ms);
      }),
    );
  });
});

describe('America/New_York time by the US DST rule', () => {
  it('daylight saving runs from the second Sunday of March 2:00 to the first Sunday of November 2:00 (since 2007)', () => {
    expect(newYorkDaylightSavingPeriod(2027)).toEqual({
      starts: '2027-03-14T07:00:00.000Z',
      ends: '2027-11-07T06:00:00.000Z',
    });
    expect(newYorkDaylightSavingPeriod(2007)).toEqual({
      starts: '2007-03-11T07:00:00.000Z',
      ends: '2007-11-04T06:00:00.000Z',
    });
    // 1987–2006: first Sunday of April to last Sunday of October.
    expect(newYorkDaylightSavingPeriod(2006)).toEqual({
      starts: '2006-04-02T07:00:00.000Z',
      ends: '2006-10-29T06:00:00.000Z',
    });
  });

  it('switches offset at the exact millisecond, on both DST edges', () => {
    expect(newYorkOffsetMinutes('2027-03-14T06:59:59.999Z')).toBe(-300);
    expect(newYorkOffsetMinutes('2027-03-14T07:00:00.000Z')).toBe(-240);
    expect(newYorkOffsetMinutes('2027-11-07T05:59:59.999Z')).toBe(-240);
    expect(newYorkOffsetMinutes('2027-11-07T06:00:00.000Z')).toBe(-300);
  });

  it('agrees with the tz database (Intl) on every instant from 2000 to 2100 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(newYorkOffsetMinutes(new Date(ms).toISOString())).toBe(intlOffsetMinutes(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Intl within a minute of every transition from 2000 to 2100', () => {
    for (let year = 2000; year <= 2100; year++) {
      const { starts, ends } = newYorkDaylightSavingPeriod(year);
      for (const edge of [starts, ends]) {
        for (const delta of [-60_000, -1, 0, 1, 60_000]) {
          const ms = instantToEpochMs(edge) + delta;
          expect(newYorkOffsetMinutes(new Date(ms).toISOString())).toBe(intlOffsetMinutes(ms));
        }
      }
    }
  });

  it('the end of a New York day is 23:59:59.999 local: 03:59:59.999Z in summer, 04:59:59.999Z in winter', () => {
    expect(endOfNewYorkDay('2027-05-24')).toBe('2027-05-25T03:59:59.999Z');
    expect(endOfNewYorkDay('2027-01-15')).toBe('2027-01-16T04:59:59.999Z');
    // The DST days themselves: the day is 23 hours (March) or 25 hours (November) long.
    expect(startOfNewYorkDay('2027-03-14')).toBe('2027-03-14T05:00:00.000Z');
    expect(endOfNewYorkDay('2027-03-14')).toBe('2027-03-15T03:59:59.999Z');
    expect(startOfNewYorkDay('2027-11-07')).toBe('2027-11-07T04:00:00.000Z');
    expect(endOfNewYorkDay('2027-11-07')).toBe('2027-11-08T04:59:59.999Z');
    // The Friday before and the Monday after the switch.
    expect(endOfNewYorkDay('2027-03-12')).toBe('2027-03-13T04:59:59.999Z');
    expect(endOfNewYorkDay('2027-03-15')).toBe('2027-03-16T03:59:59.999Z');
    expect(endOfNewYorkDay('2027-11-05')).toBe('2027-11-06T03:59:59.999Z');
    expect(endOfNewYorkDay('2027-11-08')).toBe('2027-11-09T04:59:59.999Z');
  });

  it('a repeated wall-clock time (fall back) is the earlier instant; a skipped one (spring forward) moves ahead', () => {
    expect(newYorkWallClockToInstant('2027-11-07', 1, 30)).toBe('2027-11-07T05:30:00.000Z');
    expect(newYorkWallClockToInstant('2027-03-14', 2, 30)).toBe('2027-03-14T07:30:00.000Z');
    expect(newYorkWallClockOf('2027-03-14T07:30:00.000Z')).toEqual({
      date: '2027-03-14',
      time: '03:30:00.000',
      offsetMinutes: -240,
    });
  });

  it('the New York date of an instant is the local calendar day', () => {
    expect(newYorkDateOf('2027-05-25T03:59:59.999Z')).toBe('2027-05-24');
    expect(newYorkDateOf('2027-05-25T04:00:00.000Z')).toBe('2027-05-25');
    expect(newYorkDateOf('2028-01-01T04:59:59.999Z')).toBe('2027-12-31');
  });

  it('wall clock → instant → wall clock round-trips for every New York date and whole minute outside the gap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 2), max: Date.UTC(2199, 11, 30) }),
        fc.integer({ min: 0, max: 23 * 60 + 59 }),
        (dayMs, minuteOfDay) => {
          const date = new Date(dayMs).toISOString().slice(0, 10);
          const hour = Math.floor(minuteOfDay / 60);
          const minute = minuteOfDay % 60;
          const instant = newYorkWallClockToInstant(date, hour, minute);
          const back = newYorkWallClockOf(instant);
          const inGap = back.time.slice(0, 5) !== `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          if (!inGap) expect(back.date).toBe(date);
          else expect(hour).toBe(2); // only 02:xx on the spring-forward Sunday does not exist
        },
      ),
    );
  });
});
