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
  describe('prints the URLs, takes an application end to end, stops cleanly on Ctrl-C and keeps every workflow across a restart', () => {
    // Whether an application period is open decides what can be submitted; it is read once, as the run starts.
    const open = openWindows(new Date());
    let ports: StartPorts;
    let first: Awaited<ReturnType<typeof start>>;
    let applicationId: string;

    it('prints the URLs of the form, staff pages, Temporal UI, mailbox, worker metrics and probes', async () => {
      ports = await freePorts();
      first = await start(ports);
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
    }, 120_000);

    // The probes the banner prints answer: the API's and the worker's readiness, and the SDK's metrics.
    it('answers the API readiness probe: database and Temporal ok', async () => {
      expect(await (await fetch(`http://127.0.0.1:${ports.api}/readyz`)).json()).toEqual({
        status: 'ready',
        database: 'ok',
        temporal: 'ok',
      });
    });

    it("answers the worker's readiness probe: polling, database and Temporal ok", async () => {
      expect(await (await fetch(`http://127.0.0.1:${ports.workerHealth}/readyz`)).json()).toEqual({
        status: 'ready',
        worker: 'RUNNING',
        database: 'ok',
        temporal: 'ok',
      });
    });

    it("serves the SDK's metrics", async () => {
      expect(await (await fetch(`http://127.0.0.1:${ports.workerMetrics}/metrics`)).text()).toContain(
        'temporal_request{',
      );
    });

    it.runIf(open.length === 0)(
      'says on the form that no testing window is open, between application periods',
      async () => {
        // Between application periods nothing can be submitted; the form says so.
        const form = await (await fetch(`http://127.0.0.1:${ports.api}/apply`)).text();
        expect(form).toContain('No testing window is open');
      },
    );

    it.runIf(open.length > 0)(
      'takes an application and emails the candidate through the mailbox',
      async () => {
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
        ({ applicationId } = (await res.json()) as { applicationId: string });
        await eventually(async () => {
          const mailbox = await (await fetch(`http://127.0.0.1:${ports.mailbox}/`)).text();
          expect(mailbox, `npm start printed:\n${first.output().slice(-3000)}`).toContain('start@example.org');
        }, 30_000);
      },
      60_000,
    );

    it('stops cleanly on Ctrl-C', async () => {
      expect(await stop(first)).toBe(0);
    }, 60_000);

    it.runIf(open.length > 0)(
      'keeps the case across a restart, where staff find it by its search attributes',
      async () => {
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
      },
      150_000,
    );
  });
});
