// The worker's workflow bundle: workflows only (docs/architecture.md, "Where state lives").
export { examApplicationWorkflow } from './exam-application/workflow';
export { recertificationWorkflow } from './recertification/workflow';
export { goodStandingReportWorkflow } from './recertification/good-standing';
export { testingWindowWorkflow } from './testing-window/workflow';
export { yearlyWindowsWorkflow } from './testing-window/yearly';
export { accessLinksWorkflow } from './access-links/workflow';
export { resultsImportWorkflow } from './results-import/workflow';
export { applicationNoticeWorkflow } from './application-notice/workflow';
