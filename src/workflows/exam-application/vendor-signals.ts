import { defineSignal } from '@temporalio/workflow';
import { logIgnored, nowIso } from './effects';
import type { LifecycleState } from './state';

/**
 * A candidate's result from the test vendor, after the results import has validated and stored it
 * (table exam_results). `responses` holds one letter per item in form order: 'A' | 'B' | 'C', '-' omitted.
 */
export interface VendorResult {
  formId: string;
  responses: string;
  testedOn: string;
  importId: string;
}

export const vendorResultSignal = defineSignal<[VendorResult]>('vendorResultSignal');

/** Takes the first result of a case waiting for its test; any other is logged and ignored (the import keeps it). */
export function takeVendorResult(s: LifecycleState, r: VendorResult): void {
  if (s.result || (s.stage !== 'scheduling' && s.stage !== 'scheduled'))
    return logIgnored('vendor result', `stage is ${s.stage}`);
  s.result = { ...r, receivedAt: nowIso() };
  s.epoch++;
}
