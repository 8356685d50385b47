import fc from 'fast-check';
import type { Target } from './targets';

/** Credentials the fuzzer may present: real ones (so validation runs past auth) and forged ones. */
export interface Credentials {
  staffCookie: string;
  staffCsrf: string;
  bearer: string;
  candidate: { applicationId: string; token: string };
  realIds: string[];
}

export type Identity = 'anonymous' | 'staff' | 'candidate' | 'forged';

export interface FuzzRequest {
  identity: Identity;
  method: string;
  /** Already encoded (malformed escapes on purpose). */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Kept for the failure report. */
  target: string;
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes out as the bytes a sloppy client sends. */
const encode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return s
      .replace(/[\ud800-\udfff]/g, '%ED%A0%80')
      .replace(/[^\w%.-]/g, (c) =>
        c.charCodeAt(0) < 128 ? `%${c.charCodeAt(0).toString(16).padStart(2, '0')}` : '%C3%A9',
      );
  }
};

const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
  maxLength: 20,
});
const loneSurrogates = fc.constantFrom('\ud800', 'a\udfffb', '\udc00\ud800', 'x\ud83d');
const oddStrings: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  controlChars,
  loneSurrogates,
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '<script>x</script>',
    "' OR 1=1 --",
    '2026-02-30',
    '9999-99-99T99:99',
    'a@b',
    '\u0000',
    '\u202e',
    '𝔘𝔫𝔦',
    'Ω'.repeat(1000),
  ),
  fc.constantFrom(1, 10_000, 1_000_000).map((n) => 'a'.repeat(n)),
);
/** A path segment: odd text, escaped or not, and malformed %-escapes. */
const oddSegments = (realIds: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: oddStrings.filter((s) => s.length < 5000).map(encode) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '%',
        '%Z',
        '%ZZ',
        '%E0%A4%A',
        '%C0%AF',
        '%ED%A0%80',
        '%00',
        '..',
        '.',
        '%2e%2e',
        '%2F',
        'a%',
        '%%41',
        '%u0041',
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom(...realIds).map(encode) },
  );

const jsonScalars = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), oddStrings);
const jsonValues: fc.Arbitrary<unknown> = fc.oneof(
  jsonScalars,
  fc.array(jsonScalars, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), jsonScalars, { maxKeys: 4 }),
);
const deeplyNested = fc.constantFrom(1_000, 20_000).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);

/** A JSON body: the route's own fields with wrong types and odd values, broken JSON, deep nesting, or a huge document. */
const jsonBodies = (fields: string[]) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .record(Object.fromEntries([...fields, 'token', '_csrf'].map((f) => [f, jsonValues])), { requiredKeys: [] })
        .map((o) => JSON.stringify(o)),
    },
    { weight: 1, arbitrary: jsonValues.map((v) => JSON.stringify(v) ?? 'undefined') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{',
        '{"a":',
        '{"a":1,}',
        "{'a':1}",
        'nul',
        '"\\ud800"',
        '{"__proto__":{"polluted":1}}',
        '\u0000',
        '[1,2',
        '{"a":"\\x"}',
      ),
    },
    { weight: 1, arbitrary: deeplyNested },
    { weight: 1, arbitrary: fc.constant(JSON.stringify({ a: 'x'.repeat(1_000_000) })) },
  );

/** A urlencoded body: repeated keys, bracketed keys (a[b][c]), bad escapes, odd values. */
const urlencodedBodies = (fields: string[], csrf: string) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...fields, '_csrf', 'token'),
          fc.constantFrom('a[b][c]', 'a[]', '__proto__[x]', 'needs[0]', '%', '%ZZ'),
          fc.string({ maxLength: 10 }).map(encode),
        ),
        fc.oneof(
          oddStrings.filter((s) => s.length < 200_000).map(encode),
          fc.constantFrom('%', '%E0%A4%A', '%ZZ', '+', csrf),
        ),
      ),
      { maxLength: 8 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

const multipartBodies = (fields: string[], csrf: string) =>
  fc
    .record({
      boundary: fc.constantFrom('xYz', 'a'.repeat(80), ''),
      parts: fc.array(
        fc.tuple(
          fc.constantFrom(...fields, '_csrf', 'file', 'documentation', 'x'),
          fc.oneof(
            oddStrings.filter((s) => s.length < 50_000),
            fc.constant(csrf),
          ),
          fc.boolean(),
        ),
        { maxLength: 5 },
      ),
      fileBytes: fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom(
          new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
          new TextEncoder().encode('%PDF-1.4 truncated'),
          Uint8Array.of(0x89, 0x50, 0x4e, 0x47),
        ),
      ),
      breakage: fc.constantFrom('none', 'no-closing', 'wrong-boundary', 'truncated-header', 'no-crlf'),
    })
    .map(({ boundary, parts, fileBytes, breakage }) => {
      const sep = breakage === 'wrong-boundary' ? 'other' : boundary;
      const chunks = parts.map(([name, value, asFile]) =>
        asFile
          ? `--${sep}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.slice(0, 20)}"\r\nContent-Type: application/pdf\r\n\r\n${Buffer.from(fileBytes).toString('latin1')}\r\n`
          : `--${sep}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      );
      let body = chunks.join('');
      if (breakage === 'truncated-header') body += `--${sep}\r\nContent-Disposition: form-da`;
      else if (breakage !== 'no-closing') body += `--${sep}--\r\n`;
      if (breakage === 'no-crlf') body = body.replace(/\r\n/g, '\n');
      return {
        contentType: boundary === '' ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`,
        body: Buffer.from(body, 'latin1') as Uint8Array,
      };
    });

const oddContentTypes = fc.constantFrom(
  'text/plain',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/x-www-form-urlencoded; charset=latin9',
  'multipart/form-data; boundary=',
  'text/csv',
  'application/xml',
  '*/*',
  'application/json, text/html',
  ';;;',
);

/** Forged and missing tokens of every kind the app reads. */
const forgedAuth = (c: Credentials) =>
  fc.record(
    {
      cookie: fc.oneof(
        fc.constantFrom(
          'certflow_staff=forged',
          `certflow_staff=${c.staffCookie.match(/certflow_staff=([^;]+)/)?.[1]?.slice(0, -2) ?? ''}xx`,
          'certflow_staff=s%3Ax.y',
          'certflow_csrf=%ZZ',
          'certflow_staff=j%3A%7B%7D',
        ),
        oddStrings.map((s) => `certflow_staff=${encode(s.slice(0, 200))}`),
      ),
      authorization: fc.oneof(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Bearer forged',
          `Bearer ${c.bearer.slice(0, -1)}X`,
          'Basic Zm9vOmJhcg==',
          'Bearer \u00ff',
        ),
        oddStrings.map((s) => `Bearer ${encode(s.slice(0, 200))}`),
      ),
      'x-csrf-token': fc.oneof(
        fc.constantFrom('', 'forged', c.staffCsrf.slice(0, -1)),
        oddStrings.map((s) => encode(s.slice(0, 200))),
      ),
      'x-candidate-token': fc.oneof(
        fc.constantFrom(
          'forged',
          `${c.candidate.token.slice(0, -2)}xx`,
          c.candidate.token.split('.').reverse().join('.'),
        ),
        oddStrings.map((s) => encode(s.slice(0, 200))),
      ),
      'x-vendor-signature': fc.oneof(
        fc.constantFrom(
          't=1,v1=00',
          't=abc,v1=',
          'v1=deadbeef',
          `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
        ),
        oddStrings.map((s) => encode(s.slice(0, 200))),
      ),
    },
    { requiredKeys: [] },
  );

/** One malformed request to one of the targets, under one of the identities. */
export function fuzzRequests(targets: Target[], c: Credentials): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      target: fc.constantFrom(...targets),
      identity: fc.constantFrom<Identity>('anonymous', 'staff', 'staff', 'candidate', 'forged'),
      method: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'), { freq: 5 }),
      segment: oddSegments(c.realIds),
      replaceSegment: fc.nat(6),
      query: fc.array(
        fc.tuple(
          fc.constantFrom('token', 'filename', 'windowId', 'program', 'status', 'q', 'page', 'a[b][c]', 'x', '%ZZ'),
          fc.oneof(oddSegments(c.realIds), fc.constant(encode(c.candidate.token))),
        ),
        { maxLength: 3 },
      ),
      bodyKind: fc.constantFrom('json', 'urlencoded', 'multipart', 'odd', 'none'),
      forged: forgedAuth(c),
    })
    .chain((r) => {
      const body =
        r.bodyKind === 'json'
          ? jsonBodies(r.target.fields).map((b) => ({
              contentType: 'application/json',
              body: b as string | Uint8Array,
            }))
          : r.bodyKind === 'urlencoded'
            ? urlencodedBodies(r.target.fields, c.staffCsrf).map((b) => ({
                contentType: 'application/x-www-form-urlencoded',
                body: b as string | Uint8Array,
              }))
            : r.bodyKind === 'multipart'
              ? multipartBodies([...r.target.fields, 'needs'], c.staffCsrf)
              : r.bodyKind === 'odd'
                ? fc.record({
                    contentType: oddContentTypes,
                    body: fc.oneof(oddStrings, fc.uint8Array({ maxLength: 200 })) as fc.Arbitrary<string | Uint8Array>,
                  })
                : fc.constant({ contentType: '', body: undefined as string | Uint8Array | undefined });
      return body.map((b) => ({ ...r, ...b }));
    })
    .map((r) => {
      const segments = r.target.path.split('/').map((s) => (/^\{.+\}$/.test(s) ? r.segment : s));
      // Forms carry real ids in their actions: sometimes one of those segments is the odd one instead.
      if (
        r.target.source === 'form' &&
        segments.length > 2 &&
        r.replaceSegment < segments.length &&
        r.replaceSegment > 1
      )
        segments[r.replaceSegment] = r.segment;
      const query = [
        ...r.query.map(([k, v]) => `${k}=${v}`),
        ...(r.identity === 'candidate' ? [`token=${encode(c.candidate.token)}`] : []),
      ].join('&');
      const headers: Record<string, string> = {};
      if (r.contentType) headers['content-type'] = r.contentType;
      // Signed in with a valid CSRF token (or, for some, the API token), so validation runs, not just the auth check.
      if (r.identity === 'staff')
        Object.assign(
          headers,
          r.forged.authorization === undefined
            ? { authorization: `Bearer ${c.bearer}` }
            : { cookie: c.staffCookie, 'x-csrf-token': c.staffCsrf },
        );
      if (r.identity === 'forged')
        for (const [k, v] of Object.entries(r.forged))
          if (v !== undefined) headers[k] = v.replace(/[^\t\x20-\x7e]/g, '');
      const method = r.method ?? r.target.method;
      return {
        identity: r.identity,
        method,
        url: `${segments.join('/')}${query ? `?${query}` : ''}`,
        headers,
        ...(method === 'GET' || method === 'HEAD' || r.body === undefined ? {} : { body: r.body }),
        target: `${r.target.method} ${r.target.path}`,
      };
    });
}

/** The request as the failure report prints it: long bodies cut. */
export function describeRequest(r: FuzzRequest): string {
  const body = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : Buffer.from(r.body).toString('latin1');
  return JSON.stringify({ ...r, body: body.length > 400 ? `${body.slice(0, 400)}… (${body.length} chars)` : body });
}
