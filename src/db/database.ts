import type { Kysely } from 'kysely';
import type { ApplicationsTable } from './tables/applications';
import type { AuditLogTable } from './tables/audit-log';
import type { CandidatesTable } from './tables/candidates';
import type { CertificationsTable } from './tables/certifications';
import type { DocumentsTable } from './tables/documents';
import type { EmailLogTable } from './tables/email-log';
import type { StaffSessionsTable, StaffTokensTable, StaffUsersTable } from './tables/staff';

export interface Database {
  candidates: CandidatesTable;
  applications: ApplicationsTable;
  email_log: EmailLogTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  staff_tokens: StaffTokensTable;
  audit_log: AuditLogTable;
  documents: DocumentsTable;
  certifications: CertificationsTable;
}

export type Db = Kysely<Database>;
