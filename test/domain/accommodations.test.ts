import { describe, expect, it } from 'vitest';
import {
  accommodationCutoff,
  accommodationRequestDeadlineInstant,
  checkAccommodationRequest,
  isAccommodationRequestOnTime,
} from '../../src/domain/index';

describe('accommodations: documented, and received at least 8 weeks before the window starts', () => {
  // Fall 2027 starts 2027-10-04; 56 days earlier is 2027-08-09.
  it('the cutoff is the window start minus 56 days', () => {
    expect(accommodationCutoff('2027-10-04')).toBe('2027-08-09');
    expect(accommodationCutoff('2028-03-06')).toBe('2028-01-10');
    expect(accommodationRequestDeadlineInstant('2027-10-04')).toBe('2027-08-10T03:59:59.999Z');
  });

  it('received on the cutoff day (New York time) is on time; the next day is late', () => {
    expect(isAccommodationRequestOnTime('2027-10-04', '2027-08-09T23:59:59.999-04:00')).toBe(true);
    expect(isAccommodationRequestOnTime('2027-10-04', '2027-08-10T03:59:59.999Z')).toBe(true);
    expect(isAccommodationRequestOnTime('2027-10-04', '2027-08-10T00:00:00.000-04:00')).toBe(false);
  });

  it('a request without written documentation is not reviewable even when on time', () => {
    const onTime = '2027-07-01T12:00:00Z';
    expect(
      checkAccommodationRequest({ windowStart: '2027-10-04', receivedAt: onTime, hasWrittenDocumentation: true }),
    ).toEqual({
      reviewable: true,
      cutoff: '2027-08-09',
      problems: [],
    });
    expect(
      checkAccommodationRequest({ windowStart: '2027-10-04', receivedAt: onTime, hasWrittenDocumentation: false })
        .problems,
    ).toEqual(['missing-documentation']);
    expect(
      checkAccommodationRequest({
        windowStart: '2027-10-04',
        receivedAt: '2027-08-10T12:00:00-04:00',
        hasWrittenDocumentation: false,
      }),
    ).toMatchObject({ reviewable: false, problems: ['missing-documentation', 'received-after-cutoff'] });
  });
});
