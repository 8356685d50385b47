/** An error the API reports to the caller as is: status, a message a person can act on, and optional field errors. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: { code?: string; fields?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const unauthorized = (message = 'Sign in to continue.') => new HttpError(401, message, { code: 'unauthorized' });
export const forbidden = (message = 'You may not do this.') => new HttpError(403, message, { code: 'forbidden' });
// Used where saying "forbidden" would confirm that a private case exists.
export const notFound = (message = 'Not found.') => new HttpError(404, message, { code: 'not-found' });

/** The answer is final and nothing was done: the request was refused (4xx), not lost on the way. */
export const isClientError = (err: unknown): err is HttpError =>
  err instanceof HttpError && err.status >= 400 && err.status < 500;
