import { html, type SafeHtml } from '../../lib/html';

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/** A line plot of points (x ascending) with axes; a horizontal and a vertical guide mark the cut. */
export function linePlotSvg(v: {
  title: string;
  points: [number, number][];
  xLabel: string;
  yLabel: string;
  guide?: { x: number; y: number };
}): SafeHtml {
  const W = 640,
    H = 320,
    L = 56,
    B = 40,
    T = 16,
    R = 16;
  const xs = v.points.map((p) => p[0]);
  const ys = v.points.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - R);
  const sy = (y: number) => H - B - ((y - y0) / (y1 - y0 || 1)) * (H - B - T);
  const path = v.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(sx(p[0]))},${fmt(sy(p[1]))}`).join(' ');
  const guide = v.guide
    ? html`<line x1="${fmt(sx(v.guide.x))}" y1="${T}" x2="${fmt(sx(v.guide.x))}" y2="${H - B}" stroke="#b00020" stroke-dasharray="4"/><line x1="${L}" y1="${fmt(sy(v.guide.y))}" x2="${W - R}" y2="${fmt(sy(v.guide.y))}" stroke="#b00020" stroke-dasharray="4"/>`
    : '';
  return html`<svg role="img" aria-label="${v.title}" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px" xmlns="http://www.w3.org/2000/svg">
<title>${v.title}</title>
<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#333"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#333"/>
<text x="${L}" y="${H - B + 16}" font-size="12">${x0}</text><text x="${W - R}" y="${H - B + 16}" font-size="12" text-anchor="end">${x1}</text>
<text x="${L - 6}" y="${H - B}" font-size="12" text-anchor="end">${y0}</text><text x="${L - 6}" y="${T + 10}" font-size="12" text-anchor="end">${y1}</text>
<text x="${(L + W - R) / 2}" y="${H - 6}" font-size="12" text-anchor="middle">${v.xLabel}</text>
<text x="14" y="${(T + H - B) / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${(T + H - B) / 2})">${v.yLabel}</text>
${guide}<path d="${path}" fill="none" stroke="#1d4f91" stroke-width="2"/></svg>`;
}

/** Vertical bars with their labels; a bar of null is drawn as a gap labelled "suppressed". */
export function barChartSvg(v: {
  title: string;
  bars: { label: string; value: number | null }[];
  max: number;
  unit: string;
}): SafeHtml {
  const W = Math.max(320, 40 + v.bars.length * 64),
    H = 260,
    B = 56,
    T = 20;
  const bars = v.bars.map((b, i) => {
    const x = 40 + i * 64;
    if (b.value === null)
      return html`<text x="${x + 24}" y="${H - B - 6}" font-size="11" text-anchor="middle">suppressed</text><text x="${x + 24}" y="${H - B + 14}" font-size="11" text-anchor="middle">${b.label}</text>`;
    const h = (b.value / v.max) * (H - B - T);
    return html`<rect x="${x}" y="${fmt(H - B - h)}" width="48" height="${fmt(h)}" fill="#1d4f91"><title>${b.label}: ${fmt(b.value)}${v.unit}</title></rect>
<text x="${x + 24}" y="${fmt(H - B - h - 4)}" font-size="11" text-anchor="middle">${fmt(b.value)}${v.unit}</text><text x="${x + 24}" y="${H - B + 14}" font-size="11" text-anchor="middle">${b.label}</text>`;
  });
  return html`<svg role="img" aria-label="${v.title}" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px" xmlns="http://www.w3.org/2000/svg"><title>${v.title}</title>
<line x1="32" y1="${H - B}" x2="${W - 8}" y2="${H - B}" stroke="#333"/>${bars}</svg>`;
}
