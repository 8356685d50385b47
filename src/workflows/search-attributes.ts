import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Staff filter cases in Temporal UI by these, e.g. Stage = "eligibility-review" AND TestingWindow = "2027-fall".
export const candidateIdKey = defineSearchAttributeKey('CandidateId', SearchAttributeType.KEYWORD);
export const programKey = defineSearchAttributeKey('Program', SearchAttributeType.KEYWORD);
export const testingWindowKey = defineSearchAttributeKey('TestingWindow', SearchAttributeType.KEYWORD);
export const stageKey = defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD);
export const examDateKey = defineSearchAttributeKey('ExamDate', SearchAttributeType.DATETIME);
// 'pending' while an accommodation request waits for staff, e.g. AccommodationReview = "pending" AND TestingWindow = "2027-fall".
export const accommodationReviewKey = defineSearchAttributeKey('AccommodationReview', SearchAttributeType.KEYWORD);

/** Registered on the dev server at start; a real cluster needs them created once by an operator. */
export const allSearchAttributeKeys = [
  candidateIdKey,
  programKey,
  testingWindowKey,
  stageKey,
  examDateKey,
  accommodationReviewKey,
];
