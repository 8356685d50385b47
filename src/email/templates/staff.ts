import type { RenderedEmail } from '../message';
import { windowDisplayLabel } from './labels';
import { simpleEmail } from './simple';

/** Messages to the staff alerts address. */
export type StaffMessage = {
  kind: 'eligibility-overdue';
  applicationId: string;
  candidateName: string;
  program: string;
  windowId: string;
  submittedAt: string;
  waitingDays: number;
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
  }
}
