import { longDate } from '../../domain/index';
import type { RenderedEmail } from '../message';
import { windowDisplayLabel } from './labels';
import { simpleEmail } from './simple';

/** Messages to the staff alerts address. */
export type StaffMessage =
  | {
      kind: 'eligibility-overdue';
      applicationId: string;
      candidateName: string;
      program: string;
      windowId: string;
      submittedAt: string;
      waitingDays: number;
    }
  | {
      /** A transferred case whose old seat the test vendor did not free. */
      kind: 'seat-not-released';
      applicationId: string;
      candidateName: string;
      program: string;
      site: string;
      examDate: string;
      fromWindowId: string;
      toWindowId: string;
      reason: string;
    };

export function renderStaffMessage(m: StaffMessage, ctx: { staffUrl: string }): RenderedEmail {
  switch (m.kind) {
    case 'eligibility-overdue':
      return simpleEmail({
        subject: `Eligibility decision overdue: ${m.candidateName}, ${m.program} ${windowDisplayLabel(m.windowId)}`,
        heading: 'Eligibility decision overdue',
        paragraphs: [
          `The ${m.program} application of ${m.candidateName} for ${windowDisplayLabel(m.windowId)} (submitted ${m.submittedAt.slice(0, 10)}) has waited ${m.waitingDays} days for an eligibility decision.`,
          `Application id: ${m.applicationId}. Decide it in the staff area or in Temporal UI (signal eligibilityDecisionSignal with {"decision":"approve"} or {"decision":"reject","reason":"…"}).`,
        ],
        links: [{ href: ctx.staffUrl, label: 'Open the staff area' }],
      });
    case 'seat-not-released':
      return simpleEmail({
        subject: `Release a test seat by hand: ${m.candidateName}, ${m.site} on ${m.examDate}`,
        heading: 'A transferred candidate still holds a test seat',
        paragraphs: [
          `${m.candidateName} transferred the ${m.program} exam from ${windowDisplayLabel(m.fromWindowId)} to ${windowDisplayLabel(m.toWindowId)}. The transfer is done, but the test vendor did not free the old seat at ${m.site} on ${longDate(m.examDate)} (${m.reason}).`,
          `Application id: ${m.applicationId}. Release that seat with the test vendor so another candidate can take it; it also moves by itself when the candidate books a seat in the new window.`,
        ],
        links: [{ href: ctx.staffUrl, label: 'Open the staff area' }],
      });
  }
}
