import { patched } from '@temporalio/workflow';
import {
  compareCivilDates,
  placeSecondCertification,
  recertificationCycle,
  withSecondCertification,
} from '../../domain/index';
import type { CertificationEarned } from './contract';
import type { RunContext } from './run-context';

// A credential earned on or after the cycle's due date (extended or lapsed) joins the next cycle instead of this one.
export const secondCertificationJoinsNextCyclePatch = 'recertification-second-certification-joins-next-cycle';

/** certificationEarnedSignal: the first certification opens the cycle; a second one joins it or the next. */
export function onCertification(ctx: RunContext, c: CertificationEarned): void {
  const s = ctx.state;
  if ([...s.credentials, ...(s.joining ?? [])].some((k) => k.credentialId === c.credentialId)) return; // a retried signal-with-start
  s.name = { firstName: c.firstName, lastName: c.lastName };
  s.membership = c.membership;
  const credential = {
    credentialId: c.credentialId,
    program: c.program,
    certifiedOn: c.certifiedOn,
    ...(c.badgeId ? { badgeId: c.badgeId } : {}),
  };
  if (!s.cycle) {
    s.credentials.push(credential);
    s.cycle = recertificationCycle(c.certifiedOn, undefined, ctx.policy);
    s.cycleStartsOn = c.certifiedOn;
  } else if (
    placeSecondCertification(s.cycle, c.certifiedOn, ctx.policy).joins === 'next-cycle' &&
    patched(secondCertificationJoinsNextCyclePatch)
  ) {
    // FAQ: dual certificants recertify "three (3) years from obtaining your first certification": this cycle's CE
    // period is over, so the new credential is not lapsed with the first and joins the next cycle (dual from then on).
    s.joining = [...(s.joining ?? []), credential];
  } else {
    s.credentials.push(credential);
    // FAQ: dual certificants recertify "three (3) years from obtaining your first certification": the due date stays.
    if (compareCivilDates(c.certifiedOn, s.cycle.firstCertifiedOn) >= 0)
      s.cycle = withSecondCertification(s.cycle, c.certifiedOn, ctx.policy);
  }
  ctx.changed();
}
