// The worker's workflow bundle: workflows only (DESIGN.md, Architecture).
export { examApplicationWorkflow } from './exam-application/workflow';
