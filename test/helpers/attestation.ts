/** A complete eligibility attestation in the JSON API's shape: every POST /apply carries one. */
export const attestationJson = {
  currentlyEmployed: true,
  employment: [
    {
      employer: 'General Hospital',
      title: 'Credentialing Coordinator',
      from: '2020-03-01',
      duties: ['primary source verification', 'committee preparation'],
    },
  ],
  affirmed: true,
  signature: 'Test Candidate',
};

/** The same attestation as the page form's fields. */
export const attestationForm: Record<string, string> = {
  currentlyEmployed: 'yes',
  'employment-1-employer': 'General Hospital',
  'employment-1-title': 'Credentialing Coordinator',
  'employment-1-from': '2020-03-01',
  'employment-1-duties': 'primary source verification\ncommittee preparation',
  affirmed: 'yes',
  signature: 'Test Candidate',
};

/** Fills the experience and the signature of the apply page the way a candidate does (by label, in the page's order). */
export async function fillAttestation(
  page: import('playwright-core').Page,
  signature = 'Test Candidate',
): Promise<void> {
  await page.getByRole('group', { name: 'Do you work in the medical services field now?' }).getByLabel('Yes').check();
  const first = page.getByRole('group', { name: 'Position 1' });
  await first.getByLabel('Employer').fill('General Hospital');
  await first.getByLabel('Job title').fill('Credentialing Coordinator');
  await first.getByLabel('From').fill('2020-03-01');
  await first.getByLabel('Your duties').fill('primary source verification\ncommittee preparation');
  await page.getByLabel(/^I affirm/).check();
  await page.getByLabel(/^Signature/).fill(signature);
}
