import type { Migration } from 'kysely';
import * as initial from './2026-11-28T0000-initial';
import * as documentsAndCertifications from './2026-11-28T0010-documents-and-certifications';

/** Every migration, in order. Never edit one that has landed: add a new file (DESIGN.md convention 7). */
export const migrations: Record<string, Migration> = {
  '2026-11-28T0000-initial': initial,
  '2026-11-28T0010-documents-and-certifications': documentsAndCertifications,
};
