import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { verifyCsrf } from '../api/auth/csrf';
import type { SigningKeys } from '../lib/signing-keys';
import { HttpError } from '../api/errors';
import { multipartError } from './multipart-error';
import { checkUpload, describeAllowed, formatBytes, type UploadKind } from './check-upload';

/** A checked upload, on `res.locals.upload` after receiveUpload (absent when an optional file was not sent). */
export interface ReceivedUpload {
  bytes: Uint8Array;
  kind: UploadKind;
  contentType: string;
  /** The client's file name, for display only (never used to decide anything). */
  originalName: string;
  sizeBytes: number;
}

export function receivedUpload(res: Response): ReceivedUpload {
  const upload = res.locals.upload as ReceivedUpload | undefined;
  if (!upload) throw new Error('receivedUpload() used on a route without receiveUpload()');
  return upload;
}

/**
 * Middleware for one multipart file field: multer memory storage with a hard size limit (the stream is cut at
 * the limit, never buffered whole), then the CSRF field of the form (the global check cannot read a multipart
 * body), then the content check by magic bytes. 413 too large, 415 wrong kind, 400 missing file.
 */
export function receiveUpload(options: {
  field: string;
  allowed: readonly UploadKind[];
  maxBytes: number;
  csrfKeys?: SigningKeys;
  optional?: boolean;
  maxFields?: number;
}): RequestHandler[] {
  const fields = options.maxFields ?? 20;
  const accepted = describeAllowed(options.allowed);
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: options.maxBytes, files: 1, fields, fieldSize: 10_000, parts: fields + 5 },
  }).single(options.field);

  const parseWithLimits: RequestHandler = (req, res, next) => {
    parse(req, res, (err: unknown) => {
      if (!err) return next();
      next(
        multipartError(err, {
          tooLarge: `The file is larger than ${formatBytes(options.maxBytes)}. Upload a smaller ${accepted}.`,
          field: `Send one file in the field "${options.field}".`,
          fieldName: options.field,
        }),
      );
    });
  };

  const check = (req: Request, res: Response, next: NextFunction) => {
    const file = req.file;
    // An optional file left empty: the browser still sends the part, with no name and no bytes.
    if (options.optional && (!file || (file.size === 0 && !file.originalname))) return next();
    if (!file)
      return next(
        new HttpError(400, `Choose a ${accepted} file to upload.`, {
          code: 'upload-missing',
          fields: { [options.field]: 'required' },
        }),
      );
    const bytes = new Uint8Array(file.buffer.buffer, file.buffer.byteOffset, file.buffer.byteLength);
    const result = checkUpload(bytes, { allowed: options.allowed, maxBytes: options.maxBytes });
    if (!result.ok) {
      const status = bytes.length > options.maxBytes ? 413 : bytes.length === 0 ? 400 : 415;
      return next(
        new HttpError(status, result.message, {
          code: status === 415 ? 'upload-type' : 'upload-invalid',
          fields: { [options.field]: result.message },
        }),
      );
    }
    res.locals.upload = {
      bytes,
      kind: result.kind,
      contentType: result.contentType,
      originalName: file.originalname.slice(0, 200),
      sizeBytes: bytes.length,
    } satisfies ReceivedUpload;
    next();
  };

  return [parseWithLimits, ...(options.csrfKeys ? [verifyCsrf(options.csrfKeys) as RequestHandler] : []), check];
}
