import type { LedgerRow } from '../../../db/tables/fee-ledger';
import { html, type SafeHtml } from '../../../lib/html';

const KIND_WORDS: Record<LedgerRow['kind'], string> = {
  'exam-fee': 'Exam fee',
  'late-fee': 'Late fee',
  'transfer-fee': 'Transfer fee',
  refund: 'Refund',
  'recertification-fee': 'Recertification fee',
  'reinstatement-fee': 'Reinstatement fee',
};

const dollars = (usd: number): string => `${usd < 0 ? '−' : ''}$${Math.abs(usd).toFixed(2)}`;

/** The case's fee ledger: every amount charged or refunded, with the balance; no payment provider is wired to it. */
export function ledgerSection(rows: readonly LedgerRow[]): SafeHtml {
  const balanceCents = rows.reduce((cents, r) => cents + Math.round(r.amountUsd * 100), 0);
  if (rows.length === 0)
    return html`<h2 id="ledger">Fees</h2><p>No fee is recorded for this case (a case from before the ledger).</p>`;
  return html`<h2 id="ledger">Fees</h2>
<table id="fee-ledger"><caption>Charges and refunds, from the policy in force when each was recorded</caption>
<thead><tr><th scope="col">Recorded</th><th scope="col">Kind</th><th scope="col">What</th><th scope="col">Amount</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.recordedAt.slice(0, 10)}</td><td>${KIND_WORDS[r.kind]}</td><td>${r.description}</td><td>${dollars(r.amountUsd)}</td></tr>`)}</tbody>
<tfoot><tr><th scope="row" colspan="3">Balance</th><td id="fee-balance">${dollars(balanceCents / 100)}</td></tr></tfoot></table>`;
}
