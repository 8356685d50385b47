import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from '../../src/config/env';

// No Docker engine runs here: the file is checked for shape, wiring and agreement with the config module.
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: { context: string; args: Record<string, string> }; init?: boolean; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, unknown>; healthcheck?: { test: string[] } }>;
};

describe('docker-compose.yml', () => {
  it('has every service the app needs', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mailpit', 'migrate', 'postgres', 'temporal', 'temporal-ui', 'worker']);
  });

  it('runs Temporal on the Postgres service, with the UI pointed at it', () => {
    const temporal = compose.services.temporal!;
    expect(temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(temporal.depends_on).toHaveProperty('postgres');
    expect(compose.services['temporal-ui']!.environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(compose.services['temporal-ui']!.environment!.TEMPORAL_CODEC_ENDPOINT).toBe('http://localhost:3000/codec');
  });

  it('builds worker, api and migrate from the Dockerfile and wires them by the variables the config module reads', () => {
    for (const name of ['worker', 'api', 'migrate']) {
      const service = compose.services[name]!;
      expect(service.build).toMatchObject({ context: '.', args: { BUILD_ID: expect.stringContaining('BUILD_ID') } });
      // An init process at PID 1 forwards SIGTERM to node and reaps children.
      expect(service.init).toBe(true);
      const env = service.environment!;
      for (const key of Object.keys(env)) expect(envSchema.shape, `${name}: ${key} is not a setting`).toHaveProperty(key);
      expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.SMTP_URL).toBe('smtp://mailpit:1025');
      expect(env.CODEC_KEYS).toMatch(/CODEC_KEYS/);
    }
    expect(compose.services.worker!.command).toEqual(['node', 'dist/main-worker.js']);
    expect(compose.services.api!.command).toEqual(['node', 'dist/main-api.js']);
    expect(compose.services.migrate!.command).toEqual(['node', 'dist/main-migrate.js']);
    expect(compose.services.worker!.depends_on).toHaveProperty('migrate');
  });

  it('checks the API and the worker through their readiness probes, on the ports the config module defaults to', () => {
    const defaults = envSchema.parse({});
    expect(compose.services.api!.healthcheck!.test.join(' ')).toContain(`http://localhost:${defaults.PORT}/readyz`);
    expect(compose.services.worker!.healthcheck!.test.join(' ')).toContain(`http://localhost:${defaults.WORKER_HEALTH_PORT}/readyz`);
  });

  it('the Dockerfile builds once, refuses a bundle that fails replay, and runs node on the build output with production dependencies only', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const [build, run] = dockerfile.split(/^FROM /m).slice(1);
    expect(build).toMatch(/^node:20\S* AS build/);
    expect(build).toContain('scripts/build.ts');
    expect(build).toContain('test/replay/run.ts --bundle dist/workflow-bundle.js');
    expect(run).toMatch(/^node:20/);
    expect(run).toContain('npm ci --omit=dev');
    expect(run).toContain('COPY --from=build /app/dist ./dist');
    expect(run).not.toMatch(/COPY src|tsx/);
    expect(run).toMatch(/CMD \["node", "dist\/main-api\.js"\]/);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    for (const devOnly of ['@temporalio/testing', 'tsx', 'vitest', 'smtp-server']) expect(pkg.dependencies).not.toHaveProperty(devOnly);
  });
});
