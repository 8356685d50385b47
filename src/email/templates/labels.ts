const programNames: Record<string, string> = {
  CPCS: 'CPCS® (Certified Provider Credentialing Specialist)',
  CPMSM: 'CPMSM® (Certified Professional Medical Services Management)',
};

export function programDisplayName(program: string): string {
  return programNames[program] ?? program;
}

/** '2027-fall' → 'Fall 2027'. */
export function windowDisplayLabel(windowId: string): string {
  const m = /^(\d{4})-(spring|summer|fall)$/.exec(windowId);
  return m ? `${m[2]!.charAt(0).toUpperCase()}${m[2]!.slice(1)} ${m[1]}` : windowId;
}
