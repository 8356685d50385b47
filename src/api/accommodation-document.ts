import { createHash } from 'node:crypto';
import type { Db } from '../db/database';
import { saveDocument } from '../db/tables/documents';
import type { ReceivedUpload } from '../uploads/receive-upload';

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Stores checked accommodation documentation of an application under a given id; true when this call stored it. */
export function saveAccommodationDocument(
  db: Db,
  id: string,
  applicationId: string,
  upload: ReceivedUpload,
): Promise<boolean> {
  return saveDocument(db, {
    id,
    owner_kind: 'application',
    owner_id: applicationId,
    purpose: 'accommodation-documentation',
    filename: `accommodation-documentation.${upload.kind === 'jpeg' ? 'jpg' : upload.kind}`,
    content_type: upload.contentType,
    size_bytes: upload.sizeBytes,
    sha256: sha256Of(upload.bytes),
    bytes: upload.bytes,
  });
}
