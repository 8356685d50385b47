import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../src/dev/mail-catcher';
import type { BuildInfo } from '../../src/temporal/deployment';
import { openTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { freePort } from '../helpers/free-port';
import { createDevServerEnv } from '../helpers/temporal';

const root = join(import.meta.dirname, '../..');
const codecKeys = 'test1:dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMDEyMzQ=';
const children: ChildProcess[] = [];
let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let catcher: MailCatcher;

// The production processes need a real PostgreSQL server (DATABASE_URL), as in docker-compose.yml.
describe.skipIf(!process.env.DATABASE_URL)('the production build (needs DATABASE_URL)', () => {
  let build: BuildInfo;
  beforeAll(async () => {
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TEMPORAL_BUILD_ID: '' },
    });
    expect(built.status, built.stderr).toBe(0);
    build = JSON.parse(readFileSync(join(root, 'dist/build-info.json'), 'utf8')) as BuildInfo;
    env = await createDevServerEnv();
    database = await openTestDatabase();
    catcher = await startMailCatcher();
  }, 180_000);
  afterAll(async () => {
    children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
    await catcher?.close();
    await database?.close();
    await env?.teardown();
  });

  function run(entry: string, extra: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
    let out = '';
    const child = spawn(process.execPath, [join(root, 'dist', entry)], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        DATABASE_URL: database.url!,
        TEMPORAL_ADDRESS: env.address,
        TEMPORAL_TASK_QUEUE: 'production-build',
        SMTP_URL: catcher.smtpUrl,
        APP_SECRET: 'a-production-secret-of-at-least-32-characters',
        CODEC_KEYS: codecKeys,
        WORKFLOW_BUNDLE_PATH: join(root, 'dist/workflow-bundle.js'),
        LOG_LEVEL: 'info',
        ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    return { child, output: () => out };
  }

  it('stamps a build id from the package version and the commit', () => {
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(build.buildId).toMatch(
      new RegExp(
        `^${version.replace(/\./g, '\\.')}\\+[0-9a-f]{7,}(\\.dirty)?$|^${version.replace(/\./g, '\\.')}\\+nogit$`,
      ),
    );
  });

  it(
    'runs the compiled worker on the built bundle as a deployment version that new workflows run on',
    { timeout: 120_000 },
    async () => {
      const migrate = run('main-migrate.js');
      expect(await new Promise((r) => migrate.child.once('exit', r)), migrate.output()).toBe(0);
      const ports = { metrics: await freePort(), health: await freePort() };
      const worker = run('main-worker.js', {
        WORKER_METRICS_PORT: String(ports.metrics),
        WORKER_HEALTH_PORT: String(ports.health),
      });
      await eventually(
        () => expect(worker.output(), worker.output()).toContain('worker deployment version made current'),
        60_000,
        250,
      );
      expect(worker.output()).toContain('dist/workflow-bundle.js');
      // The worker's own probes and the SDK's metrics (docs/operations.md).
      expect(await (await fetch(`http://127.0.0.1:${ports.health}/readyz`)).json()).toEqual({
        status: 'ready',
        worker: 'RUNNING',
        database: 'ok',
        temporal: 'ok',
      });
      expect(await (await fetch(`http://127.0.0.1:${ports.metrics}/metrics`)).text()).toContain('temporal_request{');

      const handle = await env.client.workflow.start('goodStandingReportWorkflow', {
        workflowId: 'gsr-production-build',
        taskQueue: 'production-build',
        args: [{ trigger: 'manual' }],
      });
      expect(await handle.result()).toMatchObject({ certificants: 0 });
      const info = (await handle.describe()).raw.workflowExecutionInfo?.versioningInfo;
      expect(info?.deploymentVersion).toMatchObject({ deploymentName: 'certflow', buildId: build.buildId });
      expect(String(info?.behavior)).toMatch(/AUTO_UPGRADE|2/);

      const exited = new Promise((r) => worker.child.once('exit', r));
      worker.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
  );

  it('replays the checked-in histories against the built bundle', { timeout: 120_000 }, () => {
    const replay = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'test/replay/run.ts', '--bundle', 'dist/workflow-bundle.js'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(replay.status, replay.stdout + replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/(\d+) of \1 histories replayed/);
  });
});
