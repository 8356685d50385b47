import type { NextFunction, Request, Response } from 'express';
import type { StaffRole } from '../../db/tables/staff';
import { HttpError } from '../errors';
import { currentStaff, requireStaff } from './staff';

/**
 * What each kind of action needs. Cases: eligibility, accommodations, results, recertification reviews.
 * Psychometrics: key validation and equating approval. Accounts: staff accounts and everyone's API tokens.
 * Read: the console's pages and reports, open to every role. An admin may do everything, so a fresh install
 * with one admin account is usable.
 */
export const permissions = {
  read: ['admin', 'staff', 'psychometrician'],
  cases: ['admin', 'staff'],
  psychometrics: ['admin', 'psychometrician'],
  accounts: ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;
export type Permission = keyof typeof permissions;

export function may(role: StaffRole, permission: Permission): boolean {
  return (permissions[permission] as readonly StaffRole[]).includes(role);
}

/** Signed-in staff whose role allows `permission`; otherwise 401 (not signed in) or 403 naming the roles that may. */
export function requireRole(permission: Permission) {
  const check = (req: Request, res: Response, next: NextFunction) => {
    const staff = currentStaff(res)!;
    if (may(staff.role, permission)) return next();
    next(
      new HttpError(
        403,
        `Your role (${staff.role}) cannot do this: it needs the role ${permissions[permission].join(' or ')}.`,
        { code: 'forbidden-role' },
      ),
    );
  };
  return [requireStaff, check];
}
