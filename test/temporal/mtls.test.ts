import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env';
import { temporalTls } from '../../src/temporal/tls';
import { timeSkippingSuite } from '../helpers/temporal';

// A TLS front that demands a client certificate signed by our CA, relaying to a real Temporal server: the frontend
// of a cluster with mTLS on, as far as a client can tell.
const suite = timeSkippingSuite();
const dir = mkdtempSync(join(tmpdir(), 'certflow-mtls-'));
const pem = (name: string) => join(dir, name);
let front: Server;
let frontAddress = '';
const open = new Set<{ destroy(): void }>();

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

function issue(name: string, subject: string, extensions: string): void {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
  writeFileSync(pem(`${name}.ext`), extensions);
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
  );
}

beforeAll(async () => {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=certflow test CA',
  );
  issue('frontend', '/CN=temporal-frontend', 'subjectAltName=DNS:temporal-frontend\nextendedKeyUsage=serverAuth\n');
  issue('worker', '/CN=certflow-worker', 'extendedKeyUsage=clientAuth\n');
  const [host, port] = suite.env.address.split(':') as [string, string];
  front = createServer(
    {
      key: readFileSync(pem('frontend.key')),
      cert: readFileSync(pem('frontend.pem')),
      ca: readFileSync(pem('ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      const upstream = tcpConnect(Number(port), host === 'localhost' ? '127.0.0.1' : host);
      open.add(socket).add(upstream);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    },
  );
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  frontAddress = `127.0.0.1:${(front.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const socket of open) socket.destroy();
  await new Promise((resolve) => front?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const settings = { TEMPORAL_TLS_CA: pem('ca.pem'), TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend' };

describe('mutual TLS to the Temporal frontend (TEMPORAL_TLS_*)', () => {
  it('the API client and the worker connect with the certificate and key, checking the server against the CA by its name', async () => {
    const tls = temporalTls({ ...settings, TEMPORAL_TLS_CERT: pem('worker.pem'), TEMPORAL_TLS_KEY: pem('worker.key') });
    const client = await Connection.connect({ address: frontAddress, tls, connectTimeout: '10 seconds' });
    await expect(client.workflowService.getSystemInfo({})).resolves.toHaveProperty('capabilities');
    await client.close();
    const worker = await NativeConnection.connect({ address: frontAddress, tls });
    await worker.close();
  });

  it('without a client certificate the frontend refuses the connection', async () => {
    const tls = temporalTls(settings);
    await expect(Connection.connect({ address: frontAddress, tls, connectTimeout: '5 seconds' })).rejects.toThrow();
  });

  it('a missing file or a certificate without its key stops the start with the variable named', () => {
    expect(() => temporalTls({ ...settings, TEMPORAL_TLS_CERT: pem('worker.pem') })).toThrow(
      new ConfigError('TEMPORAL_TLS_KEY: required with TEMPORAL_TLS_CERT (a client certificate needs its key)'),
    );
    expect(() => temporalTls({ TEMPORAL_TLS_CA: pem('nowhere.pem') })).toThrow(
      /^TEMPORAL_TLS_CA: cannot read ".*nowhere\.pem" \(ENOENT\)$/,
    );
    expect(() => temporalTls({ TEMPORAL_TLS_CA: pem('worker.ext') })).toThrow(
      /TEMPORAL_TLS_CA: ".*" is not a PEM file/,
    );
    expect(temporalTls({})).toBeUndefined();
  });
});
