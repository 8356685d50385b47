import type { ColumnType, Selectable } from 'kysely';
import type { Db } from '../database';

export type DocumentOwnerKind = 'application' | 'ce-entry' | 'certification';

export interface DocumentsTable {
  id: string;
  owner_kind: DocumentOwnerKind;
  owner_id: string;
  purpose: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  bytes: Uint8Array;
  created_at: ColumnType<Date, never, never>;
}
export type DocumentRow = Selectable<DocumentsTable>;
export type DocumentMeta = Omit<DocumentRow, 'bytes'>;

/** Stores a document already checked by content and size; idempotent on the id. True when this call stored it. */
export async function saveDocument(db: Db, doc: Omit<DocumentRow, 'created_at'>): Promise<boolean> {
  const result = await db
    .insertInto('documents')
    .values(doc)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findDocument(db: Db, id: string): Promise<DocumentRow | undefined> {
  return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Metadata only: listing never loads the bytes. */
export async function documentsOf(db: Db, ownerKind: DocumentOwnerKind, ownerId: string): Promise<DocumentMeta[]> {
  return db
    .selectFrom('documents')
    .select(['id', 'owner_kind', 'owner_id', 'purpose', 'filename', 'content_type', 'size_bytes', 'sha256'])
    .where('owner_kind', '=', ownerKind)
    .where('owner_id', '=', ownerId)
    .orderBy('created_at')
    .execute() as Promise<DocumentMeta[]>;
}
