import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../../src/config/policy-file';
import { findApplication } from '../../src/db/tables/applications';
import { ledgerOfCase } from '../../src/db/tables/fee-ledger';
import { signCandidateToken } from '../../src/lib/candidate-link';
import { statusQuery } from '../../src/workflows/exam-application/contract';
import { attestationJson } from '../helpers/attestation';
import { eventually } from '../helpers/eventually';
import { policyFileOfTest, policyYamlWith } from '../helpers/policy';
import { staffLogin } from '../helpers/staff-login';
import { startSystem, testSecret, type System } from '../helpers/system';

// The API and the worker run on a policy file of the test's own: its fees are what the ledger must show.
let sys: System;
beforeAll(async () => {
  const file = policyFileOfTest();
  file.write(
    policyYamlWith([['examFeeUsd', 'non-member'], 640], [['lateFeeUsd'], 75], [['refund', 'processingFeeUsd'], 90]),
  );
  sys = await startSystem({ now: () => new Date(), policy: loadPolicyFile(file.path) });
});
afterAll(async () => {
  await sys?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${sys.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const application = {
  firstName: 'Lin',
  lastName: 'Ledger',
  email: 'lin@example.test',
  membership: 'non-member',
  program: 'CPCS',
  windowId: '2027-spring',
  ...attestationJson,
};

describe('fee ledger through the API and the staff console', () => {
  describe('the application fee is recorded at submission, the refund from it once, and staff see both on the case page', () => {
    let applicationId: string;
    let link: Record<string, string>;

    it('takes the application of a non-member', async () => {
      const applied = await post('/apply', application);
      expect(applied.status).toBe(200);
      ({ applicationId } = (await applied.json()) as { applicationId: string });
    });

    it("charges the policy file's non-member exam fee of $640 once, the same submission sent again included", async () => {
      // The same submission again lands on the same case and charges nothing more.
      expect((await post('/apply', application)).status).toBe(200);
      const charged = await eventually(async () => {
        const rows = await ledgerOfCase(sys.db, applicationId);
        expect(rows.length).toBeGreaterThan(0);
        return rows;
      });
      expect(charged.map((r) => [r.kind, r.amountUsd])).toEqual([['exam-fee', 640]]);
    });

    it('refunds a written withdrawal in eligibility review: $550, the fee less the $90 processing fee', async () => {
      const candidateId = (await findApplication(sys.db, applicationId))!.candidate_id;
      link = {
        'x-candidate-token': signCandidateToken(testSecret, { applicationId, candidateId }, new Date(), 30),
      };
      await eventually(async () =>
        expect((await sys.env.client.workflow.getHandle(applicationId).query(statusQuery)).stage).toBe(
          'eligibility-review',
        ),
      );
      const first = await post(
        `/api/applications/${encodeURIComponent(applicationId)}/withdraw`,
        { inWriting: true },
        link,
      );
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ refundable: true, refundUsd: 550, processingFeeUsd: 90 });
    });

    it('refuses the withdrawal sent a second time and refunds nothing more', async () => {
      // A withdrawal sent twice is refused the second time and refunds nothing more.
      expect(
        (await post(`/api/applications/${encodeURIComponent(applicationId)}/withdraw`, { inWriting: true }, link))
          .status,
      ).toBe(409);
      expect((await ledgerOfCase(sys.db, applicationId)).map((r) => [r.kind, r.amountUsd])).toEqual([
        ['exam-fee', 640],
        ['refund', -550],
      ]);
    });

    it('shows staff the fee, the refund and the $90 balance on the case page', async () => {
      const page = await (
        await fetch(`${sys.baseUrl}/staff/applications/${encodeURIComponent(applicationId)}`, {
          headers: { cookie: await staffLogin(sys.baseUrl) },
        })
      ).text();
      expect(page).toContain('id="fee-ledger"');
      expect(page).toMatch(/<td>Exam fee<\/td><td>CPCS exam fee, [^<]+, non-member rate<\/td><td>\$640\.00<\/td>/);
      expect(page).toMatch(
        /<td>Refund<\/td><td>Withdrawal refund: \$640 paid less the \$90 processing fee<\/td><td>−\$550\.00<\/td>/,
      );
      expect(page).toContain('<td id="fee-balance">$90.00</td>');
    });
  });
});
