import { defineSignal } from '@temporalio/workflow';

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
