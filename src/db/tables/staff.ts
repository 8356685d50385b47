import type { ColumnType, Selectable } from 'kysely';
import type { Db } from '../database';

export interface StaffUsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: 'staff' | 'admin';
  created_at: ColumnType<Date, never, never>;
  disabled_at: ColumnType<Date | null, never, string | null>;
}
export interface StaffSessionsTable {
  token_hash: string;
  staff_id: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: ColumnType<Date, string, string>;
}
export interface StaffTokensTable {
  token_hash: string;
  staff_id: string;
  name: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: ColumnType<Date | null, string | null | undefined, string | null>;
  revoked_at: ColumnType<Date | null, never, string | null>;
}
export type StaffUser = Selectable<StaffUsersTable>;

export async function findStaffByEmail(db: Db, email: string): Promise<StaffUser | undefined> {
  return db.selectFrom('staff_users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

/** Creates the account unless one with this email exists; an existing password is never overwritten. */
export async function ensureStaffUser(
  db: Db,
  user: { id: string; email: string; displayName: string; passwordHash: string; role: 'staff' | 'admin' },
): Promise<boolean> {
  const result = await db
    .insertInto('staff_users')
    .values({ id: user.id, email: user.email.trim().toLowerCase(), display_name: user.displayName, password_hash: user.passwordHash, role: user.role })
    .onConflict((oc) => oc.column('email').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function createSession(db: Db, session: { tokenHash: string; staffId: string; expiresAt: string }): Promise<void> {
  await db.insertInto('staff_sessions').values({ token_hash: session.tokenHash, staff_id: session.staffId, expires_at: session.expiresAt }).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
}

/** The active staff member behind a session cookie, if the session has not expired. */
export async function staffForSession(db: Db, tokenHash: string, now: Date): Promise<StaffUser | undefined> {
  return db
    .selectFrom('staff_sessions')
    .innerJoin('staff_users', 'staff_users.id', 'staff_sessions.staff_id')
    .selectAll('staff_users')
    .where('staff_sessions.token_hash', '=', tokenHash)
    .where('staff_sessions.expires_at', '>', now)
    .where('staff_users.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function createApiToken(db: Db, token: { tokenHash: string; staffId: string; name: string; expiresAt: string | null }): Promise<void> {
  await db.insertInto('staff_tokens').values({ token_hash: token.tokenHash, staff_id: token.staffId, name: token.name, expires_at: token.expiresAt }).execute();
}

/** The active staff member behind a bearer token that is neither revoked nor expired. */
export async function staffForApiToken(db: Db, tokenHash: string, now: Date): Promise<StaffUser | undefined> {
  return db
    .selectFrom('staff_tokens')
    .innerJoin('staff_users', 'staff_users.id', 'staff_tokens.staff_id')
    .selectAll('staff_users')
    .where('staff_tokens.token_hash', '=', tokenHash)
    .where('staff_tokens.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('staff_tokens.expires_at', 'is', null), eb('staff_tokens.expires_at', '>', now)]))
    .where('staff_users.disabled_at', 'is', null)
    .executeTakeFirst();
}
