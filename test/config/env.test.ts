import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env';

describe('configuration', () => {
  it('runs on defaults with nothing set', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'certflow',
      CANDIDATE_LINK_TTL_DAYS: 120,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('a bad value is refused with a message that names the variable and what to fix', () => {
    expect(() => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT: .*\n.*DATABASE_URL: must be a postgres:\/\/ connection string/s,
    );
    expect(() => parseEnv({ APP_SECRET: 'short' })).toThrow(/APP_SECRET: must be at least 32 characters/);
    // The sender's domain makes every Message-ID: an address without one is refused.
    expect(() => parseEnv({ MAIL_FROM: 'certflow' })).toThrow(/MAIL_FROM: must be an address with a domain/);
    expect(parseEnv({ MAIL_FROM: 'Certflow <no-reply@Mail.Example.org>' }).MAIL_FROM).toBe(
      'Certflow <no-reply@Mail.Example.org>',
    );
  });

  it('the Update deadline is a few seconds by default; a value a person could not wait for is refused', () => {
    expect(parseEnv({}).UPDATE_TIMEOUT_MS).toBe(5000);
    expect(parseEnv({ UPDATE_TIMEOUT_MS: '2500' }).UPDATE_TIMEOUT_MS).toBe(2500);
    expect(() => parseEnv({ UPDATE_TIMEOUT_MS: 'soon' })).toThrow(
      /UPDATE_TIMEOUT_MS: must be a whole number of milliseconds \(got "soon"\)/,
    );
    expect(() => parseEnv({ UPDATE_TIMEOUT_MS: '100' })).toThrow(/UPDATE_TIMEOUT_MS: must be at least 500/);
    expect(() => parseEnv({ UPDATE_TIMEOUT_MS: '600000' })).toThrow(/UPDATE_TIMEOUT_MS: must be at most 60000/);
  });

  it('the worker serves its metrics and its probes on ports of their own, 9464 and 9465 unless set', () => {
    expect(parseEnv({})).toMatchObject({ WORKER_METRICS_PORT: 9464, WORKER_HEALTH_PORT: 9465 });
    expect(parseEnv({ WORKER_METRICS_PORT: '19464' }).WORKER_METRICS_PORT).toBe(19464);
    expect(() => parseEnv({ WORKER_METRICS_PORT: '70000' })).toThrow(/WORKER_METRICS_PORT: .*\(got "70000"\)/);
    expect(() => parseEnv({ WORKER_HEALTH_PORT: 'metrics' })).toThrow(/WORKER_HEALTH_PORT: /);
  });

  it('the worker polls every queue with bounded concurrency by default; WORKER_QUEUES picks some, a bad limit is named', () => {
    expect(parseEnv({})).toMatchObject({
      WORKER_QUEUES: ['main', 'integrations', 'heavy'],
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 40,
      WORKER_MAX_CONCURRENT_ACTIVITIES: 100,
      WORKER_INTEGRATIONS_MAX_CONCURRENT_ACTIVITIES: 10,
      WORKER_INTEGRATIONS_ACTIVITIES_PER_SECOND: 10,
      WORKER_HEAVY_MAX_CONCURRENT_ACTIVITIES: 2,
      WORKER_SHUTDOWN_GRACE_SECONDS: 30,
    });
    expect(parseEnv({ WORKER_QUEUES: ' heavy ' }).WORKER_QUEUES).toEqual(['heavy']);
    expect(parseEnv({ WORKER_QUEUES: 'main,integrations' }).WORKER_QUEUES).toEqual(['main', 'integrations']);
    expect(
      parseEnv({ WORKER_INTEGRATIONS_ACTIVITIES_PER_SECOND: '0.5' }).WORKER_INTEGRATIONS_ACTIVITIES_PER_SECOND,
    ).toBe(0.5);
    expect(() => parseEnv({ WORKER_QUEUES: 'main,reports' })).toThrow(
      /WORKER_QUEUES: must list some of main, integrations, heavy, separated by commas \(got "main,reports"\)/,
    );
    expect(() => parseEnv({ WORKER_QUEUES: 'heavy,heavy' })).toThrow(/WORKER_QUEUES: names a queue twice/);
    expect(() => parseEnv({ WORKER_QUEUES: ',' })).toThrow(/WORKER_QUEUES: must list some of/);
    expect(() => parseEnv({ WORKER_MAX_CONCURRENT_ACTIVITIES: 'many' })).toThrow(
      /WORKER_MAX_CONCURRENT_ACTIVITIES: must be a whole number \(got "many"\)/,
    );
    expect(() => parseEnv({ WORKER_HEAVY_MAX_CONCURRENT_ACTIVITIES: '0' })).toThrow(
      /WORKER_HEAVY_MAX_CONCURRENT_ACTIVITIES: must be at least 1/,
    );
    expect(() => parseEnv({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(
      /WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: must be at least 2/,
    );
    expect(() => parseEnv({ WORKER_INTEGRATIONS_ACTIVITIES_PER_SECOND: '0' })).toThrow(
      /WORKER_INTEGRATIONS_ACTIVITIES_PER_SECOND: must be more than 0/,
    );
    expect(() => parseEnv({ WORKER_SHUTDOWN_GRACE_SECONDS: '2.5' })).toThrow(
      /WORKER_SHUTDOWN_GRACE_SECONDS: must be a whole number/,
    );
  });

  it('never echoes a secret in the error', () => {
    expect(() => parseEnv({ ADMIN_PASSWORD: 'tiny' })).toThrow(
      /ADMIN_PASSWORD: must be at least 12 characters \(got "…"\)/,
    );
  });

  it('a process started with a bad value stops with exit code 2 and names the variable', () => {
    const result = spawnSync('npx', ['tsx', 'src/main-migrate.ts'], {
      env: { ...process.env, DATABASE_URL: 'nonsense' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL: must be a postgres:// connection string');
  });

  it('the production API refuses to start without a database URL, saying which variable is missing', () => {
    const env = { ...process.env, DATABASE_URL: '', APP_SECRET: 'x'.repeat(32) };
    const result = spawnSync('npx', ['tsx', 'src/main-api.ts'], { env, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^DATABASE_URL: required for `npm run api`/m);
  });
});
