import { optionalFlag, UsageError, type FlagHints, type Flags } from '../args';

/** The flags of every command that talks to the staff API. */
export const staffApiFlags: FlagHints = {
  api: 'URL (the API base; default CERTFLOW_API_URL, else http://localhost:3000)',
  token: 'T (a staff API token from POST /api/staff/tokens; default CERTFLOW_API_TOKEN)',
};

/**
 * The staff commands talk to the running API (so they work beside `npm start`'s embedded database):
 * --api URL (or CERTFLOW_API_URL, default http://localhost:3000) and --token T (or CERTFLOW_API_TOKEN),
 * a token from POST /api/staff/tokens.
 */
export function staffApi(flags: Flags) {
  const base = (
    optionalFlag(flags, 'api', 'the API base URL') ??
    process.env.CERTFLOW_API_URL ??
    'http://localhost:3000'
  ).replace(/\/$/, '');
  const token = optionalFlag(flags, 'token', 'a staff API token') ?? process.env.CERTFLOW_API_TOKEN;
  if (!token) throw new UsageError('missing --token T (or CERTFLOW_API_TOKEN): create one with POST /api/staff/tokens');
  return async function call<T>(
    method: string,
    path: string,
    body?: { json?: unknown; csv?: string },
    okStatuses: number[] = [],
  ): Promise<{ status: number; data: T }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body?.json !== undefined) headers['content-type'] = 'application/json';
    if (body?.csv !== undefined) headers['content-type'] = 'text/csv';
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body?.csv ?? (body?.json !== undefined ? JSON.stringify(body.json) : undefined),
      });
    } catch (err) {
      throw new UsageError(`cannot reach the API at ${base}: ${(err as Error).message}`);
    }
    const data = (await res.json().catch(() => ({}))) as T & {
      error?: { message?: string; fields?: Record<string, string> };
    };
    if (!res.ok && !okStatuses.includes(res.status)) {
      const fields = data.error?.fields
        ? ` (${Object.entries(data.error.fields)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ')})`
        : '';
      throw new UsageError(`${res.status}: ${data.error?.message ?? res.statusText}${fields}`);
    }
    return { status: res.status, data };
  };
}
