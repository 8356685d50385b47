import { html } from '../../lib/html';
import { layoutEmail } from '../layout';
import type { RenderedEmail } from '../message';

export interface SimpleEmail {
  subject: string;
  heading: string;
  /** Greeting name; omitted for staff messages. */
  firstName?: string;
  /** Plain-text paragraphs: escaped in the html part, as is in the text part. */
  paragraphs: string[];
  links?: { href: string; label: string }[];
}

/** A message of paragraphs and links, rendered to both parts from the same text so they never disagree. */
export function simpleEmail(e: SimpleEmail): RenderedEmail {
  const greeting = e.firstName ? [`Dear ${e.firstName},`] : [];
  const paragraphs = [...greeting, ...e.paragraphs];
  const links = e.links ?? [];
  const body = html`<h1>${e.heading}</h1>
${paragraphs.map((p) => html`<p>${p}</p>\n`)}${links.map((l) => html`<p><a href="${l.href}">${l.label}</a></p>\n`)}`;
  const text = [...paragraphs, ...links.map((l) => `${l.label}:\n${l.href}`)].join('\n\n');
  return layoutEmail(e.subject, body, text);
}

export const usd = (n: number): string => `$${n.toFixed(2)}`;
