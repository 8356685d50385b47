import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/database';
import { staffForApiToken, staffForSession, type StaffRole, type StaffUser } from '../../db/tables/staff';
import { unauthorized } from '../errors';
import { hashToken } from './secrets';

export const staffCookie = 'certflow_staff';

export interface StaffIdentity {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  via: 'session' | 'token';
}

function identity(user: StaffUser, via: StaffIdentity['via']): StaffIdentity {
  return { id: user.id, email: user.email, displayName: user.display_name, role: user.role, via };
}

/** Reads the staff session cookie or a bearer token; sets res.locals.staff when either is valid. */
export function loadStaff(db: Db, now: () => Date, idleMinutes?: number) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const bearer = /^Bearer (\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
      const cookie = req.cookies?.[staffCookie] as string | undefined;
      if (bearer) {
        const user = await staffForApiToken(db, hashToken(bearer), now());
        if (!user) return next(unauthorized('This API token is not valid: it is unknown, revoked or expired.'));
        res.locals.staff = identity(user, 'token');
      } else if (cookie) {
        const user = await staffForSession(db, hashToken(cookie), now(), idleMinutes);
        if (user) res.locals.staff = identity(user, 'session');
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function currentStaff(res: Response): StaffIdentity | undefined {
  return res.locals.staff as StaffIdentity | undefined;
}

/** Staff only: pages redirect to the login, API callers get 401. */
export function requireStaff(req: Request, res: Response, next: NextFunction) {
  if (currentStaff(res)) return next();
  if (req.accepts(['json', 'html']) === 'html' && req.method === 'GET') {
    return res.redirect(303, `/staff/login?next=${encodeURIComponent(req.originalUrl)}`);
  }
  next(
    unauthorized('Staff sign-in required: log in at /staff/login or send an API token as "Authorization: Bearer …".'),
  );
}
