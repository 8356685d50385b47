import { describe, expect, it } from 'vitest';
import { renderCandidateMessage } from '../../src/email/templates/index';

const ctx = { firstName: 'Ada <b>', statusUrl: 'https://certflow.example/applications/app-1?token=t' };

describe('the cancellation email', () => {
  it('says the application is closed and, when a seat was held, that it went back to the vendor, in both parts', () => {
    const email = renderCandidateMessage(
      {
        kind: 'application-cancelled',
        program: 'CPCS',
        windowId: '2027-spring',
        releasedAppointment: { examDate: '2027-03-10', site: 'CHI-01' },
      },
      ctx,
    );
    expect(email.subject).toBe('Your CPCS application was cancelled (Spring 2027)');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Spring 2027 testing window; nothing more will happen on it');
      expect(part).toContain('Wednesday, March 10, 2027 at CHI-01 was released at the test vendor');
      expect(part).toContain(ctx.statusUrl);
    }
    expect(email.html).toContain('Ada &#60;b&#62;');
  });

  it('without an appointment it says nothing about a seat', () => {
    const email = renderCandidateMessage(
      { kind: 'application-cancelled', program: 'CPMSM', windowId: '2027-fall' },
      ctx,
    );
    expect(email.text).not.toContain('test vendor');
    expect(email.text).toContain('You may apply again for a later window.');
  });
});
