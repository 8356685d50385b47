import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { renderMailbox, renderMessage } from './mailbox-page';

export interface CaughtEmail {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MailCatcher {
  smtpPort: number;
  smtpUrl: string;
  /** The mailbox page, when an HTTP port was asked for. */
  httpUrl: string | undefined;
  messages(): CaughtEmail[];
  waitFor(predicate: (m: CaughtEmail) => boolean, timeoutMs?: number): Promise<CaughtEmail>;
  clear(): void;
  close(): Promise<void>;
}

/** A local SMTP listener that keeps every message in memory, with an optional mailbox page. */
export async function startMailCatcher(
  options: { smtpPort?: number; httpPort?: number; host?: string; limit?: number } = {},
): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const limit = options.limit ?? 5000;
  const inbox: CaughtEmail[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          for (const [key, value] of parsed.headers) if (typeof value === 'string') headers[key] = value;
          inbox.push({
            id: nextId++,
            receivedAt: new Date().toISOString(),
            from: parsed.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers,
          });
          // Oldest first out, so a long-running dev session cannot grow without bound.
          if (inbox.length > limit) inbox.splice(0, inbox.length - limit);
          for (const wake of waiters) wake();
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  let http: Server | undefined;
  if (options.httpPort !== undefined) {
    http = createHttpServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://mailbox');
      const one = /^\/messages\/(\d+)$/.exec(url.pathname);
      if (url.pathname === '/api/messages') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(inbox));
      } else if (one) {
        const message = inbox.find((m) => m.id === Number(one[1]));
        res
          .writeHead(message ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
          .end(message ? renderMessage(message) : 'No such message');
      } else if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderMailbox(inbox));
      } else {
        res.writeHead(404).end('Not found');
      }
    });
    await new Promise<void>((resolve, reject) => {
      http!.once('error', reject);
      http!.listen(options.httpPort, host, () => resolve());
    });
  }
  const httpPort = http ? (http.address() as AddressInfo).port : undefined;

  return {
    smtpPort,
    smtpUrl: `smtp://${host}:${smtpPort}`,
    httpUrl: httpPort ? `http://localhost:${httpPort}` : undefined,
    messages: () => [...inbox],
    clear: () => void inbox.splice(0),
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = inbox.find(predicate);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching email within ${timeoutMs} ms; caught: ${inbox.map((m) => `${m.to.join(',')} "${m.subject}"`).join('; ') || 'none'}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (http) await new Promise<void>((resolve) => http!.close(() => resolve()));
    },
  };
}
