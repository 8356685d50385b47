import { describe, expect, it } from 'vitest';
import { renderCertificantMessage } from '../../src/email/templates/recertification';

const ctx = { firstName: 'Ada', gridUrl: 'http://localhost/recertification/c1?token=t' };
const base = { kind: 'recert-lapsed' as const, reinstatementFeeUsd: 100, programs: ['CPCS'] };

describe('the lapse and expiry emails offer only what is still possible', () => {
  it('a lapse at the due date: reinstatement in its period', () => {
    const { text } = renderCertificantMessage(
      { ...base, dueDate: '2029-12-01', reinstatementOpens: '2030-01-01', reinstatementCloses: '2030-06-01' },
      ctx,
    );
    expect(text).toContain('recertification was due 2029-12-01 and was neither completed nor extended.');
    expect(text).toContain(
      'You may apply for reinstatement from 2030-01-01 to 2030-06-01, with your CE, the recertification fee and a reinstatement fee of $100.',
    );
  });

  it('a lapse after an extension: the extension is named, no second one, reinstatement open from now until Jun 1', () => {
    const { text, html } = renderCertificantMessage(
      {
        ...base,
        dueDate: '2030-03-01',
        extendedFrom: '2029-12-01',
        reinstatementOpens: '2030-03-02',
        reinstatementCloses: '2030-06-01',
        reinstatementOpenNow: true,
      },
      ctx,
    );
    expect(text).toContain(
      'recertification was due 2029-12-01, your extension ran until 2030-03-01, and recertification was not completed.',
    );
    expect(text).toContain('An extension is granted once: it cannot be extended again.');
    expect(text).toContain(
      'You may apply for reinstatement now and until 2030-06-01, with your CE, the recertification fee and a reinstatement fee of $100.',
    );
    expect(text).not.toMatch(/neither completed nor extended|2030-01-01/);
    expect(html).toContain('reinstatement now and until 2030-06-01');
  });

  it('an extension to the last day of reinstatement: the expiry email says neither reinstatement nor another extension is possible', () => {
    const { subject, text } = renderCertificantMessage(
      {
        kind: 'recert-expired',
        programs: ['CPCS'],
        afterExtension: { dueDate: '2029-12-01', until: '2030-06-01', reinstatementClosed: '2030-06-01' },
      },
      ctx,
    );
    expect(subject).toBe('Your certification has expired');
    expect(text).toContain(
      'recertification was due 2029-12-01, your extension ran until 2030-06-01 and recertification was not completed.',
    );
    expect(text).toContain(
      'The reinstatement period ended on 2030-06-01, so neither reinstatement nor another extension is possible. To be certified again, apply for the exam.',
    );
  });
});
