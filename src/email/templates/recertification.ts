import { html, type SafeHtml } from '../../lib/html';
import type { CertificantMessage } from '../../workflows/recertification/messages';
import { layoutEmail } from '../layout';
import type { RenderedEmail } from '../message';
import { programDisplayName } from './labels';

export interface CertificantContext {
  firstName: string;
  gridUrl: string;
}

type Parts = { subject: string; lines: string[]; list?: string[] };

const usd = (n: number) => `$${n}`;

function parts(m: CertificantMessage): Parts {
  const programs = 'programs' in m ? m.programs.map(programDisplayName).join(' and ') : '';
  switch (m.kind) {
    case 'recert-reminder': {
      const meter = `Your CE meter: ${m.meter.countedHours} of ${m.meter.requirement.totalHours} hours counted (${m.meter.percentComplete}%), ${m.meter.hoursByKind['namss-approved']} NAMSS-approved.`;
      const opening =
        m.reminder === 'reporting-open'
          ? `Recertification reporting is open. Submit your CE and documentation by ${m.dueDate}.`
          : m.reminder === 'due-today'
            ? `Your recertification is due today, ${m.dueDate}.`
            : `Your recertification is due in ${m.daysBefore} days, on ${m.dueDate}.`;
      const subject =
        m.reminder === 'reporting-open'
          ? 'Recertification reporting is open'
          : m.reminder === 'due-today'
            ? 'Recertification due today'
            : `Recertification due in ${m.daysBefore} days`;
      return {
        subject,
        lines: [
          opening,
          meter,
          m.missing.length ? 'Still missing:' : 'Your CE meets the requirement: submit it with your documentation.',
        ],
        list: m.missing,
      };
    }
    case 'recert-submission-received':
      return {
        subject: m.reinstatement ? 'Reinstatement application received' : 'Recertification application received',
        lines: [
          `We received your ${m.reinstatement ? 'reinstatement' : 'recertification'} application with ${m.entries} CE entries.`,
          `Fee: ${usd(m.fee.recertificationFeeUsd)}${m.fee.reinstatementFeeUsd ? ` plus the reinstatement fee of ${usd(m.fee.reinstatementFeeUsd)}` : ''}; due now: ${usd(m.dueNowUsd)}.`,
          'NAMSS determines your CE now that you have submitted it; you will hear from us when staff have reviewed each entry.',
        ],
      };
    case 'recert-determination-short':
      return {
        subject: 'Your recertification needs more CE',
        lines: [
          `Staff reviewed your CE and the accepted hours fall short. You may add entries and submit again until ${m.dueDate}. Missing:`,
          ...m.rejected.map((r) => `Not accepted: "${r.title}" — ${r.reason}`),
        ],
        list: m.missing,
      };
    case 'recert-renewed':
      return {
        subject: m.reinstated ? 'Your certification is reinstated' : 'Your recertification is complete',
        lines: [
          `Your ${programs} certification is ${m.reinstated ? 'reinstated' : 'renewed'}. Your next recertification is due ${m.nextDueDate}.`,
          'Your data appears in the Good Standing Report and your Credly digital badge was updated.',
        ],
      };
    case 'recert-extension-granted':
      return {
        subject: 'Recertification extension granted',
        lines: [
          `Your recertification due date moves from ${m.dueDate} to ${m.until}. Submit your CE and documentation by then.`,
        ],
      };
    case 'recert-lapsed': {
      const withFee = `with your CE, the recertification fee and a reinstatement fee of ${usd(m.reinstatementFeeUsd)}`;
      if (m.extendedFrom === undefined) {
        return {
          subject: 'Your certification has lapsed',
          lines: [
            `Your ${programs} certification lapsed: recertification was due ${m.dueDate} and was neither completed nor extended.`,
            'You are no longer listed in the Good Standing Report and your digital badge was revoked.',
            `You may apply for reinstatement from ${m.reinstatementOpens} to ${m.reinstatementCloses}, ${withFee}.`,
          ],
        };
      }
      // After an extension only reinstatement remains: a second extension is not possible.
      return {
        subject: 'Your certification has lapsed',
        lines: [
          `Your ${programs} certification lapsed: recertification was due ${m.extendedFrom}, your extension ran until ${m.dueDate}, and recertification was not completed.`,
          'You are no longer listed in the Good Standing Report and your digital badge was revoked. An extension is granted once: it cannot be extended again.',
          m.reinstatementOpenNow
            ? `You may apply for reinstatement now and until ${m.reinstatementCloses}, ${withFee}.`
            : `You may apply for reinstatement from ${m.reinstatementOpens} to ${m.reinstatementCloses}, ${withFee}.`,
        ],
      };
    }
    case 'recert-expired': {
      const x = m.afterExtension;
      if (x) {
        return {
          subject: 'Your certification has expired',
          lines: [
            `Your ${programs} certification has expired: recertification was due ${x.dueDate}, your extension ran until ${x.until} and recertification was not completed.`,
            `The reinstatement period ended on ${x.reinstatementClosed}, so neither reinstatement nor another extension is possible. To be certified again, apply for the exam.`,
          ],
        };
      }
      return {
        subject: 'Your certification has expired',
        lines: [
          `The reinstatement period is over and your ${programs} certification has expired. To be certified again, apply for the exam.`,
        ],
      };
    }
  }
}

/** html + text for every recertification message; the link opens the certificant's own CE grid. */
export function renderCertificantMessage(message: CertificantMessage, ctx: CertificantContext): RenderedEmail {
  const p = parts(message);
  const list: SafeHtml | string =
    p.list && p.list.length ? html`<ul>${p.list.map((i) => html`<li>${i}</li>`)}</ul>` : '';
  const body = html`<h1>${p.subject}</h1>
<p>Dear ${ctx.firstName},</p>
${p.lines.map((l) => html`<p>${l}</p>`)}${list}
<p><a href="${ctx.gridUrl}">Open your CE grid and recertification</a>. This link is personal: do not forward it.</p>`;
  const text = [
    `Dear ${ctx.firstName},`,
    '',
    ...p.lines,
    ...(p.list ?? []).map((i) => `- ${i}`),
    '',
    'Your CE grid and recertification (personal link, do not forward it):',
    ctx.gridUrl,
  ].join('\n');
  return layoutEmail(p.subject, body, text);
}
