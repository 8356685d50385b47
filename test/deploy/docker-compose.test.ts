import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from '../../src/config/env';

// No Docker engine runs here: the file is checked for shape, wiring and agreement with the config module.
const text = readFileSync('docker-compose.yml', 'utf8');
type Service = {
  image?: string;
  build?: { context: string; args: Record<string, string> };
  init?: boolean;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
  healthcheck?: { test: string[] };
  ports?: string[];
  networks?: string[];
};
const compose = parse(text, { merge: true }) as {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean }>;
};
const services = Object.entries(compose.services);

describe('docker-compose.yml: the production topology', () => {
  it('has every service the app needs, and no mail catcher', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'migrate',
      'postgres',
      'temporal',
      'temporal-namespace',
      'temporal-schema',
      'temporal-ui',
      'worker',
    ]);
    for (const [, service] of services) expect(service.image ?? '').not.toMatch(/mailpit|mailhog|maildev|smtp4dev/);
  });

  it('pins every image to an exact version and uses no development-only image', () => {
    for (const [name, service] of services.filter(([, s]) => s.image)) {
      expect(service.image, name).toMatch(/^[\w./-]+:\d+(\.\d+)+[\w.-]*$|@sha256:[0-9a-f]{64}$/);
      expect(service.image, name).not.toMatch(/auto-setup|:latest/);
    }
  });

  it('publishes only the API; PostgreSQL, the Temporal frontend and Temporal UI are on an internal network only', () => {
    expect(services.filter(([, s]) => s.ports).map(([n]) => n)).toEqual(['api']);
    expect(compose.networks.backend).toEqual({ internal: true });
    for (const name of ['postgres', 'temporal', 'temporal-ui', 'temporal-schema', 'temporal-namespace'])
      expect(compose.services[name]!.networks, name).toEqual(['backend']);
    for (const name of ['api', 'worker']) expect(compose.services[name]!.networks, name).toEqual(['backend', 'egress']);
  });

  it('has no default password or secret: each comes from a variable that must be set', () => {
    expect(text).not.toMatch(/\$\{[A-Z_]*(PASSWORD|SECRET|KEYS?|TOKEN|PWD)[A-Z_]*:-/);
    for (const [name, service] of services) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|SECRET|_KEYS|TOKEN|PWD/.test(key))
          expect(value, `${name}: ${key}`).toMatch(/^\$\{[A-Z_]+(:\?[^}]+)?\}$/);
      }
      if (service.environment?.DATABASE_URL)
        expect(service.environment.DATABASE_URL).toMatch(
          /^postgres:\/\/certflow:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/certflow$/,
        );
    }
  });

  it('runs Temporal on the Postgres service after its schema job; Temporal UI is served by the API at /temporal', () => {
    const temporal = compose.services.temporal!;
    expect(temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(temporal.depends_on).toHaveProperty('temporal-schema');
    const ui = compose.services['temporal-ui']!.environment!;
    expect(ui).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_UI_PUBLIC_PATH: '/temporal',
      TEMPORAL_CODEC_ENDPOINT: '${PUBLIC_BASE_URL}/codec',
    });
    expect(compose.services.api!.environment!.TEMPORAL_UI_UPSTREAM).toBe('http://temporal-ui:8080');
  });

  it('builds worker, api and migrate from the Dockerfile and wires them by the variables the config module reads', () => {
    for (const name of ['worker', 'api', 'migrate']) {
      const service = compose.services[name]!;
      expect(service.build).toMatchObject({ context: '.', args: { BUILD_ID: expect.stringContaining('BUILD_ID') } });
      // An init process at PID 1 forwards SIGTERM to node and reaps children.
      expect(service.init).toBe(true);
      const env = service.environment!;
      for (const key of Object.keys(env))
        expect(envSchema.shape, `${name}: ${key} is not a setting`).toHaveProperty(key);
      expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.SMTP_URL).toMatch(/^\$\{SMTP_URL:\?/);
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
    expect(compose.services.worker!.healthcheck!.test.join(' ')).toContain(
      `http://localhost:${defaults.WORKER_HEALTH_PORT}/readyz`,
    );
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
    for (const devOnly of ['@temporalio/testing', 'tsx', 'vitest', 'smtp-server'])
      expect(pkg.dependencies).not.toHaveProperty(devOnly);
  });
});
