import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificationsOf } from '../../src/db/tables/certifications';
import { emailsFor } from '../../src/db/tables/email-log';
import { admin, openPage, stageReached, startSystem, type System } from '../helpers/system';
import { serverClock } from '../helpers/server-clock';
import { passInSpring2027 } from '../helpers/window-part';
import { attestationJson } from '../helpers/attestation';

// The API's clock follows the time-skipping server's: links are signed and checked at the same moment.
const clock = serverClock();
let sys: System;
beforeAll(async () => {
  sys = await startSystem({ now: clock.now, timeSkipping: true });
  await clock.sync(sys.env);
});
afterAll(async () => {
  await sys?.close();
});

// Emails sent on the way are signed at the target moment, so their links are valid when the test arrives.
const jumpTo = (instant: string) => clock.jumpTo(sys.env, instant);

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${sys.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** The signed link of the latest email of a kind, as the candidate would click it. */
async function linkIn(email: string, subjectPart: string): Promise<{ token: string; certificate?: string }> {
  const message = await sys.catcher.waitFor((m) => m.to.includes(email) && m.subject.includes(subjectPart));
  const token = /token=([\w.-]+)/.exec(message.text)![1]!;
  const certificate = /(http:\/\/\S+\/certificate\.pdf\?token=[\w.-]+)/.exec(message.text)?.[1];
  return { token, ...(certificate ? { certificate } : {}) };
}

const stage = (applicationId: string, expected: string) => stageReached(sys, applicationId, expected);

describe('end to end through the HTTP API on a time-skipping server', () => {
  describe('from the form to the badge and the PDF certificate', () => {
    type History = Awaited<ReturnType<typeof sys.env.connection.workflowService.getWorkflowExecutionHistory>>;
    let applicationId: string;
    let id: string;
    let certificateEmail: { token: string; certificate?: string };
    let candidateId: string;
    let history: History;
    const encryptedInputOf = (h: History) => {
      const encrypted = h.history!.events!.find((e) => e.workflowExecutionStartedEventAttributes)!
        .workflowExecutionStartedEventAttributes!.input!.payloads!;
      return encrypted.map((p) => ({
        metadata: Object.fromEntries(
          Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(p.data!).toString('base64'),
      }));
    };
    const decode = (headers: Record<string, string>) =>
      post('/codec/decode', { payloads: encryptedInputOf(history) }, { origin: 'http://localhost:8233', ...headers });

    it('takes the application from the form into eligibility review', async () => {
      const applied = await post('/apply', {
        firstName: 'Grace',
        lastName: 'Hopper',
        email: 'grace@example.org',
        membership: 'member',
        program: 'CPCS',
        windowId: '2027-spring',
        ...attestationJson,
      });
      expect(applied.status).toBe(200);
      ({ applicationId } = (await applied.json()) as { applicationId: string });
      id = encodeURIComponent(applicationId);
      await stage(applicationId, 'eligibility-review');
    });

    it('lets staff approve the eligibility', async () => {
      const tokenRes = await post('/api/staff/tokens', { ...admin, name: 'e2e' });
      const staff = { authorization: `Bearer ${((await tokenRes.json()) as { token: string }).token}` };
      expect((await post(`/api/staff/applications/${id}/eligibility`, { decision: 'approve' }, staff)).status).toBe(
        200,
      );
    });

    it('emails the notice to schedule on the notice date, and books the appointment through its link', async () => {
      await jumpTo('2027-02-01T14:01:00.000Z');
      await stage(applicationId, 'scheduling');
      const notice = await linkIn('grace@example.org', 'Schedule your CPCS exam');
      const candidate = { 'x-candidate-token': notice.token };
      const booked = await post(
        `/api/applications/${id}/appointment`,
        { examDate: '2027-03-10', site: 'CHI-01' },
        candidate,
      );
      expect(booked.status).toBe(200);
      expect(await booked.json()).toMatchObject({
        stage: 'scheduled',
        appointment: { examDate: '2027-03-10', site: 'CHI-01' },
      });
    });

    // The window's import and release (another workflow's job) are played here by their signals.
    it('holds the result until the approved release, then passes the candidate', async () => {
      await passInSpring2027(sys, applicationId, jumpTo, 'import-e2e');
    });

    it('certifies the candidate until December 2030 and issues their Credly badge, shown through the link in the certification email', async () => {
      certificateEmail = await linkIn('grace@example.org', 'You are certified');
      const status = (await (
        await fetch(`${sys.baseUrl}/api/applications/${id}/status`, {
          headers: { 'x-candidate-token': certificateEmail.token },
        })
      ).json()) as {
        score: { scaled: number; passed: boolean };
        certification: { credentialId: string };
      };
      expect(status.score).toMatchObject({ scaled: 431, passed: true });
      const [cert] = await certificationsOf(
        sys.db,
        (
          await sys.db
            .selectFrom('applications')
            .select('candidate_id')
            .where('id', '=', applicationId)
            .executeTakeFirstOrThrow()
        ).candidate_id,
      );
      candidateId = cert!.candidate_id;
      expect(cert).toMatchObject({
        credential_id: status.certification.credentialId,
        certified_on: '2027-05-25',
        expires_on: '2030-12-01',
      });
      expect(sys.credly.badges()).toMatchObject([
        {
          id: cert!.badge_id,
          recipient_email: 'grace@example.org',
          issued_to_first_name: 'Grace',
          issued_to_last_name: 'Hopper',
        },
      ]);
    });

    it("serves the PDF certificate from the certification email's link", async () => {
      const { res: pdf } = await openPage(
        sys.baseUrl,
        new URL(certificateEmail.certificate!).pathname + new URL(certificateEmail.certificate!).search,
      );
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toMatch(/application\/pdf/);
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString('latin1'),
      ).toBe('%PDF-');
    });

    it('sends each email of the case exactly once', async () => {
      const kinds = (await emailsFor(sys.db, applicationId)).map((e) => e.kind);
      expect(kinds.sort()).toEqual(
        [
          'application-received',
          'eligibility-approved',
          'notice-to-schedule:2027-spring',
          'appointment-confirmed:1',
          'transfer-deadline-reminder:1',
          'appointment-reminder-7d:1',
          'appointment-reminder-1d:1',
          'score-released',
          'certificate-ready',
        ].sort(),
      );
    });

    // The Temporal server stores only ciphertext: its raw history of the case has neither the name, the email nor the score.
    it("keeps the candidate's name, email and score out of the Temporal server's history", async () => {
      history = await sys.env.connection.workflowService.getWorkflowExecutionHistory({
        namespace: sys.env.namespace ?? 'default',
        execution: { workflowId: applicationId },
      });
      // The history's JSON carries every payload byte field base64-encoded: decode them all to look inside.
      const json = JSON.stringify(history);
      const stored = [...json.matchAll(/"(?:data|encoding|[\w-]+)":"([A-Za-z0-9+/]+={0,2})"/g)]
        .map((m) => Buffer.from(m[1]!, 'base64').toString('latin1'))
        .join('\n');
      // Control: the search attributes are plain by design (ids, no personal data), and the decoding finds them.
      expect(stored).toContain(`"${candidateId}"`);
      for (const secret of ['grace@example.org', 'Hopper', '"scaled":431', '"raw":112'])
        expect(stored).not.toContain(secret);
      expect(stored).toContain('binary/encrypted');
    });

    // ...while signed-in staff can still read it in Temporal UI through the codec endpoint.
    it('refuses to decode the history without staff credentials', async () => {
      expect((await decode({})).status).toBe(401);
    });

    // Months have passed on the test clock since the first token: staff sign in again.
    it("decodes the history for signed-in staff, for Temporal UI's origin", async () => {
      const fresh = (await (await post('/api/staff/tokens', { ...admin, name: 'codec' })).json()) as { token: string };
      const decoded = await decode({ authorization: `Bearer ${fresh.token}` });
      expect(decoded.status).toBe(200);
      expect(decoded.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
      const { payloads } = (await decoded.json()) as { payloads: { data: string }[] };
      expect(Buffer.from(payloads[0]!.data, 'base64').toString()).toContain('Hopper');
    });

    it("answers Temporal UI's preflight to the codec, allowing credentials", async () => {
      const preflight = await fetch(`${sys.baseUrl}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    });
  });
});
