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

interface ProdService {
  image?: string;
  build?: unknown;
  ports?: string[];
  networks?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, unknown> | string[];
  command?: string[];
}
// Parsed without interpolation, as written: `${VAR:?message}` stays visible, so a default password would show.
const prodText = readFileSync('docker-compose.prod.yml', 'utf8');
const prod = parse(prodText, { merge: true }) as { networks: Record<string, { internal?: boolean }>; services: Record<string, ProdService> };
const prodServices = Object.entries(prod.services);
/** Read by the API's /temporal reverse proxy (its upstream); not yet a setting of this branch's config module. */
const proxySettings = ['TEMPORAL_UI_UPSTREAM'];

describe('docker-compose.prod.yml (production)', () => {
  it('publishes only the API; Temporal, its UI and PostgreSQL are on the internal network alone', () => {
    expect(prod.networks.backend).toEqual({ internal: true });
    expect(prodServices.filter(([, s]) => s.ports).map(([name]) => name)).toEqual(['api']);
    for (const name of ['postgres', 'temporal', 'temporal-ui', 'temporal-schema', 'temporal-namespace', 'migrate']) expect(prod.services[name]!.networks, name).toEqual(['backend']);
    // The worker and the API reach Temporal on the internal network; the edge network is their way out.
    expect(prod.services.worker!.networks).toEqual(['backend', 'edge']);
    expect(prod.services.api!.networks).toEqual(['backend', 'edge']);
    expect(prod.networks.edge?.internal).toBeFalsy();
  });

  it('serves the UI only through the API at /temporal', () => {
    const ui = prod.services['temporal-ui']!;
    expect(ui.environment!.TEMPORAL_UI_PUBLIC_PATH).toBe('/temporal');
    expect(prod.services.api!.environment!.TEMPORAL_UI_UPSTREAM).toBe('http://temporal-ui:8080');
    expect(prod.services.api!.environment!.TEMPORAL_UI_URL).toMatch(/\$\{PUBLIC_BASE_URL:\?[^}]*\}\/temporal$/);
  });

  it('has no mail catcher, no development-only image, and pins every image to an exact version', () => {
    expect(Object.keys(prod.services)).not.toContain('mailpit');
    for (const [name, service] of prodServices) expect(service.image ?? '', name).not.toMatch(/mailpit|mailhog|auto-setup/);
    for (const [name, service] of prodServices) {
      if (service.build) continue;
      expect(service.image, name).toMatch(/^[\w./-]+:(\d+\.\d+(\.\d+)?|[\w.-]*\d+\.\d+\.\d+[\w.-]*)(@sha256:[0-9a-f]{64})?$/);
      expect(service.image, name).not.toMatch(/:latest$/);
    }
    expect(prod.services.temporal!.image).toMatch(/^temporalio\/server:/);
    expect(prod.services['temporal-schema']!.image).toMatch(/^temporalio\/admin-tools:/);
    for (const [, service] of prodServices) expect(service.environment?.SMTP_URL ?? 'smtps://relay').not.toMatch(/mailpit|localhost|:1025/);
  });

  it('takes every password, secret and key from a required variable, never a default', () => {
    const secretKeys = /PASSWORD|PWD|SECRET|CODEC_KEYS|DATABASE_URL|SMTP_URL/;
    for (const [name, service] of prodServices) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!secretKeys.test(key)) continue;
        expect(value, `${name}: ${key}`).toMatch(/\$\{[A-Z_]+:\?[^}]+\}/);
        expect(value, `${name}: ${key}`).not.toMatch(/\$\{[A-Z_]+:?-/);
      }
    }
    expect(prodText).not.toMatch(/:certflow@|POSTGRES_PASSWORD: certflow/);
  });

  it('runs the frontend with mutual TLS and gives the worker, the API and the UI the client certificate the config module reads', () => {
    const temporal = prod.services.temporal!.environment!;
    expect(temporal).toMatchObject({ TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: 'true', TEMPORAL_TLS_CLIENT1_CA_CERT: '/certs/ca.pem', TEMPORAL_TLS_FRONTEND_CERT: '/certs/server.pem' });
    for (const name of ['worker', 'api']) {
      const service = prod.services[name]!;
      const env = service.environment!;
      for (const key of Object.keys(env)) if (!proxySettings.includes(key)) expect(envSchema.shape, `${name}: ${key} is not a setting`).toHaveProperty(key);
      expect(env).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_TLS_CERT: '/certs/client.pem', TEMPORAL_TLS_KEY: '/certs/client.key', TEMPORAL_TLS_CA: '/certs/ca.pem', TEMPORAL_TLS_SERVER_NAME: 'temporal', NODE_ENV: 'production' });
      expect(service.volumes![0]).toMatch(/:\/certs:ro$/);
    }
    expect(prod.services['temporal-ui']!.environment).toMatchObject({ TEMPORAL_TLS_CERT: '/certs/client.pem', TEMPORAL_TLS_SERVER_NAME: 'temporal' });
  });

  it('sets up the Temporal schema and namespace with jobs before the worker and the API start', () => {
    expect(prod.services['temporal-schema']!.environment).toMatchObject({ SQL_PLUGIN: 'postgres12', SQL_HOST: 'postgres' });
    expect(prod.services.temporal!.depends_on).toHaveProperty('temporal-schema.condition', 'service_completed_successfully');
    for (const name of ['worker', 'api']) expect(prod.services[name]!.depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' }, 'temporal-namespace': { condition: 'service_completed_successfully' } });
  });
});
