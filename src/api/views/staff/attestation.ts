import { eligibilityReviewFacts, newYorkDateOf, type EligibilityAttestation } from '../../../domain/index';
import { html, type SafeHtml } from '../../../lib/html';

const years = (n: number) => `${n} ${n === 1 ? 'year' : 'years'}`;

/**
 * What the candidate attested, with the facts staff weigh. FAQ: NAMSS is "unable to 'pre-approve' any specific
 * experience" and refers to "an outline of duties we generally consider when reviewing candidates' applications".
 */
export function attestationSection(attestation: EligibilityAttestation | undefined): SafeHtml {
  if (!attestation) {
    return html`<section aria-labelledby="attestation-h"><h2 id="attestation-h">Eligibility attestation</h2>
<p>No attestation is on file: this application was submitted before the form asked for one. Ask the candidate for their employment history before deciding.</p></section>`;
  }
  // The facts as of the signature: the experience the candidate had when they signed.
  const facts = eligibilityReviewFacts(attestation, newYorkDateOf(attestation.signedAt));
  return html`<section aria-labelledby="attestation-h" id="attestation"><h2 id="attestation-h">Eligibility attestation</h2>
<dl>
<dt>Works in medical services now</dt><dd>${attestation.currentlyEmployedInMedicalServices ? 'Yes' : 'No'}</dd>
<dt>Experience (overlaps counted once)</dt><dd>${years(facts.experienceYears)}; ${years(facts.experienceYearsInLast3Years)} in the last 3 years, ${years(facts.experienceYearsInLast5Years)} in the last 5; longest continuous ${years(facts.longestContinuousYears)}</dd>
<dt>Signed</dt><dd>${attestation.signedBy}, ${attestation.signedAt.slice(0, 10)}${attestation.affirmed ? ', affirming the statements are true' : ''}</dd>
</dl>
<table><caption>Employment the candidate declared</caption><thead><tr><th scope="col">Employer</th><th scope="col">Job title</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Duties</th></tr></thead><tbody>
${attestation.employment.map((p) => html`<tr><td>${p.employer}</td><td>${p.title}</td><td>${p.from}</td><td>${p.to ?? 'now'}</td><td><ul>${p.duties.map((d) => html`<li>${d}</li>`)}</ul></td></tr>`)}
</tbody></table></section>`;
}
