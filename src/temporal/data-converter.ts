import { fileURLToPath } from 'node:url';
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import { AesGcmPayloadCodec } from './codec/aes-gcm-codec';
import { parseKeyring } from './codec/keyring';

/** Every client and worker of certflow encrypts payloads with the same keys (CODEC_KEYS). */
export interface PayloadEncryption {
  codec: PayloadCodec;
  dataConverter: DataConverter;
}

/** Moves failure messages and stack traces into an encoded payload, so the codec encrypts them too. */
export const failureConverterPath = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

export function payloadEncryption(codecKeys: string): PayloadEncryption {
  const codec = new AesGcmPayloadCodec(parseKeyring(codecKeys));
  return { codec, dataConverter: { payloadCodecs: [codec], failureConverterPath } };
}
