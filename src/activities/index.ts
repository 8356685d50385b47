import { accessLinkActivities } from './access-links';
import { applicationActivities } from './applications';
import { applicationNoticeActivities } from './application-notice';
import { attentionActivities } from './attention';
import { decisionAuditActivities } from './decision-audit';
import type { ActivityDeps } from './deps';
import { emailActivities } from './email';
import { feeLedgerActivities } from './fee-ledger';
import { goodStandingRefreshActivities } from './good-standing-refresh';
import { certificationActivities } from './certification';
import { lifecycleActivities } from './lifecycle';
import { staffEmailActivities } from './staff-email';
import { recertificationActivities } from './recertification';
import { resultsImportActivities } from './results-import';
import { integrationActivities } from './integrations';
import { testingWindowActivities } from './testing-window';
import { testingWindowFanOutActivities } from './testing-window-fanout';
import { countingMailer } from '../observability/email-metrics';

export type { ActivityDeps } from './deps';

/** All activities, built from their dependencies (docs/architecture.md, convention 3). */
export function createActivities(given: ActivityDeps) {
  // Every email activity's sends and failures are counted on the worker's metrics (docs/operations.md).
  const deps = { ...given, mailer: countingMailer(given.mailer) };
  return {
    ...applicationActivities(deps),
    ...accessLinkActivities(deps),
    ...applicationNoticeActivities(deps),
    ...emailActivities(deps),
    ...lifecycleActivities(deps),
    ...certificationActivities(deps),
    ...staffEmailActivities(deps),
    ...recertificationActivities(deps),
    ...goodStandingRefreshActivities(),
    ...integrationActivities(deps),
    ...testingWindowActivities(deps),
    ...testingWindowFanOutActivities(deps),
    ...resultsImportActivities(deps),
    ...attentionActivities(deps),
    ...feeLedgerActivities(deps),
    ...decisionAuditActivities(deps),
  };
}
