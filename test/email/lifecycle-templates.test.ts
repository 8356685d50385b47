import { describe, expect, it } from 'vitest';
import { renderCandidateMessage, type CandidateMessage } from '../../src/email/templates/index';
import { renderStaffMessage } from '../../src/email/templates/staff';

const ctx = {
  firstName: 'Ada <script>',
  statusUrl: 'https://certflow.example/applications/app-1?token=t',
  certificateUrl: 'https://certflow.example/applications/app-1/certificate.pdf?token=t',
  verifyUrl: (id: string) => `https://certflow.example/verify/${id}`,
};

// One of every lifecycle message, with the fact each must carry in both parts.
const messages: [CandidateMessage, string][] = [
  [
    { kind: 'eligibility-approved', program: 'CPCS', windowId: '2027-fall', noticeOn: '2027-09-06' },
    'Monday, September 6, 2027',
  ],
  [
    {
      kind: 'eligibility-rejected',
      program: 'CPCS',
      windowId: '2027-fall',
      reason: 'Too little experience & no letter',
    },
    'Too little experience',
  ],
  [
    { kind: 'accommodation-decision', approved: false, needs: 'A quiet room', reason: 'No letterhead' },
    'No letterhead',
  ],
  [
    {
      kind: 'notice-to-schedule',
      program: 'CPCS',
      windowId: '2027-fall',
      windowStart: '2027-10-04',
      windowEnd: '2027-10-23',
      approvedAccommodations: ['Extra time'],
    },
    'Saturday, October 23, 2027',
  ],
  [
    { kind: 'appointment-confirmed', examDate: '2027-10-13', site: 'Boston-01', windowId: '2027-fall' },
    'Wednesday, October 13, 2027',
  ],
  [
    {
      kind: 'appointment-rescheduled',
      examDate: '2027-10-15',
      site: 'Boston-01',
      previousExamDate: '2027-10-13',
      windowId: '2027-fall',
    },
    'Friday, October 15, 2027',
  ],
  [{ kind: 'appointment-reminder', examDate: '2027-10-13', site: 'Boston-01', daysBefore: 1 }, 'Boston-01'],
  [
    {
      kind: 'transfer-deadline-reminder',
      examDate: '2027-10-13',
      lastDayToRequestTransfer: '2027-10-05',
      windowId: '2027-fall',
    },
    'Tuesday, October 5, 2027',
  ],
  [
    {
      kind: 'transfer-confirmed',
      fromWindowId: '2027-summer',
      toWindowId: '2027-fall',
      feeUsd: 100,
      noticeOn: '2027-09-06',
    },
    '$100.00',
  ],
  [
    {
      kind: 'withdrawal-confirmed',
      windowId: '2027-fall',
      refundable: true,
      refundUsd: 350,
      processingFeeUsd: 100,
      lastDayToRequestRefund: '2027-09-20',
    },
    '$350.00',
  ],
  [{ kind: 'no-show', windowId: '2027-fall', examDate: '2027-10-13' }, 'no-show'],
  [{ kind: 'score-released', program: 'CPCS', windowId: '2027-fall', scaled: 431, passed: true }, '431'],
  [
    {
      kind: 'certificate-ready',
      program: 'CPCS',
      credentialId: 'CPCS-ABC',
      certifiedOn: '2028-01-05',
      expiresOn: '2031-12-01',
    },
    'https://certflow.example/verify/CPCS-ABC',
  ],
];

describe('lifecycle email templates', () => {
  it.each(messages)(
    '%o has an html and a text part that both carry the facts, with the name escaped',
    (message, fact) => {
      const email = renderCandidateMessage(message, ctx);
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.text).toContain(fact);
      expect(email.html).toContain(fact.replace(/&/g, '&#38;'));
      expect(email.html).toContain('Ada &#60;script&#62;');
      expect(email.html).not.toContain('<script>');
      expect(email.text).toContain(ctx.statusUrl);
    },
  );

  it('the certificate email links the candidate’s own PDF and the public verification page', () => {
    const email = renderCandidateMessage(messages.at(-1)![0], ctx);
    expect(email.html).toContain(`href="${ctx.certificateUrl}"`);
    expect(email.text).toContain('Recertify by Monday, December 1, 2031');
  });

  it('the staff reminder names the case and how to decide it', () => {
    const email = renderStaffMessage(
      {
        kind: 'eligibility-overdue',
        applicationId: 'app-1',
        candidateName: 'Ada Lovelace',
        program: 'CPCS',
        windowId: '2027-fall',
        submittedAt: '2027-06-01T12:00:00Z',
        waitingDays: 5,
      },
      { staffUrl: 'https://certflow.example/staff' },
    );
    expect(email.subject).toBe('Eligibility decision overdue: Ada Lovelace, CPCS Fall 2027');
    expect(email.text).toContain('has waited 5 days');
    expect(email.html).toContain('eligibilityDecisionSignal');
  });
});
