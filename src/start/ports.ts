import { createServer } from 'node:net';

/** A port `npm start` is about to listen on, the variable that sets it, and the address it binds (all when omitted). */
export interface PlannedPort {
  variable: string;
  port: number;
  host?: string;
}

export class PortTakenError extends Error {
  override name = 'PortTakenError';
}

function free(port: number, host: string | undefined): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Every port is free before anything starts: a taken one would otherwise surface half-way (the Temporal dev server
 * even connects to whoever holds its port). The error names the port and its variable.
 */
export async function checkPortsFree(ports: PlannedPort[]): Promise<void> {
  for (const [i, p] of ports.entries()) {
    const twin = ports.slice(0, i).find((q) => q.port === p.port);
    if (twin)
      throw new PortTakenError(`${twin.variable} and ${p.variable} are both ${p.port}: give each its own port.`);
  }
  for (const p of ports) {
    if (!(await free(p.port, p.host))) {
      throw new PortTakenError(
        `Port ${p.port} (${p.variable}) is taken by another process: stop it, or set ${p.variable} to a free port.`,
      );
    }
  }
}
