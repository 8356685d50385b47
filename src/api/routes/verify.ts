import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { findApplication } from '../../db/tables/applications';
import { findCandidate } from '../../db/tables/candidates';
import { certificationsOf, findCertification } from '../../db/tables/certifications';
import { documentsOf, findDocument } from '../../db/tables/documents';
import { examFor, isProgram } from '../../domain/index';
import { longDate } from '../../certificates/certificate-pdf';
import { requireCandidateGrant } from '../auth/candidate';
import { currentStaff } from '../auth/staff';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { verifyPage, type VerifiedCredential } from '../views/verify';

const credentialIdPattern = /^[A-Za-z0-9._-]{1,100}$/;
// One answer for unknown, lapsed and revoked ids alike: the page confirms active credentials and nothing else.
const notVerified = () => notFound('No active certification has this credential ID. Check the ID on the certificate.');

/** GET /verify/:credentialId (public) and the certificate download for the candidate (or staff). */
export function verifyRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const limit = rateLimit({
    windowMs: 60_000,
    limit: (deps.rateLimitPerMinute ?? 20) * 3,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(
        new HttpError(429, 'Too many look-ups from your address. Wait a minute and try again.', {
          code: 'rate-limited',
        }),
      ),
  });

  const verified = async (credentialId: string): Promise<VerifiedCredential> => {
    if (!credentialIdPattern.test(credentialId)) throw notVerified();
    const cert = await findCertification(deps.db, credentialId);
    if (!cert || cert.status !== 'active' || !isProgram(cert.program)) throw notVerified();
    const candidate = await findCandidate(deps.db, cert.candidate_id);
    if (!candidate) throw notVerified();
    return {
      name: `${candidate.first_name} ${candidate.last_name}`,
      credential: `${examFor(cert.program).title} (${cert.program})`,
      status: 'Active',
      certifiedOn: longDate(cert.certified_on),
      expiresOn: longDate(cert.expires_on),
      credentialId: cert.credential_id,
    };
  };

  router.get('/verify/:credentialId', limit, async (req, res) => {
    const result = await verified(String(req.params.credentialId));
    res.set('cache-control', 'no-store');
    if (req.accepts(['html', 'json']) === 'json') res.json(result);
    else res.type('html').send(verifyPage(result));
  });

  /** The candidate's PDF certificate; staff see any, a candidate only their own case (else 404). */
  router.get('/applications/:id/certificate.pdf', async (req: Request<{ id: string }>, res: Response) => {
    if (!currentStaff(res)) await requireCandidateGrant(req, deps, req.params.id, now());
    const application = await findApplication(deps.db, req.params.id);
    if (!application) throw notFound('No such application.');
    const cert = (await certificationsOf(deps.db, application.candidate_id)).find(
      (c) => c.application_id === application.id,
    );
    const latest =
      cert &&
      (await documentsOf(deps.db, 'certification', cert.credential_id))
        .filter((d) => d.purpose === 'certificate')
        .at(-1);
    if (!latest)
      throw notFound(
        'There is no certificate for this application yet. It is issued once a passing score is released.',
      );
    const doc = (await findDocument(deps.db, latest.id))!;
    res.set({
      'cache-control': 'private, no-store',
      'content-disposition': `attachment; filename="${doc.filename.replace(/[^\w.-]/g, '_')}"`,
      'x-content-type-options': 'nosniff',
    });
    res.type('application/pdf').send(Buffer.from(doc.bytes));
  });

  return router;
}
