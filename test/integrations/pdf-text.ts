import { inflateSync } from 'node:zlib';

// WinAnsiEncoding differs from Latin-1 only in 0x80–0x9F (quotes, dashes, €…).
const winAnsi: Record<number, string> = {
  0x80: '€',
  0x85: '…',
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x96: '–',
  0x97: '—',
  0x99: '™',
};
const decodeWinAnsi = (bytes: Buffer) => [...bytes].map((b) => winAnsi[b] ?? String.fromCharCode(b)).join('');

/** The strings drawn on a pdf-lib page (standard fonts write them as hex `<…> Tj`), one per line; no extra deps. */
export function pdfText(bytes: Uint8Array): string {
  const source = Buffer.from(bytes).toString('latin1');
  const lines: string[] = [];
  for (const m of source.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      content = m[1]!;
    }
    for (const t of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) lines.push(decodeWinAnsi(Buffer.from(t[1]!, 'hex')));
  }
  return lines.join('\n');
}
