import type { GoodStandingLine } from '../db/tables/recertification';
import { html } from '../lib/html';

const header = ['Last name', 'First name', 'Credential(s)', 'Initial certification', 'Current expiry'];

// A cell starting with = + - @ would run as a formula in a spreadsheet: prefix it (OWASP CSV injection).
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** FAQ: "Your data will appear in the Good Standing Report": name, credential(s), initial certification, current expiry. */
export function goodStandingCsv(lines: GoodStandingLine[]): string {
  const rows = lines.map((l) => [l.last_name, l.first_name, l.programs, l.initial_certification, l.expires_on]);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function goodStandingHtml(lines: GoodStandingLine[], generatedAt: string): string {
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Good Standing Report</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style></head>
<body><h1>Good Standing Report</h1>
<p>Certificants whose certification is current. Generated ${generatedAt}. ${String(lines.length)} certificant(s).</p>
<table><thead><tr>${header.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${lines.map((l) => html`<tr><td>${l.last_name}</td><td>${l.first_name}</td><td>${l.programs}</td><td>${l.initial_certification}</td><td>${l.expires_on}</td></tr>`)}</tbody></table>
</body></html>`;
  return page.value;
}
