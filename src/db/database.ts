import type { Kysely } from 'kysely';
import type { ApplicationsTable } from './tables/applications';
import type { ApplicationAttestationsTable } from './tables/application-attestations';
import type { ApplicationAccommodationsTable } from './tables/application-accommodations';
import type { ApplicationDetailsTable } from './tables/application-details';
import type { ApplicationScoresTable } from './tables/application-scores';
import type { ApplicationTransfersTable } from './tables/application-transfers';
import type { AuditLogTable } from './tables/audit-log';
import type { CandidatesTable } from './tables/candidates';
import type { CandidateLinksTable } from './tables/candidate-links';
import type { CertificationsTable } from './tables/certifications';
import type { CeEntriesTable, GoodStandingReportsTable, RecertificationCyclesTable } from './tables/recertification';
import type { DocumentsTable } from './tables/documents';
import type { EmailLogTable } from './tables/email-log';
import type { FeeLedgerTable } from './tables/fee-ledger';
import type { NeedsAttentionTable } from './tables/needs-attention';
import type { StaffSessionsTable, StaffTokensTable, StaffUsersTable } from './tables/staff';
import type { ExamFormItemsTable, ExamFormsTable, ReferenceResponsesTable } from './tables/exam-forms';
import type { ExamResultsTable } from './tables/exam-results';
import type { ResultsImportsTable } from './tables/results-imports';
import type { ResultsImportSignalsTable } from './tables/results-import-signals';
import type { TestingWindowsTable, WindowNotificationsTable } from './tables/testing-windows';
import type { WindowStatisticsTable } from './tables/window-statistics';
import type {
  VendorSeatsTable,
  VendorSiteDatesTable,
  VendorSitesTable,
  VendorWebhookReceiptsTable,
} from './tables/vendor';

export interface Database {
  candidates: CandidatesTable;
  candidate_links: CandidateLinksTable;
  applications: ApplicationsTable;
  application_details: ApplicationDetailsTable;
  application_accommodations: ApplicationAccommodationsTable;
  application_attestations: ApplicationAttestationsTable;
  application_transfers: ApplicationTransfersTable;
  application_scores: ApplicationScoresTable;
  email_log: EmailLogTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  staff_tokens: StaffTokensTable;
  audit_log: AuditLogTable;
  documents: DocumentsTable;
  certifications: CertificationsTable;
  recertification_cycles: RecertificationCyclesTable;
  ce_entries: CeEntriesTable;
  good_standing_reports: GoodStandingReportsTable;
  vendor_sites: VendorSitesTable;
  vendor_site_dates: VendorSiteDatesTable;
  vendor_seats: VendorSeatsTable;
  vendor_webhook_receipts: VendorWebhookReceiptsTable;
  exam_forms: ExamFormsTable;
  exam_form_items: ExamFormItemsTable;
  reference_responses: ReferenceResponsesTable;
  results_imports: ResultsImportsTable;
  exam_results: ExamResultsTable;
  results_import_signals: ResultsImportSignalsTable;
  testing_windows: TestingWindowsTable;
  window_notifications: WindowNotificationsTable;
  window_statistics: WindowStatisticsTable;
  needs_attention: NeedsAttentionTable;
  fee_ledger: FeeLedgerTable;
}

export type Db = Kysely<Database>;
