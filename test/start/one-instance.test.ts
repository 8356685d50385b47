import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning } from '../../src/lib/processes';
import { freePorts, killStarted, portVariables, spawnStart, start, stop, type StartPorts } from './start-process';

afterAll(killStarted);
const folder = () => mkdtempSync(join(tmpdir(), 'certflow-one-'));

async function hold(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return server;
}

/** A staff API token, signed in as the admin `npm start` generated into the folder. */
async function staffToken(dataDir: string, api: string): Promise<string> {
  const { adminEmail, adminPassword } = JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')) as {
    adminEmail: string;
    adminPassword: string;
  };
  const res = await fetch(`${api}/api/staff/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: adminEmail, password: adminPassword, name: 'crash-test' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

describe('npm start: one instance per data folder', () => {
  it('a second start on the same folder is refused, naming the holder (pid, since when, URL); the first keeps serving', async () => {
    const dataDir = folder();
    const ports = await freePorts();
    const first = await start(dataDir, ports);
    // Other ports, so that only the folder stands in the way.
    const second = spawnStart(dataDir, await freePorts());
    expect(await second.exited).toBe(1);
    const { startedAt } = JSON.parse(readFileSync(join(dataDir, 'instance.lock'), 'utf8')) as { startedAt: string };
    expect(second.output()).toContain(
      `certflow is already running on ${dataDir}: pid ${first.child.pid}, since ${startedAt}, at http://127.0.0.1:${ports.api}.`,
    );
    expect(second.output()).not.toContain('Starting the Temporal dev server');
    expect((await fetch(`http://127.0.0.1:${ports.api}/healthz`)).status).toBe(200);
    expect(await stop(first)).toBe(0);
    expect(existsSync(join(dataDir, 'instance.lock'))).toBe(false);
  }, 180_000);

  it('a taken port stops the start before anything runs, naming the port and its variable', async () => {
    const dataDir = folder();
    const ports = await freePorts();
    for (const [key, variable] of Object.entries(portVariables) as [keyof StartPorts, string][]) {
      const holder = await hold(ports[key]);
      try {
        const refused = spawnStart(dataDir, ports);
        expect(await refused.exited, refused.output()).toBe(2);
        expect(refused.output().trim()).toBe(
          `Port ${ports[key]} (${variable}) is taken by another process: stop it, or set ${variable} to a free port.`,
        );
      } finally {
        holder.close();
      }
    }
    // Nothing ran: no embedded database, no Temporal state, and the folder is free again.
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
    expect(existsSync(join(dataDir, 'temporal'))).toBe(false);
    expect(existsSync(join(dataDir, 'instance.lock'))).toBe(false);
  }, 180_000);

  it('after SIGKILL, the next start stops the orphaned dev server and runs on the same ports, with the earlier workflow', async () => {
    const dataDir = folder();
    const ports = await freePorts();
    const api = `http://127.0.0.1:${ports.api}`;
    const first = await start(dataDir, ports);
    const token = await staffToken(dataDir, api);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${api}/api/staff/windows`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ program: 'CPCS', windowId: '2031-fall' }),
    });
    expect(created.status, await created.clone().text()).toBe(201);

    const { pid: devServer } = JSON.parse(readFileSync(join(dataDir, 'temporal-dev-server.json'), 'utf8')) as {
      pid: number;
    };
    first.child.kill('SIGKILL');
    await first.exited;
    // The crash left the dev server running on its ports: the situation the next start must clear.
    expect(isRunning(devServer)).toBe(true);

    const second = await start(dataDir, ports);
    expect(second.output()).toContain(
      `Stopping the Temporal dev server left running by an earlier start (pid ${devServer})`,
    );
    expect(isRunning(devServer)).toBe(false);
    // The token (in the embedded database) and the window's workflow (in Temporal's) both came through the crash.
    const window = await fetch(`${api}/api/staff/windows/CPCS/2031-fall`, { headers: auth });
    expect(window.status, await window.clone().text()).toBe(200);
    expect(((await window.json()) as { workflowId: string }).workflowId).toBe('testing-window-CPCS-2031-fall');
    expect(await stop(second)).toBe(0);
  }, 240_000);
});
