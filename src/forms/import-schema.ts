import { z } from 'zod';
import { PROGRAMS } from '../domain/index';

/** Fewer common items than this cannot carry the scale from one form to the next with any stability. */
export const MIN_ANCHOR_ITEMS = 10;
/** A reference group smaller than this gives no usable score distribution to equate to. */
export const MIN_REFERENCE_EXAMINEES = 10;
export const MAX_REFERENCE_EXAMINEES = 100_000;

const itemSchema = z.object({
  id: z.string().regex(/^[\w.-]{1,60}$/, 'An item id is 1 to 60 letters, digits, "-", "_" or "."'),
  // FAQ: "There will be one correct answer, and two plausible, but incorrect answers." — options A, B, C.
  key: z.enum(['A', 'B', 'C'], { error: 'The key must be A, B or C.' }),
  scored: z.boolean({ error: 'scored must be true (counts toward the score) or false (pretest).' }),
  anchor: z.boolean({ error: 'anchor must be true (a common item shared with the reference form) or false.' }),
  contentArea: z.string().trim().min(1, 'Name the content area of the item.').max(100),
});

/**
 * A real exam form as the certification body loads it: the items in the order the vendor delivers them and, for
 * the program's reference form, its raw cut and the reference group's responses (one string per examinee).
 */
export const formDocumentSchema = z.object({
  formId: z.string().regex(/^[\w-]{1,40}$/, 'The form id is 1 to 40 letters, digits, "-" or "_" (e.g. CPCS-2027-04).'),
  program: z.enum(PROGRAMS as ['CPCS', 'CPMSM'], { error: 'The program is CPCS or CPMSM.' }),
  assembledInAprilOf: z.number({ error: 'Give the year of the April assembly, e.g. 2027.' }).int().min(2000).max(2199),
  role: z.enum(['reference', 'assembly'], {
    error: 'The role is "reference" (the form the scale is set on) or "assembly" (a form for the windows).',
  }),
  rawCut: z
    .number({ error: 'The raw cut is a whole number of correct answers.' })
    .int()
    .min(1, 'The raw cut is at least 1 correct answer.')
    .optional()
    .meta({ description: 'Reference form only: the raw passing score set by the standard setting' }),
  items: z.array(itemSchema).min(1, 'A form needs its items.').max(1000),
  referenceResponses: z.array(z.string().max(1000)).max(MAX_REFERENCE_EXAMINEES).optional().meta({
    description: 'Reference form only: one string of A/B/C/- per examinee of the reference group, in item order',
  }),
});

export type FormDocument = z.infer<typeof formDocumentSchema>;
export type FormItem = FormDocument['items'][number];

/** One problem of a document: where it is (e.g. items.12.key) and what to fix. */
export interface FormIssue {
  path: string;
  message: string;
}
