import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec } from '../../src/temporal/codec/aes-gcm-codec';
import { parseKeyring } from '../../src/temporal/codec/keyring';

const key = () => randomBytes(32).toString('base64');
const secretPayload = () => defaultPayloadConverter.toPayload({ email: 'ada@example.org', scaled: 512 });

describe('AES-256-GCM payload codec', () => {
  it('encrypts so that neither the email nor the score is readable, and decrypts back to the same payload', async () => {
    const codec = new AesGcmPayloadCodec(parseKeyring(`k1:${key()}`));
    const [encrypted] = await codec.encode([secretPayload()]);
    const wire = Buffer.from(JSON.stringify(encrypted)) + Buffer.from(encrypted!.data!).toString('latin1');
    expect(wire).not.toContain('ada@example.org');
    expect(wire).not.toContain('512');
    expect(Buffer.from(encrypted!.metadata!['encryption-key-id']!).toString()).toBe('k1');
    const [decrypted] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decrypted!)).toEqual({ email: 'ada@example.org', scaled: 512 });
  });

  it('rotation: a new key encrypts, the old one still decrypts what it wrote', async () => {
    const k1 = key();
    const old = new AesGcmPayloadCodec(parseKeyring(`k1:${k1}`));
    const [writtenBefore] = await old.encode([secretPayload()]);
    const rotated = new AesGcmPayloadCodec(parseKeyring(`k2:${key()},k1:${k1}`));
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([writtenBefore!]))[0]!)).toMatchObject({
      scaled: 512,
    });
    const [writtenAfter] = await rotated.encode([secretPayload()]);
    expect(Buffer.from(writtenAfter!.metadata!['encryption-key-id']!).toString()).toBe('k2');
    await expect(old.decode([writtenAfter!])).rejects.toThrow(/unknown key id "k2": add that key to CODEC_KEYS/);
  });

  it('refuses a payload whose ciphertext was tampered with', async () => {
    const codec = new AesGcmPayloadCodec(parseKeyring(`k1:${key()}`));
    const [encrypted] = await codec.encode([secretPayload()]);
    const data = Buffer.from(encrypted!.data!);
    data[20] = data[20]! ^ 1;
    await expect(codec.decode([{ ...encrypted!, data }])).rejects.toThrow();
  });

  it('passes through payloads written before encryption was enabled', async () => {
    const codec = new AesGcmPayloadCodec(parseKeyring(`k1:${key()}`));
    const plain = secretPayload();
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('a malformed key list says what to fix', () => {
    expect(() => parseKeyring('')).toThrow(/at least one key/);
    expect(() => parseKeyring('k1:c2hvcnQ=')).toThrow(/AES-256 needs 32/);
    expect(() => parseKeyring(`k1:${key()},k1:${key()}`)).toThrow(/appears twice/);
  });
});
