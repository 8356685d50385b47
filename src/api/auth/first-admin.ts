import type { Db } from '../../db/database';
import { ensureStaffUser } from '../../db/tables/staff';
import { hashPassword, newId } from './secrets';

/** Creates the first admin from configuration when that account does not exist; never resets a password. */
export async function ensureFirstAdmin(db: Db, email: string, password: string): Promise<boolean> {
  return ensureStaffUser(db, {
    id: newId('s'),
    email,
    displayName: 'Administrator',
    passwordHash: await hashPassword(password),
    role: 'admin',
  });
}
