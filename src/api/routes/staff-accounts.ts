import { Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../db/tables/audit-log';
import {
  changeStaffAccount,
  ensureStaffUser,
  findStaffAccount,
  findStaffByEmail,
  listStaffAccounts,
  STAFF_ROLES,
  type StaffRole,
} from '../../db/tables/staff';
import { requireRole } from '../auth/roles';
import { hashPassword, newId } from '../auth/secrets';
import { currentStaff } from '../auth/staff';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { parseOr422 } from '../validation';

const role = z.enum(STAFF_ROLES as [StaffRole, ...StaffRole[]], { error: `Choose a role: ${STAFF_ROLES.join(', ')}.` });
const newAccount = z.object({
  email: z.email({ error: 'Enter the staff member’s email address.' }),
  displayName: z.string().trim().min(1, 'Enter the name shown in the console and the audit log.').max(100),
  role,
  password: z.string().min(12, 'The first password must be at least 12 characters.').max(200),
});
const accountChange = z
  .object({ role: role.optional(), disabled: z.boolean().optional() })
  .refine((c) => c.role !== undefined || c.disabled !== undefined, 'Send a new "role", or "disabled": true or false.');

/** Admins manage staff accounts: create one with its role, change the role, disable or enable it. Every change is audited. */
export function staffAccountRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const adminOnly = requireRole('accounts');

  router.get('/api/staff/accounts', ...adminOnly, async (_req, res) => {
    res.json({ accounts: await listStaffAccounts(deps.db) });
  });

  router.post('/api/staff/accounts', ...adminOnly, async (req, res) => {
    const body = parseOr422(newAccount, req.body);
    const id = newId('s');
    const created = await ensureStaffUser(deps.db, {
      id,
      email: body.email,
      displayName: body.displayName,
      passwordHash: await hashPassword(body.password),
      role: body.role,
    });
    if (!created)
      throw new HttpError(409, 'A staff account with this email exists already: change its role instead.', {
        code: 'account-exists',
      });
    const account = (await findStaffByEmail(deps.db, body.email))!;
    const admin = currentStaff(res)!;
    await recordAudit(deps.db, {
      actor: admin.email,
      action: 'staff.account.create',
      subject: `staff:${account.id}`,
      before: { exists: false },
      after: { email: account.email, role: account.role },
      requestId: String(req.id),
    });
    res.status(201).json({
      id: account.id,
      email: account.email,
      displayName: account.display_name,
      role: account.role,
      disabledAt: null,
    });
  });

  router.patch('/api/staff/accounts/:id', ...adminOnly, async (req, res) => {
    const change = parseOr422(accountChange, req.body);
    const admin = currentStaff(res)!;
    const id = String(req.params.id);
    // Locking yourself out of account management would leave nobody to undo it.
    if (id === admin.id && (change.disabled || (change.role && change.role !== 'admin')))
      throw new HttpError(409, 'You cannot disable your own account or take away your own admin role.', {
        code: 'self-lockout',
      });
    const before = await findStaffAccount(deps.db, id);
    if (!before) throw notFound('There is no staff account with this id.');
    const after = await changeStaffAccount(deps.db, id, {
      role: change.role,
      ...(change.disabled !== undefined ? { disabledAt: change.disabled ? now().toISOString() : null } : {}),
    });
    await recordAudit(deps.db, {
      actor: admin.email,
      action: 'staff.account.change',
      subject: `staff:${id}`,
      before: { role: before.role, disabledAt: before.disabledAt },
      after: { role: after!.role, disabledAt: after!.disabledAt },
      requestId: String(req.id),
    });
    res.json(after);
  });

  return router;
}
