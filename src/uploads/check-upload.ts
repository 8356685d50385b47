export type UploadKind = 'pdf' | 'png' | 'jpeg';

export type UploadCheck = { ok: true; kind: UploadKind; contentType: string } | { ok: false; message: string };

const contentTypes: Record<UploadKind, string> = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' };
const labels: Record<UploadKind, string> = { pdf: 'PDF', png: 'PNG image', jpeg: 'JPEG image' };

/** The file's real kind from its first bytes; the name and the browser's content type are never trusted. */
export function sniffKind(bytes: Uint8Array): UploadKind | undefined {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // "%PDF-"
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  return undefined;
}

export function describeAllowed(allowed: readonly UploadKind[]): string {
  const names = allowed.map((k) => labels[k]);
  return names.length <= 1 ? (names[0] ?? 'nothing') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024
    ? `${+(n / (1024 * 1024)).toFixed(1)} MB`
    : n >= 1024
      ? `${+(n / 1024).toFixed(1)} KB`
      : `${n} bytes`;
}

/** docs/architecture.md: "Uploads are checked by content and size" — the message says what to send instead. */
export function checkUpload(
  bytes: Uint8Array,
  options: { allowed: readonly UploadKind[]; maxBytes: number },
): UploadCheck {
  const accepted = describeAllowed(options.allowed);
  if (bytes.length === 0)
    return { ok: false, message: `The file is empty. Choose a ${accepted} file and upload it again.` };
  if (bytes.length > options.maxBytes) {
    return {
      ok: false,
      message: `The file is ${formatBytes(bytes.length)}; the limit is ${formatBytes(options.maxBytes)}. Upload a smaller ${accepted} (for example a scan at lower resolution).`,
    };
  }
  const kind = sniffKind(bytes);
  if (!kind || !options.allowed.includes(kind)) {
    const found = kind ? `a ${labels[kind]}` : 'not a file type we accept';
    return { ok: false, message: `The file is ${found}, whatever its name says. Upload a ${accepted} file.` };
  }
  if (kind === 'pdf' && !hasPdfEnd(bytes))
    return {
      ok: false,
      message: 'The PDF is incomplete (it has no end-of-file marker). Save or export it again and upload the new file.',
    };
  return { ok: true, kind, contentType: contentTypes[kind] };
}

// A truncated upload (a broken connection, a partial save) has no %%EOF near its end.
function hasPdfEnd(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return tail.includes('%%EOF');
}
