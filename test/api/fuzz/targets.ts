import { openPage } from '../../helpers/system';
/** What the fuzz test sends requests to, read from the running app: its OpenAPI document and the forms on its pages. */
export interface Target {
  method: string;
  /** A path template with `{name}` placeholders (OpenAPI style); forms have none. */
  path: string;
  /** Field names the route reads (request body properties, form inputs): the fuzzer fills them with odd values. */
  fields: string[];
  source: 'openapi' | 'form';
  multipart: boolean;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
        parameters?: { name: string; in: string }[];
      }
    >
  >;
}

const httpMethods = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of /openapi.json, with the names of its body properties and query parameters. */
export async function openApiTargets(baseUrl: string): Promise<Target[]> {
  const doc = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as OpenApiDocument;
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => httpMethods.has(method))
      .map(([method, op]) => {
        const content = op.requestBody?.content ?? {};
        const bodyFields = Object.values(content).flatMap((c) => Object.keys(c.schema?.properties ?? {}));
        const queryFields = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        return {
          method: method.toUpperCase(),
          path,
          fields: [...new Set([...bodyFields, ...queryFields])],
          source: 'openapi' as const,
          multipart: Object.keys(content).some((t) => t.startsWith('multipart/')),
        };
      }),
  );
}

const attribute = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag)?.[1];
const unescapeHtml = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The forms of one HTML page: action (query string kept out: the fuzzer sends its own), method, enctype and input names. */
export function formsOf(html: string, pagePath: string): Target[] {
  const forms: Target[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, tag = '', inner = ''] = match;
    const action = new URL(unescapeHtml(attribute(tag, 'action') ?? pagePath), 'http://x');
    const fields = [...inner.matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/gi)].map((m) =>
      unescapeHtml(m[1]!),
    );
    forms.push({
      method: (attribute(tag, 'method') ?? 'get').toUpperCase(),
      path: action.pathname,
      fields: [...new Set(fields)],
      source: 'form',
      multipart: /multipart\/form-data/i.test(attribute(tag, 'enctype') ?? ''),
    });
  }
  return forms;
}

/** Same-origin links of a page (no assets), so the crawl reaches every page a user can. */
export function linksOf(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"#]+)"/gi)]
    .map((m) => unescapeHtml(m[1]!))
    .filter((href) => href.startsWith('/') && !href.startsWith('//'));
}

/**
 * Crawls the pages reachable from `starts` (each visit with the given cookie) and returns their forms, one per
 * method and action. Following links is GET only, so nothing changes.
 */
export async function crawlForms(
  baseUrl: string,
  starts: { path: string; cookie?: string }[],
  maxPages = 60,
): Promise<Target[]> {
  const seen = new Set<string>();
  const queue = [...starts];
  const found = new Map<string, Target>();
  while (queue.length > 0 && seen.size < maxPages) {
    const { path, cookie } = queue.shift()!;
    const key = `${cookie ? 'c' : 'a'} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // As a browser: an emailed link's 303 (token → cookie) is followed, and its cookie kept for the links after it.
    const { res, cookie: held } = await openPage(baseUrl, path, cookie);
    if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue;
    const html = await res.text();
    for (const form of formsOf(html, new URL(path, 'http://x').pathname)) {
      const formKey = `${form.method} ${form.path}`;
      const known = found.get(formKey);
      found.set(formKey, known ? { ...known, fields: [...new Set([...known.fields, ...form.fields])] } : form);
    }
    // Sign-out links and the like are forms (POST); links never change state.
    for (const link of linksOf(html)) queue.push({ path: link, cookie: held || undefined });
  }
  return [...found.values()];
}
