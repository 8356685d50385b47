import { describe, expect, it } from 'vitest';
import { MIN_CELL, publicStatistics } from '../../src/api/routes/statistics';
import { statisticsPage } from '../../src/api/views/statistics';

const row = (program: string, windowId: string, tested: number, passed: number) => ({
  program,
  window_id: windowId,
  tested,
  passed,
  published_at: new Date(),
});

describe('public statistics: pass rates per program and window, small cells suppressed', () => {
  it('shows the rate of a cell of 10 candidates and hides count and rate of a cell of 9', () => {
    expect(MIN_CELL).toBe(10);
    const cells = publicStatistics([
      row('CPMSM', '2027-spring', 9, 9),
      row('CPCS', '2027-fall', 10, 7),
      row('CPCS', '2027-spring', 250, 180),
    ]);
    expect(cells).toEqual([
      { program: 'CPCS', windowId: '2027-spring', windowLabel: 'Spring 2027', candidates: 250, passRate: 0.72 },
      { program: 'CPCS', windowId: '2027-fall', windowLabel: 'Fall 2027', candidates: 10, passRate: 0.7 },
      { program: 'CPMSM', windowId: '2027-spring', windowLabel: 'Spring 2027', candidates: null, passRate: null },
    ]);
    const html = statisticsPage(cells);
    expect(html).toContain('72.0%');
    expect(html).toContain('<svg');
    expect(html).toMatch(/CPMSM<\/td><td>Spring 2027<\/td><td>fewer than 10<\/td><td>suppressed/);
    // The suppressed cell's 100% pass rate appears nowhere, not even in the chart.
    expect(html).not.toContain('100.0%');
    expect(html).not.toMatch(/>9</);
  });
});
