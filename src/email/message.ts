/** A rendered email: every message has an html and a plain-text part. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** Stable header so a catcher or a test can tell which (workflow, kind) a message belongs to. */
  headers?: Record<string, string>;
  /** Set by the sender from the email slot, so every attempt at one message carries the same Message-ID. */
  messageId?: string;
}
