import { html, type SafeHtml } from '../../lib/html';

const css = `
:root { color-scheme: light; --ink: #1b1b1b; --accent: #1d4f91; --err: #b00020; }
body { font-family: system-ui, sans-serif; color: var(--ink); line-height: 1.5; margin: 0 }
header, main, footer { max-width: 46rem; margin: auto; padding: 1rem }
header { display: flex; gap: 1rem; align-items: baseline; border-bottom: 1px solid #ddd }
header a { color: var(--accent) } .brand { font-weight: 700; margin-right: auto }
label { display: block; font-weight: 600; margin-top: 1rem }
input, select, button, textarea { font: inherit; padding: .4rem; margin-top: .25rem }
textarea { width: 100%; max-width: 28rem; box-sizing: border-box }
:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px }
.hint { display: block; color: #4a4a4a } .optional { font-weight: 400 }
.choice label { display: inline; font-weight: 400 } fieldset { margin-top: 1rem }
.visually-hidden:not(:focus) { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap }
input[type=text], input[type=email], input[type=password], input[type=date], select { width: 100%; max-width: 28rem; box-sizing: border-box }
button { margin-top: 1.25rem; background: var(--accent); color: white; border: 0; padding: .5rem 1.25rem; cursor: pointer }
.field-error { color: var(--err); display: block } [aria-invalid=true] { border: 2px solid var(--err) }
.error-summary { border: 2px solid var(--err); padding: .5rem 1rem }
table { border-collapse: collapse; width: 100% } td, th { text-align: left; padding: .35rem; border-bottom: 1px solid #ddd }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem } dt { font-weight: 600 }
`;

/** The page shell: skip link, landmarks, one h1 per page, no script needed. */
export function page(title: string, body: SafeHtml, options: { staffName?: string; csrf?: string } = {}): string {
  const nav = options.staffName
    ? html`<a href="/staff">Staff area</a><form method="post" action="/staff/logout" style="display:inline"><input type="hidden" name="_csrf" value="${options.csrf ?? ''}"><button type="submit" style="margin:0;padding:.2rem .6rem">Sign out ${options.staffName}</button></form>`
    : html`<a href="/apply">Apply</a><a href="/links/resend">Lost your link?</a><a href="/staff">Staff</a>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — certflow</title><style>${css}</style></head>
<body><a href="#main" class="visually-hidden">Skip to content</a>
<header><span class="brand">certflow</span>${nav}</header>
<main id="main">${body}</main>
<footer><small>Certification office. Scores are sent only to the candidate's email on file.</small></footer>
</body></html>`.value;
}

export function errorPage(status: number, message: string): string {
  return page(
    `Error ${status}`,
    html`<h1>${status === 404 ? 'Not found' : status === 401 || status === 403 ? 'Access refused' : 'Something went wrong'}</h1><p>${message}</p>`,
  );
}

/** An accepted request still being processed at the deadline: where to look for its outcome. */
export function inProgressPage(statusUrl: string | undefined): string {
  return page(
    'Being processed',
    html`<h1>Your request is being processed</h1><p>It was accepted and will be done in a moment; there is no need to send it again.</p>
${statusUrl ? html`<p><a href="${statusUrl}">Open the page</a> in a moment to see the outcome.</p>` : ''}`,
  );
}
