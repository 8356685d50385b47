import { html } from '../../lib/html';
import { page } from './layout';

export interface VerifiedCredential {
  name: string;
  credential: string;
  status: 'Active';
  certifiedOn: string;
  expiresOn: string;
  credentialId: string;
}

/** The public proof of a certification: name, credential, status and dates, nothing else. */
export function verifyPage(c: VerifiedCredential): string {
  return page(
    'Certification verified',
    html`<h1>Certification verified</h1>
<dl>
<dt>Name</dt><dd>${c.name}</dd>
<dt>Credential</dt><dd>${c.credential}</dd>
<dt>Status</dt><dd>${c.status}</dd>
<dt>Certified on</dt><dd>${c.certifiedOn}</dd>
<dt>Valid through</dt><dd>${c.expiresOn}</dd>
<dt>Credential ID</dt><dd>${c.credentialId}</dd>
</dl>`,
  );
}
