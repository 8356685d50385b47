import { Router } from 'express';
import { z } from 'zod';
import { listRecentApplications } from '../../db/tables/applications';
import { recordAudit } from '../../db/tables/audit-log';
import { createApiToken, createSession, deleteSession, findStaffByEmail, type StaffUser } from '../../db/tables/staff';
import { csrfToken } from '../auth/csrf';
import { hashToken, newSecretToken, verifyPassword } from '../auth/secrets';
import { currentStaff, requireStaff, staffCookie } from '../auth/staff';
import type { ApiDeps } from '../deps';
import { unauthorized } from '../errors';
import { parseOr422 } from '../validation';
import { loginPage, staffHomePage } from '../views/staff';

const credentials = z.object({
  email: z.email({ error: 'Enter your staff email address.' }),
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.'),
});

// Only same-site paths: an attacker's `next=https://evil` must not turn the login into an open redirect.
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : '/staff');

async function checkCredentials(deps: ApiDeps, email: string, password: string): Promise<StaffUser | undefined> {
  const user = await findStaffByEmail(deps.db, email);
  // Verify against a dummy hash when the account is unknown so timing does not reveal which emails exist.
  const ok = await verifyPassword(password, user?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  return user && ok && !user.disabled_at ? user : undefined;
}

export function staffRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const secure = deps.publicBaseUrl.startsWith('https:');
  const workflowUrl = (id: string) => `${deps.temporal.uiUrl}/namespaces/${encodeURIComponent(deps.temporal.namespace)}/workflows/${encodeURIComponent(id)}`;

  router.get('/staff/login', (req, res) => {
    res.type('html').send(loginPage({ csrf: csrfToken(req, res, deps.secret, secure), email: '', next: safeNext(req.query.next) }));
  });

  router.post('/staff/login', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const user = typeof body.email === 'string' && typeof body.password === 'string' ? await checkCredentials(deps, body.email, body.password) : undefined;
    if (!user) {
      return res.status(401).type('html').send(
        loginPage({ csrf: csrfToken(req, res, deps.secret, secure), email: typeof body.email === 'string' ? body.email : '', next: safeNext(body.next), error: 'Email or password is not correct.' }),
      );
    }
    const token = newSecretToken('sess');
    const expiresAt = new Date(now().getTime() + deps.staffSessionTtlHours * 3_600_000);
    await createSession(deps.db, { tokenHash: hashToken(token), staffId: user.id, expiresAt: expiresAt.toISOString() });
    await recordAudit(deps.db, { actor: user.email, action: 'staff.login', subject: `staff:${user.id}`, requestId: String(req.id) });
    res.cookie(staffCookie, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
    res.redirect(303, safeNext(body.next));
  });

  router.post('/staff/logout', async (req, res) => {
    const cookie = req.cookies?.[staffCookie] as string | undefined;
    if (cookie) await deleteSession(deps.db, hashToken(cookie));
    res.clearCookie(staffCookie, { path: '/' });
    res.redirect(303, '/staff/login');
  });

  router.get('/staff', requireStaff, async (req, res) => {
    const staff = currentStaff(res)!;
    res.type('html').send(
      staffHomePage({ staffName: staff.displayName, csrf: csrfToken(req, res, deps.secret, secure), applications: await listRecentApplications(deps.db), workflowUrl }),
    );
  });

  /** Bearer tokens for the CLI and scripts: exchanged once for staff credentials, shown once, stored hashed. */
  router.post('/api/staff/tokens', async (req, res) => {
    const body = parseOr422(credentials.extend({ name: z.string().trim().min(1).max(100).default('cli'), days: z.coerce.number().int().min(1).max(365).default(90) }), req.body);
    const user = await checkCredentials(deps, body.email, body.password);
    if (!user) throw unauthorized('Email or password is not correct.');
    const token = newSecretToken('cft');
    const expiresAt = new Date(now().getTime() + body.days * 86_400_000).toISOString();
    await createApiToken(deps.db, { tokenHash: hashToken(token), staffId: user.id, name: body.name, expiresAt });
    await recordAudit(deps.db, { actor: user.email, action: 'staff.token.create', subject: `staff:${user.id}`, after: { name: body.name, expiresAt }, requestId: String(req.id) });
    res.status(201).json({ token, name: body.name, expiresAt });
  });

  router.get('/api/staff/me', requireStaff, (_req, res) => {
    const staff = currentStaff(res)!;
    res.json({ id: staff.id, email: staff.email, displayName: staff.displayName, role: staff.role });
  });

  return router;
}
