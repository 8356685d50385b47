import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { ConfigError, type Env } from '../config/env';

type TlsSettings = Pick<Env, 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_SERVER_NAME'>;

function pemFile(variable: keyof TlsSettings, path: string): Buffer {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (err) {
    throw new ConfigError(`${variable}: cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!text.toString('utf8').includes('-----BEGIN '))
    throw new ConfigError(`${variable}: "${path}" is not a PEM file (no -----BEGIN line)`);
  return text;
}

/**
 * The TLS options of a connection to the Temporal frontend: none when no TEMPORAL_TLS_* is set (the embedded dev
 * server, a cluster on a private network), server-verified TLS with a CA alone, mutual TLS with a certificate and key.
 */
export function temporalTls(env: TlsSettings): TLSConfig | undefined {
  const {
    TEMPORAL_TLS_CERT: cert,
    TEMPORAL_TLS_KEY: key,
    TEMPORAL_TLS_CA: ca,
    TEMPORAL_TLS_SERVER_NAME: serverName,
  } = env;
  if (!cert && !key && !ca && !serverName) return undefined;
  if (Boolean(cert) !== Boolean(key))
    throw new ConfigError(
      `${cert ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'}: required with ${cert ? 'TEMPORAL_TLS_CERT' : 'TEMPORAL_TLS_KEY'} (a client certificate needs its key)`,
    );
  return {
    ...(serverName ? { serverNameOverride: serverName } : {}),
    ...(ca ? { serverRootCACertificate: pemFile('TEMPORAL_TLS_CA', ca) } : {}),
    ...(cert && key
      ? { clientCertPair: { crt: pemFile('TEMPORAL_TLS_CERT', cert), key: pemFile('TEMPORAL_TLS_KEY', key) } }
      : {}),
  };
}
