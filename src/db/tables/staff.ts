import type { ColumnType, Selectable } from 'kysely';
import type { Db } from '../database';

/** A staff account's role: what it may do (src/api/auth/roles.ts), checked on every staff route. */
export type StaffRole = 'admin' | 'staff' | 'psychometrician';
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'staff', 'psychometrician'];

export interface StaffUsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: StaffRole;
  created_at: ColumnType<Date, never, never>;
  disabled_at: ColumnType<Date | null, never, string | null>;
}
export interface StaffSessionsTable {
  token_hash: string;
  staff_id: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: ColumnType<Date, string, string>;
  last_seen_at: ColumnType<Date, string | undefined, string>;
}
export interface StaffTokensTable {
  id: string;
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
  user: { id: string; email: string; displayName: string; passwordHash: string; role: StaffRole },
): Promise<boolean> {
  const result = await db
    .insertInto('staff_users')
    .values({
      id: user.id,
      email: user.email.trim().toLowerCase(),
      display_name: user.displayName,
      password_hash: user.passwordHash,
      role: user.role,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function createSession(
  db: Db,
  session: { tokenHash: string; staffId: string; expiresAt: string; startedAt: string },
): Promise<void> {
  await db
    .insertInto('staff_sessions')
    .values({
      token_hash: session.tokenHash,
      staff_id: session.staffId,
      expires_at: session.expiresAt,
      last_seen_at: session.startedAt,
    })
    .execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
}

// A write per request would be wasted: the last use is recorded at most once a minute.
const TOUCH_EVERY_MS = 60_000;

/**
 * The active staff member behind a session cookie, if the session has neither expired nor sat unused for longer
 * than `idleMinutes`; each use keeps it alive.
 */
export async function staffForSession(
  db: Db,
  tokenHash: string,
  now: Date,
  idleMinutes = 30,
): Promise<StaffUser | undefined> {
  const row = await db
    .selectFrom('staff_sessions')
    .innerJoin('staff_users', 'staff_users.id', 'staff_sessions.staff_id')
    .selectAll('staff_users')
    .select('staff_sessions.last_seen_at')
    .where('staff_sessions.token_hash', '=', tokenHash)
    .where('staff_sessions.expires_at', '>', now)
    .where('staff_sessions.last_seen_at', '>', new Date(now.getTime() - idleMinutes * 60_000))
    .where('staff_users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { last_seen_at: lastSeen, ...user } = row;
  if (now.getTime() - new Date(lastSeen).getTime() > TOUCH_EVERY_MS) {
    await db
      .updateTable('staff_sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return user;
}

export async function createApiToken(
  db: Db,
  token: { id: string; tokenHash: string; staffId: string; name: string; expiresAt: string | null },
): Promise<void> {
  await db
    .insertInto('staff_tokens')
    .values({
      id: token.id,
      token_hash: token.tokenHash,
      staff_id: token.staffId,
      name: token.name,
      expires_at: token.expiresAt,
    })
    .execute();
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export interface ApiTokenSummary {
  id: string;
  name: string;
  owner: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** A staff member's own tokens, or everyone's for an admin; never the secret or its hash. */
export async function listApiTokens(
  db: Db,
  staffId: string | 'everyone',
  tokenId?: string,
): Promise<ApiTokenSummary[]> {
  let q = db
    .selectFrom('staff_tokens')
    .innerJoin('staff_users', 'staff_users.id', 'staff_tokens.staff_id')
    .select([
      'staff_tokens.id',
      'staff_tokens.name',
      'staff_users.email as owner',
      'staff_tokens.created_at',
      'staff_tokens.expires_at',
      'staff_tokens.revoked_at',
    ])
    .orderBy('staff_tokens.created_at', 'desc');
  if (staffId !== 'everyone') q = q.where('staff_tokens.staff_id', '=', staffId);
  if (tokenId !== undefined) q = q.where('staff_tokens.id', '=', tokenId);
  return (await q.execute()).map((r) => ({
    id: r.id,
    name: r.name,
    owner: r.owner,
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at),
    revokedAt: iso(r.revoked_at),
  }));
}

/** Revokes a token (its owner's, or any for an admin); undefined when there is no such active token for this caller. */
export async function revokeApiToken(
  db: Db,
  id: string,
  by: { staffId: string; admin: boolean },
  now: Date,
): Promise<ApiTokenSummary | undefined> {
  let q = db
    .updateTable('staff_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null);
  if (!by.admin) q = q.where('staff_id', '=', by.staffId);
  const revoked = await q.returning('id').executeTakeFirst();
  return revoked ? (await listApiTokens(db, 'everyone', id))[0] : undefined;
}

/** A stronger hash for the same password (the cost was raised since it was stored). */
export async function updatePasswordHash(db: Db, staffId: string, passwordHash: string): Promise<void> {
  await db.updateTable('staff_users').set({ password_hash: passwordHash }).where('id', '=', staffId).execute();
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

export interface StaffAccountSummary {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  disabledAt: string | null;
}

const accountColumns = ['id', 'email', 'display_name', 'role', 'disabled_at'] as const;
type AccountRow = Pick<StaffUser, (typeof accountColumns)[number]>;
const accountOf = (r: AccountRow): StaffAccountSummary => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  disabledAt: iso(r.disabled_at),
});

export async function listStaffAccounts(db: Db): Promise<StaffAccountSummary[]> {
  return (await db.selectFrom('staff_users').select(accountColumns).orderBy('email').execute()).map(accountOf);
}

export async function findStaffAccount(db: Db, id: string): Promise<StaffAccountSummary | undefined> {
  const row = await db.selectFrom('staff_users').select(accountColumns).where('id', '=', id).executeTakeFirst();
  return row && accountOf(row);
}

/** A new role, or the account disabled (its sessions and tokens stop working at once); undefined if there is no such account. */
export async function changeStaffAccount(
  db: Db,
  id: string,
  change: { role?: StaffRole; disabledAt?: string | null },
): Promise<StaffAccountSummary | undefined> {
  const row = await db
    .updateTable('staff_users')
    .set({
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabledAt !== undefined ? { disabled_at: change.disabledAt } : {}),
    })
    .where('id', '=', id)
    .returning(accountColumns)
    .executeTakeFirst();
  return row && accountOf(row);
}
