import { DomainRuleError } from './errors';
import { defaultPolicy, type CeRequirement, type Certifications, type Policy } from './policy';

export type { CeRequirement };

/** FAQ: NAMSS-approved sessions are those "submitted via the NAMSS Accreditation Center"; other industry education counts as non-NAMSS. */
export type CeKind = 'namss-approved' | 'other';

/** One self-reported CE entry. Staff only determine at submission; a rejected entry stops counting. */
export interface CeEntry {
  hours: number;
  kind: CeKind;
  status?: 'reported' | 'accepted' | 'rejected';
}

export interface CeMeter {
  requirement: CeRequirement;
  /** Hours entered per kind (rejected entries left out). */
  hoursByKind: Record<CeKind, number>;
  reportedHours: number;
  /** Hours that count toward the requirement: non-NAMSS hours only fill the part not reserved for NAMSS-approved. */
  countedHours: number;
  remainingHours: number;
  remainingNamssApprovedHours: number;
  /** 0–100, rounded down so it shows 100 only when the requirement is met. */
  percentComplete: number;
  met: boolean;
}

/** Policy values (docs/architecture.md): single 30 h (≥ 15 NAMSS-approved), dual 45 h (≥ 25 NAMSS-approved). */
export function ceRequirementFor(certifications: Certifications, policy: Policy = defaultPolicy): CeRequirement {
  const requirement = policy.recertification.ceRequirement[certifications];
  if (!requirement) {
    throw new DomainRuleError(
      'invalid-certifications',
      `unknown certifications "${String(certifications)}": expected single or dual`,
    );
  }
  return { ...requirement };
}

// Hours are kept in hundredths so sums of 0.25 or 1.5 hours stay exact.
function hundredths(hours: number, what: string): number {
  const scaled = Math.round(hours * 100);
  if (!Number.isFinite(hours) || hours < 0 || Math.abs(scaled - hours * 100) > 1e-6) {
    throw new DomainRuleError(
      'invalid-ce-entry',
      `${what} must be a non-negative number of hours with at most two decimals, got ${hours}`,
    );
  }
  return scaled;
}

/** FAQ: "A meter fills up as each certificate is added which ultimately adds up to the required number of CEs." */
export function ceMeter(entries: readonly CeEntry[], requirement: CeRequirement): CeMeter {
  const total = hundredths(requirement.totalHours, 'the required total');
  const namssMin = hundredths(requirement.namssApprovedHours, 'the required NAMSS-approved hours');
  if (total === 0 || namssMin > total) {
    throw new DomainRuleError(
      'invalid-ce-entry',
      'the requirement needs totalHours > 0 and namssApprovedHours ≤ totalHours',
    );
  }
  const byKind: Record<CeKind, number> = { 'namss-approved': 0, other: 0 };
  entries.forEach((entry, index) => {
    if (entry.kind !== 'namss-approved' && entry.kind !== 'other') {
      throw new DomainRuleError(
        'invalid-ce-entry',
        `CE entry ${index + 1}: kind must be namss-approved or other, got "${String(entry.kind)}"`,
      );
    }
    const h = hundredths(entry.hours, `CE entry ${index + 1}: hours`);
    if (h === 0) throw new DomainRuleError('invalid-ce-entry', `CE entry ${index + 1}: hours must be more than 0`);
    if (entry.status !== 'rejected') byKind[entry.kind] += h;
  });
  const counted = Math.min(total, byKind['namss-approved'] + Math.min(byKind.other, total - namssMin));
  const met = counted >= total && byKind['namss-approved'] >= namssMin;
  return {
    requirement: { ...requirement },
    hoursByKind: { 'namss-approved': byKind['namss-approved'] / 100, other: byKind.other / 100 },
    reportedHours: (byKind['namss-approved'] + byKind.other) / 100,
    countedHours: counted / 100,
    remainingHours: (total - counted) / 100,
    remainingNamssApprovedHours: Math.max(0, namssMin - byKind['namss-approved']) / 100,
    percentComplete: Math.floor((counted * 100) / total),
    met,
  };
}
