import type { Migration } from 'kysely';
import * as initial from './2026-11-28T0000-initial';
import * as documentsAndCertifications from './2026-11-28T0010-documents-and-certifications';
import * as applicationLifecycle from './2026-11-28T0100-application-lifecycle';
import * as vendorAndBadges from './2026-11-28T0200-vendor-and-badges';
import * as testingWindows from './2026-11-28T0300-testing-windows';
import * as recertification from './2026-11-28T0400-recertification';
import * as emailClaimLease from './2026-12-04T0700-email-claim-lease';
import * as auditUpdateId from './2026-12-04T0710-audit-update-id';
import * as resultsImportSignals from './2026-12-04T0720-results-import-signals';
import * as needsAttention from './2026-12-04T0730-needs-attention';
import * as feeLedger from './2026-12-04T1010-fee-ledger';
import * as certificationHistory from './2026-12-04T1020-certification-history';
import * as applicationAttestations from './2026-12-04T1030-application-attestations';
import * as staffAccess from './2026-12-04T1050-staff-access';
import * as candidateLinks from './2026-12-04T1310-candidate-links';

/** Every migration, in order. Never edit one that has landed: add a new file (docs/architecture.md, convention 7). */
export const migrations: Record<string, Migration> = {
  '2026-11-28T0000-initial': initial,
  '2026-11-28T0010-documents-and-certifications': documentsAndCertifications,
  '2026-11-28T0100-application-lifecycle': applicationLifecycle,
  '2026-11-28T0200-vendor-and-badges': vendorAndBadges,
  '2026-11-28T0300-testing-windows': testingWindows,
  '2026-11-28T0400-recertification': recertification,
  '2026-12-04T0700-email-claim-lease': emailClaimLease,
  '2026-12-04T0710-audit-update-id': auditUpdateId,
  '2026-12-04T0720-results-import-signals': resultsImportSignals,
  '2026-12-04T0730-needs-attention': needsAttention,
  '2026-12-04T1010-fee-ledger': feeLedger,
  '2026-12-04T1020-certification-history': certificationHistory,
  '2026-12-04T1030-application-attestations': applicationAttestations,
  '2026-12-04T1050-staff-access': staffAccess,
  '2026-12-04T1310-candidate-links': candidateLinks,
};
