import type { Program } from '../../domain/index';

/** A badge as Credly returns it (the fields certflow reads). */
export interface CredlyBadge {
  id: string;
  state: 'pending' | 'accepted' | 'rejected' | 'revoked';
  badge_template_id: string;
  recipient_email: string;
  issued_to_first_name: string;
  issued_to_last_name: string;
  issued_at: string;
  expires_at: string | null;
}

export interface IssueBadgeRequest {
  program: Program;
  recipientEmail: string;
  firstName: string;
  lastName: string;
  /** ISO instants, as Credly expects ('YYYY-MM-DD' dates are sent as midnight UTC). */
  issuedAt: string;
  expiresAt: string;
}

export interface BadgeClient {
  issueBadge(request: IssueBadgeRequest): Promise<CredlyBadge>;
  /** A new expiry: issues the new badge, then revokes the old one; the recipient keeps exactly one. */
  replaceBadge(oldBadgeId: string, request: IssueBadgeRequest, reason?: string): Promise<CredlyBadge>;
  revokeBadge(badgeId: string, reason: string): Promise<void>;
  getBadge(badgeId: string): Promise<CredlyBadge | undefined>;
  /** Badges of one recipient for one program that are still live (pending or accepted). */
  liveBadges(recipientEmail: string, program: Program): Promise<CredlyBadge[]>;
}

export interface BadgeClientConfig {
  baseUrl: string;
  organizationId: string;
  apiToken: string;
  templateIds: Record<Program, string>;
  fetch?: typeof fetch;
}

/** A refusal from the badge platform; `retryable` is false for our own mistakes (4xx other than 429). */
export class BadgeApiError extends Error {
  override name = 'BadgeApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Client for the Credly Web Service API v1 (basic auth: the organization's token as user name, no password). */
export function createBadgeClient(config: BadgeClientConfig): BadgeClient {
  const doFetch = config.fetch ?? fetch;
  const base = `${config.baseUrl.replace(/\/$/, '')}/organizations/${encodeURIComponent(config.organizationId)}/badges`;
  const auth = `Basic ${Buffer.from(`${config.apiToken}:`).toString('base64')}`;

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; data: T | undefined }> {
    const res = await doFetch(`${base}${path}`, {
      method,
      headers: {
        authorization: auth,
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    const json = parseJson<T>(text);
    if (res.status === 404 && method === 'GET') return { status: 404, data: undefined };
    if (!res.ok) {
      const detail = (json.data as { message?: string } | undefined)?.message ?? json.message ?? text.slice(0, 200);
      throw new BadgeApiError(
        res.status,
        `badge platform refused ${method} ${path || '/'}: ${res.status} ${detail}`,
        res.status >= 500 || res.status === 429,
      );
    }
    return { status: res.status, data: json.data };
  }

  const templateOf = (program: Program) => {
    const id = config.templateIds[program];
    if (!id) throw new BadgeApiError(0, `no badge template configured for ${program}`, false);
    return id;
  };

  const client: BadgeClient = {
    async issueBadge(r) {
      const { data } = await call<CredlyBadge>('POST', '', {
        recipient_email: r.recipientEmail,
        issued_to_first_name: r.firstName,
        issued_to_last_name: r.lastName,
        badge_template_id: templateOf(r.program),
        issued_at: r.issuedAt,
        expires_at: r.expiresAt,
      });
      if (!data?.id) throw new BadgeApiError(502, 'badge platform answered without a badge id', true);
      return data;
    },
    async replaceBadge(oldBadgeId, r, reason = 'Replaced by a renewed certification') {
      const fresh = await client.issueBadge(r);
      await client.revokeBadge(oldBadgeId, reason);
      return fresh;
    },
    async revokeBadge(badgeId, reason) {
      try {
        await call('PUT', `/${encodeURIComponent(badgeId)}/revoke`, { reason });
      } catch (err) {
        // Revoking twice is the outcome we want, not an error (a retried activity).
        if (err instanceof BadgeApiError && err.status === 422 && /already revoked/i.test(err.message)) return;
        throw err;
      }
    },
    async getBadge(badgeId) {
      return (await call<CredlyBadge>('GET', `/${encodeURIComponent(badgeId)}`)).data;
    },
    async liveBadges(recipientEmail, program) {
      const filter = `recipient_email::${recipientEmail}|badge_template_id::${templateOf(program)}|state::pending,accepted`;
      return (await call<CredlyBadge[]>('GET', `?filter=${encodeURIComponent(filter)}`)).data ?? [];
    },
  };
  return client;
}

function parseJson<T>(text: string): { data?: T; message?: string } {
  try {
    return text ? (JSON.parse(text) as { data?: T; message?: string }) : {};
  } catch {
    return { message: text.slice(0, 200) };
  }
}

/** 'YYYY-MM-DD' → midnight UTC instant; an instant passes through. */
export function toCredlyTime(dateOrInstant: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(dateOrInstant)
    ? `${dateOrInstant}T00:00:00Z`
    : new Date(dateOrInstant).toISOString();
}
