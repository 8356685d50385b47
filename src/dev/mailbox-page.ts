import { html } from '../lib/html';
import type { CaughtEmail } from './mail-catcher';

const style = html`<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b }
table { border-collapse: collapse; width: 100% } td, th { border-bottom: 1px solid #ddd; padding: .4rem; text-align: left }
iframe { width: 100%; height: 32rem; border: 1px solid #ccc } pre { white-space: pre-wrap; background: #f6f6f6; padding: 1rem }
</style>`;

/** The local mailbox: every message the catcher received, newest first. */
export function renderMailbox(inbox: CaughtEmail[]): string {
  const rows = [...inbox]
    .reverse()
    .map(
      (m) =>
        html`<tr><td>${m.receivedAt}</td><td>${m.to.join(', ')}</td><td><a href="/messages/${m.id}">${m.subject || '(no subject)'}</a></td></tr>`,
    );
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mailbox (${inbox.length})</title>${style}</head>
<body><h1>Local mailbox</h1><p>${inbox.length} message(s) caught by the local SMTP listener. Nothing here left this machine.</p>
<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table></body></html>`
    .value;
}

/** One message: its html part in a sandboxed frame (no scripts), and its text part. */
export function renderMessage(m: CaughtEmail): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${m.subject}</title>${style}</head>
<body><p><a href="/">← Mailbox</a></p><h1>${m.subject}</h1><p>From ${m.from} to ${m.to.join(', ')}, ${m.receivedAt}</p>
<h2>HTML</h2><iframe sandbox title="html part" srcdoc="${m.html}"></iframe><h2>Text</h2><pre>${m.text}</pre></body></html>`
    .value;
}
