import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWindows } from '../../src/api/open-windows';
import { projectBinaryPath } from '../../src/temporal/binaries';
import { eventually } from '../helpers/eventually';
import { attestationJson } from '../helpers/attestation';
import { freePorts, killStarted, start as startIn, stop, type StartPorts } from './start-process';

const dataDir = mkdtempSync(join(tmpdir(), 'certflow-start-'));
const start = (ports: StartPorts) => startIn(dataDir, ports);
afterAll(killStarted);

describe('npm start: the whole system on embedded defaults', () => {
  it('prints the URLs, takes an application end to end, stops cleanly on Ctrl-C and keeps every workflow across a restart', async () => {
    const ports = await freePorts();
    const first = await start(ports);
    for (const url of [
      `/apply`,
      `/staff`,
      `/temporal`,
      `localhost:${ports.mailbox}`,
      `localhost:${ports.workerMetrics}/metrics`,
      `localhost:${ports.workerHealth}/readyz`,
      '/readyz',
    ])
      expect(first.output()).toContain(url);
    // The probes the banner prints answer: the API's and the worker's readiness, and the SDK's metrics.
    expect(await (await fetch(`http://127.0.0.1:${ports.api}/readyz`)).json()).toEqual({
      status: 'ready',
      database: 'ok',
      temporal: 'ok',
    });
    expect(await (await fetch(`http://127.0.0.1:${ports.workerHealth}/readyz`)).json()).toEqual({
      status: 'ready',
      worker: 'RUNNING',
      database: 'ok',
      temporal: 'ok',
    });
    expect(await (await fetch(`http://127.0.0.1:${ports.workerMetrics}/metrics`)).text()).toContain(
      'temporal_request{',
    );

    const open = openWindows(new Date());
    const form = await (await fetch(`http://127.0.0.1:${ports.api}/apply`)).text();
    if (open.length === 0) {
      // Between application periods nothing can be submitted; the form says so.
      expect(form).toContain('No testing window is open');
      expect(await stop(first)).toBe(0);
      return;
    }
    const res = await fetch(`http://127.0.0.1:${ports.api}/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        firstName: 'Start',
        lastName: 'Test',
        email: 'start@example.org',
        membership: 'member',
        program: 'CPCS',
        windowId: open[0]!.id,
        ...attestationJson,
      }),
    });
    expect(res.status).toBe(200);
    const { applicationId } = (await res.json()) as { applicationId: string };
    await eventually(async () => {
      const mailbox = await (await fetch(`http://127.0.0.1:${ports.mailbox}/`)).text();
      expect(mailbox, `npm start printed:\n${first.output().slice(-3000)}`).toContain('start@example.org');
    }, 30_000);
    expect(await stop(first)).toBe(0);

    const second = await start(ports);
    // The restarted worker picks the case up where it was; staff find it by its search attributes.
    await eventually(
      () => {
        const list = spawnSync(
          projectBinaryPath('cli'),
          [
            'workflow',
            'list',
            '--address',
            `127.0.0.1:${ports.temporal}`,
            '-q',
            'Stage="eligibility-review" AND Program="CPCS"',
          ],
          { encoding: 'utf8' },
        );
        expect(list.stdout, `temporal workflow list: ${list.stderr}`).toContain(applicationId);
      },
      30_000,
      500,
    );
    expect(await stop(second)).toBe(0);
  }, 240_000);
});
