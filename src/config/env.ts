import { z } from 'zod';
import { mailDomainOf } from '../email/message-id';
import { signingKeys, type SigningKeys } from '../lib/signing-keys';
import { workerQueues, type WorkerQueue } from '../workflows/activity-queues/contract';

const port = z.coerce.number().int().min(1).max(65535);
const optionalUrl = z.string().trim().min(1).optional();
const count = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const queueList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((q) => q.trim())
      .filter(Boolean),
  )
  .refine(
    (qs) => qs.length > 0 && qs.every((q) => (workerQueues as readonly string[]).includes(q)),
    `must list some of ${workerQueues.join(', ')}, separated by commas`,
  )
  .refine((qs) => new Set(qs).size === qs.length, 'names a queue twice')
  .transform((qs) => qs as WorkerQueue[]);
const bool = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

/** Every setting the processes read, validated once at start (docs/architecture.md, convention 9). */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: port.default(3000),
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters (signs candidate links and CSRF tokens)').optional(),
  /** Keys of the emailed links and the CSRF tokens, id:base64 newest first (d1:derived = derived from APP_SECRET); unset → derived from APP_SECRET. */
  CANDIDATE_LINK_KEYS: z.string().min(1).optional(),
  CERTIFICANT_LINK_KEYS: z.string().min(1).optional(),
  CSRF_KEYS: z.string().min(1).optional(),
  /** accept: v1 links (no id, cannot be revoked) work until they expire; refuse: they answer "use Lost your link?". */
  LEGACY_LINKS: z.enum(['accept', 'refuse'], { error: 'must be accept or refuse' }).default('accept'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
    .optional(),
  PGLITE_DATA_DIR: z.string().default('.data/pglite'),
  TEMPORAL_ADDRESS: optionalUrl,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('certflow'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: z.url().optional(),
  /** Temporal UI's own address, run with the public path /temporal; the API serves it to signed-in staff at /temporal. */
  TEMPORAL_UI_UPSTREAM: z.url().optional(),
  TEMPORAL_DATA_DIR: z.string().default('.data/temporal'),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  TEMPORAL_TEST_SERVER_PATH: z.string().min(1).optional(),
  /** mTLS to the Temporal frontend: this client's certificate and key (PEM files), the CA that signed the server's. */
  TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS_CA: z.string().min(1).optional(),
  /** The name on the frontend's certificate, when it is not the host in TEMPORAL_ADDRESS. */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** Worker Deployment Versioning: the deployment every certflow worker belongs to, and this build's id in it. */
  TEMPORAL_DEPLOYMENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .default('certflow'),
  TEMPORAL_BUILD_ID: z
    .string()
    .regex(/^[A-Za-z0-9._+-]+$/, 'letters, digits and . _ + - only')
    .optional(),
  TEMPORAL_WORKER_VERSIONING: bool.default(true),
  /** true: a starting worker makes its build the deployment's current version (one build at a time). */
  TEMPORAL_PROMOTE_ON_START: bool.default(true),
  /** The worker's Prometheus endpoint (the Temporal SDK's runtime metrics and the email counters): :PORT/metrics. */
  WORKER_METRICS_PORT: port.default(9464),
  /** The worker's own probes: :PORT/healthz (the worker runs) and :PORT/readyz (it polls, the database and Temporal answer). */
  WORKER_HEALTH_PORT: port.default(9465),
  /** The task queues this process polls, one Worker each: main (workflows, quick activities), integrations, heavy. */
  WORKER_QUEUES: queueList.default([...workerQueues]),
  /** Workflow tasks the main queue's Worker runs at once (SDK default 40). */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: count(2, 1000).default(40),
  /** Activities the main queue's Worker runs at once: records and emails (SDK default 100). */
  WORKER_MAX_CONCURRENT_ACTIVITIES: count(1, 1000).default(100),
  /** Calls to the badge platform and the test vendor one Worker makes at once. */
  WORKER_INTEGRATIONS_MAX_CONCURRENT_ACTIVITIES: count(1, 1000).default(10),
  /** Calls to the badge platform and the test vendor per second, across every worker (the server enforces it). */
  WORKER_INTEGRATIONS_ACTIVITIES_PER_SECOND: z.coerce
    .number({ error: 'must be a number' })
    .positive('must be more than 0')
    .max(10_000, 'must be at most 10000')
    .default(10),
  /** Window analyses, equatings and release fan-outs one Worker runs at once: each reads a whole window. */
  WORKER_HEAVY_MAX_CONCURRENT_ACTIVITIES: count(1, 100).default(2),
  /** On SIGTERM, how long running activities may finish before they are cancelled (they retry elsewhere). */
  WORKER_SHUTDOWN_GRACE_SECONDS: count(0, 3600).default(30),
  /** The workflow bundle `npm run build` wrote; `npm run worker` requires it, `npm start` bundles the sources. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  // Its domain is the right-hand side of every Message-ID certflow sends.
  MAIL_FROM: z
    .string()
    .refine(
      (v) => mailDomainOf(v) !== undefined,
      'must be an address with a domain, e.g. "certflow <no-reply@example.org>"',
    )
    .default('certflow <no-reply@certflow.local>'),
  MAILBOX_SMTP_PORT: port.default(2525),
  MAILBOX_HTTP_PORT: port.default(8025),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  CANDIDATE_LINK_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(120),
  STAFF_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(8),
  /** A staff session unused for this long ends; the next request asks for the sign-in again. */
  STAFF_IDLE_MINUTES: z.coerce
    .number({ error: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(1)
    .max(1440)
    .default(30),
  /** Express "trust proxy": which hops' X-Forwarded-For to believe for the client address (rate limits, logs). */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(loopback|linklocal|uniquelocal|false|true|\d{1,2}|[0-9a-fA-F.:/, ]+)$/,
      'must be loopback, false, a hop count such as 1, or addresses/CIDRs separated by commas',
    )
    .default('loopback'),
  /** How long a request waits on a workflow Update: not taken by then → 503, taken but not finished → 202. */
  UPDATE_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(500, 'must be at least 500 (milliseconds)')
    .max(60_000, 'must be at most 60000 (milliseconds): a person is waiting on the answer')
    .default(5_000),
  /** Where staff alerts go, e.g. an eligibility decision that is overdue. */
  CODEC_KEYS: z.string().min(1).optional(),
  STAFF_ALERTS_EMAIL: z.email().default('staff-alerts@certflow.local'),
  /** Shared with the test vendor; unset disables POST /webhooks/vendor/appointments (503). */
  VENDOR_WEBHOOK_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (verifies the vendor webhook signatures)')
    .optional(),
  /** Credly API base (https://api.credly.com/v1); unset → `npm start` runs a local double, `npm run worker` issues no badges. */
  CREDLY_URL: z.url().optional(),
  CREDLY_ORG_ID: z.string().min(1).default('certflow-dev-org'),
  CREDLY_API_TOKEN: z.string().min(8).default('dev-credly-token'),
  CREDLY_TEMPLATE_CPCS: z.string().min(1).default('cpcs-badge-template'),
  CREDLY_TEMPLATE_CPMSM: z.string().min(1).default('cpmsm-badge-template'),
  /** true: a window without a loaded form gets a simulated one (demos, tests); false (default): staff load real forms. */
  FORMS_SIMULATED: bool.default(false),
  /** The policy file (fees, scores, calendar, reminders); unset → config/policy.yaml of the checkout or image. */
  POLICY_FILE: z.string().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

/** A setting that is missing or malformed: the message names the variable and what to fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings count as unset so `FOO= npm start` behaves like leaving FOO out.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const got = source[name];
    return `${name}: ${issue.message}${got === undefined ? '' : ` (got "${redact(name, got)}")`}`;
  });
  throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
}

function redact(name: string, value: string): string {
  return /SECRET|PASSWORD|TOKEN/.test(name) ? '…' : value;
}

/** The Temporal UI base URL staff links use: explicit, the API's /temporal, or a UI on this machine. */
export function temporalUiUrl(env: Env): string {
  if (env.TEMPORAL_UI_URL) return env.TEMPORAL_UI_URL;
  // Served by the API to signed-in staff when it knows where Temporal UI runs.
  return env.TEMPORAL_UI_UPSTREAM
    ? `${env.PUBLIC_BASE_URL.replace(/\/$/, '')}/temporal`
    : `http://localhost:${env.TEMPORAL_UI_PORT}`;
}

/** Production processes (worker, api) encrypt every Temporal payload; the keys must be given. */
export function requireCodecKeys(env: Env): string {
  if (!env.CODEC_KEYS)
    throw new ConfigError(
      'CODEC_KEYS: required (id:base64 of 32 random bytes, newest first; e.g. k1:$(openssl rand -base64 32))',
    );
  return env.CODEC_KEYS;
}

/** Production processes (worker, api) need a secret that survives restarts. */
export function requireSecret(env: Env): string {
  if (!env.APP_SECRET)
    throw new ConfigError('APP_SECRET: required (at least 32 characters; signs candidate links and CSRF tokens)');
  return env.APP_SECRET;
}

/** The per-purpose signing keys: the configured lists, else keys derived from APP_SECRET. */
export function signingKeysFromEnv(env: Env, appSecret: string): SigningKeys {
  try {
    return signingKeys(
      appSecret,
      { 'candidate-link': env.CANDIDATE_LINK_KEYS, 'certificant-link': env.CERTIFICANT_LINK_KEYS, csrf: env.CSRF_KEYS },
      { legacyLinks: env.LEGACY_LINKS === 'accept' },
    );
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}
