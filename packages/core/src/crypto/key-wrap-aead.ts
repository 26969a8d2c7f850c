import { poly1305 } from '@noble/ciphers/_poly1305.js'
import { xchacha20 } from '@noble/ciphers/chacha.js'
import { equalBytes } from '@noble/ciphers/utils.js'

/** Bytes of the Poly1305 tag. */
export const TAG_LENGTH = 16
/** Bytes of one ChaCha20 block: the first one gives the Poly1305 key, the data starts at the second. */
const BLOCK = 64

/**
 * XChaCha20-Poly1305 of `plaintext` (the RFC 8439 AEAD over the XChaCha20 stream), composed from
 * noble's stream cipher and Poly1305: byte for byte what `xchacha20poly1305(key, nonce, aad)`
 * gives (a test cross-checks both ways), without that object's per-call setup, which costs twice
 * the work for a 32-byte data key. Returns ciphertext then tag. For short messages: a key wrap.
 */
export function sealShort(
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  // Block 0 of the stream is the Poly1305 key; the plaintext is XORed from block 1 on.
  const stream = new Uint8Array(BLOCK + plaintext.length)
  stream.set(plaintext, BLOCK)
  xchacha20(key, nonce, stream, stream)
  try {
    const sealed = new Uint8Array(plaintext.length + TAG_LENGTH)
    sealed.set(stream.subarray(BLOCK))
    sealed.set(tagOf(stream.subarray(0, 32), aad, sealed.subarray(0, plaintext.length)), plaintext.length)
    return sealed
  } finally {
    stream.fill(0)
  }
}

/**
 * Opens what `sealShort` (or `xchacha20poly1305(key, nonce, aad).encrypt`) sealed. The stream is
 * XORed in one pass; the tag is compared in constant time and, when it does not match, the bytes
 * are wiped and nothing is returned.
 * @throws Error `invalid tag` when the key, nonce, associated data or bytes are not the sealed ones
 */
export function openShort(
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  sealed: Uint8Array,
): Uint8Array {
  if (sealed.length < TAG_LENGTH) throw new Error('invalid tag')
  const length = sealed.length - TAG_LENGTH
  const ciphertext = sealed.subarray(0, length)
  const stream = new Uint8Array(BLOCK + length)
  stream.set(ciphertext, BLOCK)
  xchacha20(key, nonce, stream, stream)
  try {
    if (!equalBytes(tagOf(stream.subarray(0, 32), aad, ciphertext), sealed.subarray(length))) {
      throw new Error('invalid tag')
    }
    return stream.slice(BLOCK)
  } finally {
    stream.fill(0)
  }
}

/** RFC 8439 §2.8: Poly1305 over aad, pad, ciphertext, pad, and both lengths as 64-bit little endian. */
function tagOf(polyKey: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const padded = (n: number) => Math.ceil(n / 16) * 16
  const data = new Uint8Array(padded(aad.length) + padded(ciphertext.length) + 16)
  data.set(aad)
  data.set(ciphertext, padded(aad.length))
  const lengths = new DataView(data.buffer, data.length - 16)
  lengths.setBigUint64(0, BigInt(aad.length), true)
  lengths.setBigUint64(8, BigInt(ciphertext.length), true)
  return poly1305(data, polyKey)
}
