import { randomUUID } from 'node:crypto';
import cookieParser from 'cookie-parser';
import express, { type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { httpDurationHistogram, recordHttpDurations } from '../observability/http-metrics';
import { exchangeLinkToken } from './auth/link-cookie';
import { candidateLinkStaffRoutes } from './routes/candidate-links-staff';
import { csrfGuard, verifyCsrf } from './auth/csrf';
import { loadStaff } from './auth/staff';
import { signingKeysOf, type ApiDeps } from './deps';
import { withApiIdentity } from './temporal-identity';
import { recertificationOnBehalfRoutes } from './routes/recertification-on-behalf';
import { errorHandler } from './error-handler';
import { HttpError } from './errors';
import { openApiDocument } from './openapi';
// Registers every JSON endpoint with the schemas that validate it.
import './openapi-paths';
import { applicationRoutes } from './routes/applications';
import { applyRoutes } from './routes/apply';
import { attentionStaffRoutes } from './routes/attention-staff';
import { candidatePageRoutes } from './routes/candidate-pages';
import { resendLinkRoutes } from './routes/resend-links';
import { codecRoutes } from './routes/codec';
import { temporalUiPath, temporalUiProxy } from './routes/temporal-ui-proxy';
import { TemporalUiViews } from './temporal-ui-views';
import { formRoutes } from './routes/forms';
import { resultsImportRoutes } from './routes/results-import';
import { staffRoutes } from './routes/staff';
import { staffAccountRoutes } from './routes/staff-accounts';
import { staffConsoleRoutes } from './routes/staff-console';
import { lifecycleCandidateRoutes } from './routes/lifecycle-candidate';
import { lifecycleStaffRoutes } from './routes/lifecycle-staff';
import { operationsRoutes } from './routes/operations';
import { recertificationRoutes } from './routes/recertification';
import { recertificationStaffRoutes } from './routes/recertification-staff';
import { statisticsRoutes } from './routes/statistics';
import { vendorWebhookRoutes } from './routes/vendor-webhooks';
import { verifyRoutes } from './routes/verify';
import { windowRoutes } from './routes/windows';
import { updateAnswers } from './updates/answers';

/** Page forms that post files: each parses its multipart body and checks the form's `_csrf` field itself. */
const uploadRoutes = [
  /^\/apply$/,
  /^\/staff\/results-imports$/,
  /^\/staff\/forms$/,
  /^\/applications\/[^/]+\/accommodations$/,
  /^\/recertification\/[^/]+\/entries$/,
];
/** Signed by the vendor; the codec and Temporal UI (its own CSRF token, and a same-origin check in the proxy): not our forms. */
const csrfExempt = [/^\/webhooks\//, /^\/codec\/(encode|decode)$/, /^\/temporal(\/|$)/];

/** cookie-parser turns a `j:`-prefixed cookie into an object; we never set one, so a forged one is dropped, not read as a token. */
const onlyStringCookies: RequestHandler = (req, _res, next) => {
  for (const [name, value] of Object.entries(req.cookies as Record<string, unknown>))
    if (typeof value !== 'string') delete (req.cookies as Record<string, unknown>)[name];
  next();
};

/** TRUST_PROXY as Express takes it: a boolean, a hop count, or names and CIDRs. */
function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The HTTP API and pages; every dependency comes in through `deps`. */
export function createApp(given: ApiDeps): Express {
  const deps = withApiIdentity(given);
  const app = express();
  const now = deps.now ?? (() => new Date());
  const secureCookies = deps.publicBaseUrl.startsWith('https:');
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(deps.trustProxy ?? 'loopback'));
  // First, so the durations cover every middleware; one histogram per app, read by /metrics.
  const httpDurations = httpDurationHistogram();
  app.use(recordHttpDurations(httpDurations));

  app.use(
    pinoHttp({
      logger: deps.logger,
      // Every API log line carries the request id; a caller's own X-Request-Id is kept when sane.
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Candidate tokens travel in query strings: never write them to the log.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.replace(/token=[^&]+/, 'token=…'),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(
    helmet({ contentSecurityPolicy: { directives: { 'form-action': ["'self'"], 'frame-ancestors': ["'none'"] } } }),
  );
  // Probes and metrics never depend on a session, a CSRF token or a body.
  app.use(operationsRoutes(deps, httpDurations));
  app.use(cookieParser(), onlyStringCookies);
  // Before every router and body parser, so no content type and no route can skip it.
  app.use(
    csrfGuard({
      keys: signingKeysOf(deps),
      ownOrigins: [new URL(deps.publicBaseUrl).origin],
      uploadRoutes,
      exempt: csrfExempt,
    }),
  );
  // Temporal UI for signed-in staff, streamed before any body parser reads the request.
  const uiViews = new TemporalUiViews();
  if (deps.temporalUiUpstream)
    app.use(
      temporalUiPath,
      ...temporalUiProxy(deps.temporalUiUpstream, loadStaff(deps.db, now, deps.staffIdleMinutes), uiViews, now),
    );
  // Staff pages and answers hold people's data: never kept by a browser or a proxy cache.
  app.use(['/staff', '/api/staff'], (_req, res, next) => (res.set('cache-control', 'no-store'), next()));
  // Before the JSON parser: the vendor's HMAC covers the raw body.
  app.use(vendorWebhookRoutes(deps));
  // Results files (text/csv, multipart, signed webhook) are read and checked in their own router.
  app.use(resultsImportRoutes(deps));
  // Exam forms (a reference form carries its reference group's responses): their own body limit.
  app.use(formRoutes(deps));
  app.use(express.json({ limit: '100kb' }));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));

  const perMinute = deps.rateLimitPerMinute ?? 20;
  const publicLimit = rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(
        new HttpError(429, 'Too many attempts from your address. Wait a minute and try again.', {
          code: 'rate-limited',
        }),
      ),
  });
  app.post(['/apply', '/staff/login', '/api/staff/tokens'], publicLimit);

  app.use(verifyCsrf(signingKeysOf(deps)));
  app.use(loadStaff(deps.db, now, deps.staffIdleMinutes));

  // An emailed link's first GET: the token becomes a cookie scoped to its page, and the address loses it.
  app.use(
    exchangeLinkToken({ db: deps.db, keys: signingKeysOf(deps), now, secure: (req) => secureCookies || req.secure }),
  );
  app.get('/', (_req, res) => res.redirect(302, '/apply'));
  app.get('/openapi.json', (_req, res) => res.json(openApiDocument(deps.publicBaseUrl)));
  if (deps.codec)
    app.use(codecRoutes(deps.codec, new URL(deps.temporal.uiUrl).origin, { db: deps.db, now, views: uiViews }));
  app.use(applyRoutes(deps));
  app.use(applicationRoutes(deps));
  app.use(candidatePageRoutes(deps));
  app.use(resendLinkRoutes(deps));
  app.use(staffRoutes(deps));
  app.use(staffAccountRoutes(deps));
  app.use(candidateLinkStaffRoutes(deps));
  app.use(staffConsoleRoutes(deps));
  app.use(lifecycleStaffRoutes(deps));
  app.use(lifecycleCandidateRoutes(deps));
  app.use(verifyRoutes(deps));
  app.use(windowRoutes(deps));
  app.use(statisticsRoutes(deps));
  app.use(recertificationRoutes(deps));
  app.use(recertificationStaffRoutes(deps));
  app.use(recertificationOnBehalfRoutes(deps));
  app.use(attentionStaffRoutes(deps));

  app.use((_req, _res, next) => next(new HttpError(404, 'There is no page at this address.', { code: 'not-found' })));
  app.use(updateAnswers());
  app.use(errorHandler(deps.logger));
  return app;
}
