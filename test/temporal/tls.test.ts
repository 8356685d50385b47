import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../src/config/env';
import { temporalTls } from '../../src/temporal/tls';
import { startApi } from '../../src/wiring/api';

// A CA, a frontend certificate for "temporal.internal" and a client certificate "certflow-api", made with openssl.
const dir = mkdtempSync(join(tmpdir(), 'certflow-tls-'));
const file = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=certflow-test-ca', '-keyout', file('ca.key'), '-out', file('ca.pem'));
for (const [name, cn] of [['server', 'temporal.internal'], ['client', 'certflow-api']] as const) {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`));
  openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1', '-copy_extensions', 'copy', '-out', file(`${name}.pem`));
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tlsEnv = { TEMPORAL_TLS_CERT: file('client.pem'), TEMPORAL_TLS_KEY: file('client.key'), TEMPORAL_TLS_CA: file('ca.pem'), TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' };

describe('mTLS to the Temporal frontend', () => {
  it('reads no TLS options when none is set, and refuses a certificate without its key or an unreadable file', () => {
    expect(temporalTls(parseEnv({}))).toBeUndefined();
    expect(() => temporalTls(parseEnv({ TEMPORAL_TLS_CERT: file('client.pem') }))).toThrow(ConfigError);
    expect(() => temporalTls(parseEnv({ ...tlsEnv, TEMPORAL_TLS_KEY: file('missing.key') }))).toThrow(/TEMPORAL_TLS_KEY: cannot read/);
  });

  it("the API's connection presents the client certificate to a frontend that requires one, trusting the given CA under the given name", async () => {
    const server = createServer({ key: readFileSync(file('server.key')), cert: readFileSync(file('server.pem')), ca: readFileSync(file('ca.pem')), requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'] });
    const peer = new Promise<{ cn: unknown; authorized: boolean }>((resolve) => server.on('secureConnection', (socket: TLSSocket) => (resolve({ cn: socket.getPeerCertificate().subject?.CN, authorized: socket.authorized }), socket.destroy())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(server.address() as { port: number }).port}`;
    const env = parseEnv({ ...tlsEnv, TEMPORAL_ADDRESS: address });
    // The handshake is all this frontend does: the connection then fails, which is not what is tested.
    const attempt = startApi(env, { address } as Parameters<typeof startApi>[1]).then(
      () => 'connected',
      () => 'failed after the handshake',
    );
    expect(await peer).toEqual({ cn: 'certflow-api', authorized: true });
    server.close();
    expect(await attempt).toBe('failed after the handshake');
  }, 30_000);
});
