import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { renderCertificatePdf } from '../certificates/certificate-pdf';
import { findCandidate } from '../db/tables/candidates';
import { findCertification } from '../db/tables/certifications';
import { saveDocument } from '../db/tables/documents';
import { examFor, isProgram } from '../domain/index';
import type { ActivityDeps } from './deps';

/** Deterministic per credential and expiry: a retry finds the same document, a renewal gets a new one. */
export function certificateDocumentId(credentialId: string, expiresOn: string): string {
  return `certificate-${credentialId}-${expiresOn}`;
}

export function verificationUrl(baseUrl: string, credentialId: string): string {
  return `${baseUrl.replace(/\/$/, '')}/verify/${encodeURIComponent(credentialId)}`;
}

export function certificateActivities(deps: ActivityDeps) {
  return {
    /** FAQ: no printed certificates; "a PDF certificate they can print at their own convenience". */
    async createCertificatePdf(input: { credentialId: string }): Promise<{ documentId: string }> {
      const cert = await findCertification(deps.db, input.credentialId);
      if (!cert)
        throw ApplicationFailure.nonRetryable(
          `certification ${input.credentialId} is not on file`,
          'CertificationNotFound',
        );
      const candidate = await findCandidate(deps.db, cert.candidate_id);
      if (!candidate)
        throw ApplicationFailure.nonRetryable(`candidate ${cert.candidate_id} is not on file`, 'CandidateNotFound');
      if (!isProgram(cert.program))
        throw ApplicationFailure.nonRetryable(`unknown program ${cert.program}`, 'UnknownProgram');
      const documentId = certificateDocumentId(cert.credential_id, cert.expires_on);
      const bytes = await renderCertificatePdf({
        name: `${candidate.first_name} ${candidate.last_name}`,
        credentialTitle: examFor(cert.program).title,
        program: cert.program,
        certifiedOn: cert.certified_on,
        expiresOn: cert.expires_on,
        credentialId: cert.credential_id,
        verifyUrl: verificationUrl(deps.links.baseUrl, cert.credential_id),
      });
      await saveDocument(deps.db, {
        id: documentId,
        owner_kind: 'certification',
        owner_id: cert.credential_id,
        purpose: 'certificate',
        filename: `${cert.program}-certificate-${cert.credential_id}.pdf`,
        content_type: 'application/pdf',
        size_bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes,
      });
      return { documentId };
    },
  };
}
