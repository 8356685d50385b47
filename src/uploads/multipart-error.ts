import multer from 'multer';
import { HttpError } from '../api/errors';

/**
 * Every failure of the multipart parser is the sender's: multer's limits, and busboy's own errors on a broken
 * body (no boundary, an unexpected end, a malformed part header), which are plain Errors. Nothing was stored:
 * the parser keeps files in memory and the handler never ran.
 */
export function multipartError(
  err: unknown,
  messages: { tooLarge: string; field: string; fieldName?: string },
): HttpError {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE')
      return new HttpError(413, messages.tooLarge, {
        code: 'upload-too-large',
        ...(messages.fieldName ? { fields: { [messages.fieldName]: 'too large' } } : {}),
      });
    if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT')
      return new HttpError(400, messages.field, { code: 'upload-field' });
  }
  return new HttpError(400, 'The upload form was not sent correctly. Reload the page and try again.', {
    code: 'upload-form',
  });
}
