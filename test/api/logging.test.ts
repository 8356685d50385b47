import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Client } from '@temporalio/client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app';
import { openTestDatabase } from '../helpers/database';

const lines: Record<string, any>[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let baseUrl: string;
let close: () => void;

beforeAll(async () => {
  database = await openTestDatabase();
  // These requests never reach Temporal; a client that throws proves it.
  const client = new Proxy(
    {},
    {
      get: () => {
        throw new Error('Temporal must not be called');
      },
    },
  ) as Client;
  const app = createApp({
    db: database.db,
    temporal: { client, taskQueue: 'q', namespace: 'default', uiUrl: 'http://ui' },
    secret: 's'.repeat(32),
    publicBaseUrl: 'http://localhost',
    staffSessionTtlHours: 1,
    logger: pino({ level: 'info' }, sink),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(async () => {
  close?.();
  await database?.close();
});

describe('API logs', () => {
  it('every request line is JSON with the request id the response carries, and a caller id is kept', async () => {
    const a = await fetch(`${baseUrl}/healthz`);
    const b = await fetch(`${baseUrl}/healthz`, { headers: { 'x-request-id': 'from-the-caller-1' } });
    expect(b.headers.get('x-request-id')).toBe('from-the-caller-1');
    await new Promise((r) => setTimeout(r, 50));
    const ids = lines.filter((l) => l.req).map((l) => l.req.id);
    expect(ids).toContain(a.headers.get('x-request-id'));
    expect(ids).toContain('from-the-caller-1');
    expect(lines.filter((l) => l.req).every((l) => typeof l.req.id === 'string' && l.req.id.length > 0)).toBe(true);
  });

  it('a candidate token in the address never reaches the log', async () => {
    await fetch(`${baseUrl}/applications/x/status?token=v1.secret-part.signature`);
    await new Promise((r) => setTimeout(r, 50));
    const text = JSON.stringify(lines);
    expect(text).toContain('token=…');
    expect(text).not.toContain('secret-part');
  });
});
