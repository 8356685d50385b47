import { describe, expect, it } from 'vitest';
import { recertificationCycle } from '../../src/domain/index';
import { gridPage } from '../../src/api/views/recertification';
import type { RecertificationStatus } from '../../src/workflows/recertification/contract';

// First certification 2027-05-25: due 2030-12-01, reinstatement 2031-01-01 … 2031-06-01.
const cycle = recertificationCycle('2027-05-25');
const base: RecertificationStatus = {
  certificantId: 'c1',
  name: 'Ada Lovelace',
  stage: 'reinstatement',
  credentials: [{ credentialId: 'c1-CPCS', program: 'CPCS', certifiedOn: '2027-05-25' }],
  cycle,
  cycleStartsOn: '2027-05-25',
  deadline: '2031-03-01',
  entries: [],
  missing: [],
  renewals: 0,
  extension: {
    requestedAt: '2030-11-10T15:00:00.000Z',
    months: 3,
    until: '2031-03-01',
    request: 'Medical leave for four months this year.',
  },
  lapsedOn: '2031-03-02',
};
const render = (s: Partial<RecertificationStatus>) =>
  gridPage({ status: { ...base, ...s }, csrf: 'x', access: '?token=t' });

describe('the grid page after a lapse offers only what is still possible', () => {
  it('after an extension, in reinstatement: reinstatement until Jun 1, no second extension, and the CPMSM waiting for the next cycle', () => {
    const page = render({
      joining: [{ credentialId: 'c1-CPMSM', program: 'CPMSM', certifiedOn: '2030-12-02', dueDate: '2033-12-01' }],
    });
    expect(page).toContain(
      '<p id="after-lapse">Your extension ran until 2031-03-01 and cannot be extended again. You may apply for reinstatement until 2031-06-01, with the reinstatement fee.</p>',
    );
    expect(page).toContain('<dd id="joining">CPMSM (certified 2030-12-02, active, due 2033-12-01)</dd>');
    expect(page).toContain('Apply for reinstatement');
    expect(page).not.toContain('Request an extension');
  });

  it('lapsed before reinstatement opens, without an extension: from Jan 1 to Jun 1', () => {
    const page = render({ stage: 'lapsed', extension: undefined, lapsedOn: '2030-12-02', deadline: '2030-12-01' });
    expect(page).toContain(
      '<p id="after-lapse">You may apply for reinstatement from 2031-01-01 to 2031-06-01, with the reinstatement fee.</p>',
    );
  });

  it('expired: nothing but the exam again', () => {
    const page = render({ stage: 'expired' });
    expect(page).toContain('The reinstatement period ended on 2031-06-01: to be certified again, apply for the exam.');
    expect(page).not.toMatch(/Apply for reinstatement|Request an extension|Add a CE activity/);
  });
});
