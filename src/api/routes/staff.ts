import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { recordAudit } from '../../db/tables/audit-log';
import {
  createApiToken,
  createSession,
  deleteSession,
  findStaffByEmail,
  listApiTokens,
  revokeApiToken,
  staffForSession,
  updatePasswordHash,
  type StaffUser,
} from '../../db/tables/staff';
import { csrfToken } from '../auth/csrf';
import {
  dummyPasswordHash,
  hashPassword,
  hashToken,
  needsRehash,
  newId,
  newSecretToken,
  verifyPassword,
} from '../auth/secrets';
import { currentStaff, requireStaff, staffCookie } from '../auth/staff';
import { signingKeysOf, type ApiDeps } from '../deps';
import { HttpError, notFound, unauthorized } from '../errors';
import { parseOr422 } from '../validation';
import { loginPage } from '../views/staff';

const credentials = z.object({
  email: z.email({ error: 'Enter your staff email address.' }),
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.'),
});

// Only same-site paths: an attacker's `next=https://evil` must not turn the login into an open redirect.
const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : '/staff';

async function checkCredentials(deps: ApiDeps, email: string, password: string): Promise<StaffUser | undefined> {
  const user = await findStaffByEmail(deps.db, email);
  // Verify against a dummy hash when the account is unknown so timing does not reveal which emails exist.
  const ok = await verifyPassword(password, user?.password_hash ?? dummyPasswordHash);
  if (!user || !ok || user.disabled_at) return undefined;
  // Raised cost: the password is at hand only now, so this is when an old hash is replaced.
  if (needsRehash(user.password_hash)) await updatePasswordHash(deps.db, user.id, await hashPassword(password));
  return user;
}

/** Failed sign-ins per account (known or not, so the answer reveals nothing), beside the per-address limit. */
const FAILED_SIGN_INS_PER_ACCOUNT = 5;
const ACCOUNT_LOCK_MINUTES = 15;
function perAccountThrottle() {
  return rateLimit({
    windowMs: ACCOUNT_LOCK_MINUTES * 60_000,
    limit: FAILED_SIGN_INS_PER_ACCOUNT,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const email = (req.body as Record<string, unknown> | undefined)?.email;
      return `account:${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
    },
    handler: (_req, _res, next) =>
      next(
        new HttpError(
          429,
          `Too many failed sign-ins for this account. Wait ${ACCOUNT_LOCK_MINUTES} minutes, or ask an administrator.`,
          { code: 'account-throttled' },
        ),
      ),
  });
}

export function staffRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const secure = deps.publicBaseUrl.startsWith('https:');

  // For scripts in a signed-in browser: state-changing calls with the session cookie send this as X-CSRF-Token.
  router.get('/api/staff/csrf-token', requireStaff, (req, res) => {
    res
      .set('cache-control', 'no-store')
      .json({ header: 'X-CSRF-Token', token: csrfToken(req, res, signingKeysOf(deps), secure) });
  });

  router.get('/staff/login', (req, res) => {
    res.type('html').send(
      loginPage({
        csrf: csrfToken(req, res, signingKeysOf(deps), secure),
        email: '',
        next: safeNext(req.query.next),
      }),
    );
  });

  const accountThrottle = perAccountThrottle();

  router.post('/staff/login', accountThrottle, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const user =
      typeof body.email === 'string' && typeof body.password === 'string'
        ? await checkCredentials(deps, body.email, body.password)
        : undefined;
    if (!user) {
      return res
        .status(401)
        .type('html')
        .send(
          loginPage({
            csrf: csrfToken(req, res, signingKeysOf(deps), secure),
            email: typeof body.email === 'string' ? body.email : '',
            next: safeNext(body.next),
            error: 'Email or password is not correct.',
          }),
        );
    }
    const token = newSecretToken('sess');
    const expiresAt = new Date(now().getTime() + deps.staffSessionTtlHours * 3_600_000);
    await createSession(deps.db, {
      tokenHash: hashToken(token),
      staffId: user.id,
      expiresAt: expiresAt.toISOString(),
      startedAt: now().toISOString(),
    });
    await recordAudit(deps.db, {
      actor: user.email,
      action: 'staff.login',
      subject: `staff:${user.id}`,
      before: { session: null },
      after: { session: 'started', expiresAt: expiresAt.toISOString() },
      requestId: String(req.id),
    });
    res.cookie(staffCookie, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
    res.redirect(303, safeNext(body.next));
  });

  router.post('/staff/logout', async (req, res) => {
    const cookie = req.cookies?.[staffCookie] as string | undefined;
    // Ended on the server: the cookie is worthless afterwards even if a copy of it survives.
    const user = cookie ? await staffForSession(deps.db, hashToken(cookie), now()) : undefined;
    if (cookie) await deleteSession(deps.db, hashToken(cookie));
    if (user)
      await recordAudit(deps.db, {
        actor: user.email,
        action: 'staff.logout',
        subject: `staff:${user.id}`,
        before: { session: 'active' },
        after: { session: 'ended' },
        requestId: String(req.id),
      });
    res.clearCookie(staffCookie, { path: '/' });
    res.redirect(303, '/staff/login');
  });

  /** Bearer tokens for the CLI and scripts: exchanged once for staff credentials, shown once, stored hashed. */
  router.post('/api/staff/tokens', accountThrottle, async (req, res) => {
    const body = parseOr422(
      credentials.extend({
        name: z.string().trim().min(1).max(100).default('cli'),
        days: z.coerce.number().int().min(1).max(365).default(90),
      }),
      req.body,
    );
    const user = await checkCredentials(deps, body.email, body.password);
    if (!user) throw unauthorized('Email or password is not correct.');
    const token = newSecretToken('cft');
    const id = newId('tok');
    const expiresAt = new Date(now().getTime() + body.days * 86_400_000).toISOString();
    await createApiToken(deps.db, { id, tokenHash: hashToken(token), staffId: user.id, name: body.name, expiresAt });
    await recordAudit(deps.db, {
      actor: user.email,
      action: 'staff.token.create',
      subject: `staff:${user.id}`,
      before: { token: null },
      after: { id, name: body.name, expiresAt },
      requestId: String(req.id),
    });
    res.status(201).json({ id, token, name: body.name, expiresAt });
  });

  // Your own tokens (an admin sees everyone's): ids and names, never the secrets.
  router.get('/api/staff/tokens', requireStaff, async (_req, res) => {
    const staff = currentStaff(res)!;
    res.json({ tokens: await listApiTokens(deps.db, staff.role === 'admin' ? 'everyone' : staff.id) });
  });

  // A lost laptop or a leaked script: the token stops working at once.
  router.delete('/api/staff/tokens/:id', requireStaff, async (req, res) => {
    const staff = currentStaff(res)!;
    const revoked = await revokeApiToken(
      deps.db,
      String(req.params.id),
      { staffId: staff.id, admin: staff.role === 'admin' },
      now(),
    );
    if (!revoked) throw notFound('There is no active API token with this id among yours.');
    await recordAudit(deps.db, {
      actor: staff.email,
      action: 'staff.token.revoke',
      subject: `staff-token:${revoked.id}`,
      before: { revokedAt: null },
      after: { revokedAt: revoked.revokedAt, name: revoked.name },
      requestId: String(req.id),
    });
    res.json(revoked);
  });

  router.get('/api/staff/me', requireStaff, (_req, res) => {
    const staff = currentStaff(res)!;
    res.json({ id: staff.id, email: staff.email, displayName: staff.displayName, role: staff.role });
  });

  return router;
}
