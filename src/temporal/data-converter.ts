import type { DataConverter, PayloadCodec } from '@temporalio/common';
import { AesGcmPayloadCodec } from './codec/aes-gcm-codec';
import { parseKeyring } from './codec/keyring';

/** Every client and worker of certflow encrypts payloads with the same keys (CODEC_KEYS). */
export interface PayloadEncryption {
  codec: PayloadCodec;
  dataConverter: DataConverter;
}

export function payloadEncryption(codecKeys: string): PayloadEncryption {
  const codec = new AesGcmPayloadCodec(parseKeyring(codecKeys));
  return { codec, dataConverter: { payloadCodecs: [codec] } };
}
