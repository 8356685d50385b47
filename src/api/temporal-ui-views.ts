/**
 * Which case each staff member last opened in Temporal UI, as the proxy saw its API call go by: the UI then asks the
 * codec to decode that case's payloads, and its decode requests name no workflow themselves.
 */
export class TemporalUiViews {
  private readonly last = new Map<string, { workflowId: string; at: number }>();

  /** `/temporal/api/v1/namespaces/<ns>/workflows/<id>…`: the case a staff member's page is reading. */
  seen(staffId: string, path: string, at: Date): void {
    const workflowId = /^\/temporal\/api\/v1\/namespaces\/[^/]+\/workflows\/([^/?]+)/.exec(path)?.[1];
    if (!workflowId) return;
    let id = workflowId;
    try {
      id = decodeURIComponent(workflowId);
    } catch {
      // Kept as sent: the audit shows what was asked for.
    }
    this.last.set(staffId, { workflowId: id, at: at.getTime() });
  }

  /** The case the staff member opened within the last two minutes, if any (a list page decodes no case). */
  current(staffId: string, at: Date): string | undefined {
    const view = this.last.get(staffId);
    return view && at.getTime() - view.at < 120_000 ? view.workflowId : undefined;
  }
}
