import {
  attestationFieldProblems,
  newYorkDateOf,
  type EligibilityAttestation,
  type EmploymentPeriod,
  type Program,
} from '../domain/index';

/** Positions the page form offers; the JSON API takes up to the domain's limit. */
export const FORM_PERIODS = 3;
const PERIOD_FIELDS = ['employer', 'title', 'from', 'to', 'duties'] as const;

/** The form field of one employment detail: `employment-2-title` (numbered from 1, as the page shows). */
export const periodField = (index: number, field: (typeof PERIOD_FIELDS)[number]): string =>
  `employment-${index + 1}-${field}`;

/** What the candidate sent, in the JSON API's shape (the page's flat fields are turned into it first). */
export interface AttestationInput {
  currentlyEmployed?: unknown;
  employment?: unknown;
  affirmed?: unknown;
  signature?: unknown;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const lines = (v: unknown): string[] =>
  (Array.isArray(v) ? v.map((d) => (typeof d === 'string' ? d : String(d))) : str(v).split(/\r?\n/))
    .map((d) => d.trim())
    .filter(Boolean);

/**
 * The page's flat fields as the JSON shape: a position left entirely empty is not one. `rows` gives the form row of
 * each period sent, so an error lands beside the field it is about.
 */
export function attestationFromForm(body: Record<string, unknown>): { input: AttestationInput; rows: number[] } {
  const all = Array.from({ length: FORM_PERIODS }, (_, i) =>
    Object.fromEntries(PERIOD_FIELDS.map((f) => [f, str(body[periodField(i, f)]).trim()])),
  );
  const rows = all.flatMap((p, i) => (Object.values(p).some(Boolean) ? [i] : []));
  const yesNo = str(body.currentlyEmployed);
  return {
    input: {
      currentlyEmployed: yesNo === 'yes' ? true : yesNo === 'no' ? false : undefined,
      employment: rows.map((i) => all[i]),
      affirmed: body.affirmed === 'yes',
      signature: str(body.signature),
    },
    rows,
  };
}

function periodOf(raw: unknown): EmploymentPeriod {
  const p = (raw ?? {}) as Record<string, unknown>;
  const to = str(p.to).trim();
  return {
    employer: str(p.employer).trim(),
    title: str(p.title).trim(),
    from: str(p.from).trim(),
    ...(to ? { to } : {}),
    duties: lines(p.duties),
  };
}

/** Sentence case for a message shown beside a field. */
const sentence = (m: string): string => `${m.charAt(0).toUpperCase()}${m.slice(1)}.`;

/**
 * Builds the attestation signed now and checks it with the domain's rules. Errors are keyed by JSON path
 * (`employment.0.employer`, `signature`); the page maps them onto its fields.
 */
export function checkedAttestation(
  input: AttestationInput,
  program: Program,
  now: Date,
): { attestation: EligibilityAttestation; errors: Record<string, string> } {
  const attestation: EligibilityAttestation = {
    program,
    currentlyEmployedInMedicalServices: input.currentlyEmployed as boolean,
    employment: Array.isArray(input.employment) ? input.employment.map(periodOf) : [],
    signedBy: str(input.signature).trim(),
    signedAt: now.toISOString(),
    affirmed: input.affirmed === true,
  };
  const errors: Record<string, string> = {};
  for (const p of attestationFieldProblems(attestation, newYorkDateOf(now.toISOString()))) {
    const key = p.path === 'signedBy' ? 'signature' : p.path;
    errors[key] ??= sentence(p.message);
  }
  return { attestation, errors };
}

/** A JSON path of the attestation as the page's field name (`employment.0.from` → `employment-1-from` for form row 0). */
export function formFieldOf(path: string, rows: number[]): string {
  const m = /^employment\.(\d+)\.(\w+)$/.exec(path);
  return m ? `employment-${(rows[Number(m[1])] ?? Number(m[1])) + 1}-${m[2]}` : path;
}
