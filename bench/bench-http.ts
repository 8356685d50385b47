// HTTP for the benchmarks, the way a careful client calls the API: every call states the statuses it accepts; a
// 5xx or a broken connection is retried with the same Idempotency-Key, and a 409 on a retry means the first attempt
// took effect. Each retry is recorded: under load they are part of the result.
import { randomUUID } from 'node:crypto';
import { sleepMs } from './bench-util';

export interface Retry {
  what: string;
  /** The HTTP status, or the error of a call that got no answer. */
  failure: string;
  /** What the retry that followed got: 'ok', 'took effect before' (409), or another failure. */
  outcome?: string;
}

export type Http = ReturnType<typeof httpClient>;

export function httpClient(baseUrl: string, retries: Retry[], attempts = 3) {
  async function call(
    method: 'GET' | 'POST',
    path: string,
    options: { ok: number[]; headers?: Record<string, string>; type?: string; body?: string },
  ): Promise<unknown> {
    const what = `${method} ${path.split('?')[0]}`;
    const headers: Record<string, string> = {
      ...options.headers,
      'idempotency-key': randomUUID(),
      ...(options.type ? { 'content-type': options.type } : {}),
    };
    let previous: Retry | undefined;
    for (let attempt = 1; ; attempt++) {
      let res: Response | undefined;
      let failure: string;
      try {
        res = await fetch(`${baseUrl}${path}`, {
          method,
          headers,
          ...(options.body !== undefined ? { body: options.body } : {}),
        });
        failure = String(res.status);
      } catch (err) {
        failure = (err as Error).message;
      }
      if (previous)
        previous.outcome =
          res && res.status === 409 ? 'took effect before' : res && options.ok.includes(res.status) ? 'ok' : failure;
      if (res && options.ok.includes(res.status)) return res.json();
      if (res && res.status === 409 && previous) return null;
      if ((res && res.status < 500) || attempt >= attempts)
        throw new Error(`${what}: ${res ? `HTTP ${res.status} ${await res.text()}` : failure}`);
      previous = { what, failure };
      retries.push(previous);
      await sleepMs(1_000 * attempt);
    }
  }
  return {
    get: (path: string, headers: Record<string, string> = {}) => call('GET', path, { ok: [200], headers }),
    post: (path: string, body: unknown, ok: number[], headers: Record<string, string> = {}) =>
      call('POST', path, { ok, headers, type: 'application/json', body: JSON.stringify(body) }),
    send: (path: string, type: string, body: string, ok: number[], headers: Record<string, string> = {}) =>
      call('POST', path, { ok, headers, type, body }),
  };
}

/** A client that signs in as staff once (a bearer token) and sends it with every call. */
export async function staffHttp(baseUrl: string, credentials: { email: string; password: string }, retries: Retry[]) {
  const http = httpClient(baseUrl, retries);
  const { token } = (await http.post('/api/staff/tokens', { ...credentials, name: 'bench', days: 1 }, [201])) as {
    token: string;
  };
  const auth = { authorization: `Bearer ${token}` };
  return {
    get: (path: string) => http.get(path, auth),
    post: (path: string, body: unknown, ok: number[]) => http.post(path, body, ok, auth),
    send: (path: string, type: string, body: string, ok: number[]) => http.send(path, type, body, ok, auth),
  };
}
