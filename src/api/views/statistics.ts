import { html } from '../../lib/html';
import { page } from './layout';
import { barChartSvg } from './svg';

export interface StatisticsCell {
  program: string;
  windowId: string;
  windowLabel: string;
  /** null when fewer than 10 candidates tested: suppressed. */
  candidates: number | null;
  passRate: number | null;
}

export function statisticsPage(cells: StatisticsCell[]): string {
  const rows = cells.map(
    (c) =>
      html`<tr><td>${c.program}</td><td>${c.windowLabel}</td><td>${c.candidates ?? 'fewer than 10'}</td><td>${c.passRate === null ? 'suppressed' : `${(c.passRate * 100).toFixed(1)}%`}</td></tr>`,
  );
  const programs = [...new Set(cells.map((c) => c.program))];
  const charts = programs.map((p) =>
    barChartSvg({
      title: `${p} pass rate by testing window`,
      bars: cells
        .filter((c) => c.program === p)
        .map((c) => ({ label: c.windowLabel, value: c.passRate === null ? null : c.passRate * 100 })),
      max: 100,
      unit: '%',
    }),
  );
  return page(
    'Exam statistics',
    html`<h1>CPCS and CPMSM exam statistics</h1>
<p>Pass rates of first attempts and retakes together, per testing window. Windows with fewer than 10 candidates are not shown, so no one can be identified.</p>
${charts.map((c, i) => html`<h2>${programs[i]}</h2>${c}`)}
<table><thead><tr><th>Exam</th><th>Window</th><th>Candidates</th><th>Pass rate</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}
