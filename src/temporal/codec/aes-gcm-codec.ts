import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { Keyring } from './keyring';

const { temporal } = proto;
export const encryptedEncoding = 'binary/encrypted';
const keyIdField = 'encryption-key-id';
const text = new TextEncoder();
const untext = new TextDecoder();

/**
 * AES-256-GCM over each whole payload (metadata included), so the Temporal server stores only ciphertext:
 * names, emails and scores never reach its database in the clear. The key id travels in the payload.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keyring: Keyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.keyring.activeKeyId;
    const key = this.keyring.keys[keyId]!;
    return payloads.map((payload) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: text.encode(encryptedEncoding), [keyIdField]: text.encode(keyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      // Payloads written before encryption was turned on stay readable.
      if (!payload.metadata?.encoding || untext.decode(payload.metadata.encoding) !== encryptedEncoding) return payload;
      const keyId = payload.metadata[keyIdField] ? untext.decode(payload.metadata[keyIdField]) : '';
      const key = this.keyring.keys[keyId];
      if (!key)
        throw ApplicationFailure.nonRetryable(
          `payload encrypted with unknown key id "${keyId}": add that key to CODEC_KEYS`,
          'UnknownEncryptionKey',
        );
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
