/**
 * Errors that mean "the database is away" (restart, failover, network) rather than "this request is wrong":
 * callers answer 503 and retry; the pool reconnects on its own once the server is back.
 */
const unavailableSqlStates = new Set([
  '57P01', // admin_shutdown: a fast or smart shutdown ended the session
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down or in recovery
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '53300', // too_many_connections
]);
const unavailableSocketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// pg reports a lost or never-made connection with these messages and no code.
const unavailableMessages =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection ended unexpectedly/i;

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 2) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (unavailableSqlStates.has(e.code) || unavailableSocketCodes.has(e.code)))
    return true;
  if (typeof e.message === 'string' && unavailableMessages.test(e.message)) return true;
  // Node reports a refused connection to every address of a host name as an AggregateError.
  return Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}

/** A short, human line for logs and /readyz: AggregateError carries its text in its members. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.message) return err.message;
  const inner = (err as { errors?: unknown[] }).errors?.find(
    (e): e is Error => e instanceof Error && Boolean(e.message),
  );
  return inner?.message ?? (err as { code?: string }).code ?? err.name;
}
