/**
 * Envelope binary format, version 1. All integers are unsigned big-endian.
 *
 *   offset      size  field
 *   0           1     format version, 0x01
 *   1           2     K = byte length of the key id (1..65535)
 *   3           K     key id, UTF-8: the KeyPort key that wrapped the data key
 *   3+K         2     W = byte length of the wrapped data key (1..65535)
 *   5+K         W     wrapped data key, opaque bytes from `KeyPort.wrap`
 *   5+K+W       24    payload nonce
 *   29+K+W      rest  payload ciphertext: XChaCha20-Poly1305 with its 16-byte tag (≥ 16 bytes)
 *
 * The payload (nonce + ciphertext) is the tail of the envelope, so re-wrapping only rewrites
 * the header. The payload's associated data and the wrap context are both `encodeBinding(...)`.
 */
import { isBytes } from '@noble/ciphers/utils.js'
import { CredentialsError } from '../errors.js'
import { utf8Length } from './length-prefixed.js'

export const FORMAT_VERSION = 1
export const NONCE_LENGTH = 24
export const TAG_LENGTH = 16
const MAX_FIELD = 0xffff

/** The fields of a parsed envelope; `payload` is nonce + ciphertext. */
export interface EnvelopeParts {
  readonly keyId: string
  readonly wrappedKey: Uint8Array
  readonly nonce: Uint8Array
  readonly ciphertext: Uint8Array
  readonly payload: Uint8Array
}

const encoder = new TextEncoder()
// ignoreBOM keeps a leading BOM in the key id instead of silently dropping it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

const malformed = (what: string, cause?: unknown): CredentialsError =>
  new CredentialsError('CRYPTO_FAILED', `Envelope is malformed: ${what}`, { cause })

/**
 * Serialises the parts; the payload (nonce + ciphertext) is copied byte for byte, given whole or
 * as its consecutive pieces.
 */
export function encodeEnvelope(keyId: string, wrappedKey: Uint8Array, ...payload: Uint8Array[]): Uint8Array {
  const idLength = typeof keyId === 'string' ? utf8Length(keyId) : 0
  if (idLength < 1 || idLength > MAX_FIELD) throw malformed('key id must be 1..65535 bytes')
  if (!isBytes(wrappedKey) || wrappedKey.length < 1 || wrappedKey.length > MAX_FIELD) {
    throw malformed('wrapped key must be 1..65535 bytes')
  }
  let offset = 5 + idLength + wrappedKey.length
  let length = offset
  for (const piece of payload) length += piece.length
  const out = new Uint8Array(length)
  const view = new DataView(out.buffer)
  out[0] = FORMAT_VERSION
  view.setUint16(1, idLength)
  encoder.encodeInto(keyId, out.subarray(3, 3 + idLength))
  view.setUint16(3 + idLength, wrappedKey.length)
  out.set(wrappedKey, 5 + idLength)
  for (const piece of payload) {
    out.set(piece, offset)
    offset += piece.length
  }
  return out
}

/** The length of the uint16-prefixed field at `offset`, checked to be non-empty and complete. */
function fieldLength(envelope: Uint8Array, view: DataView, offset: number, name: string): number {
  if (envelope.length < offset + 2) throw malformed(`truncated before the ${name} length`)
  const length = view.getUint16(offset)
  if (length < 1) throw malformed(`empty ${name}`)
  if (envelope.length < offset + 2 + length) throw malformed(`truncated ${name}`)
  return length
}

/**
 * Parses an envelope without decrypting anything.
 * @throws CredentialsError `CRYPTO_FAILED` when truncated, of an unknown version or malformed.
 */
export function decodeEnvelope(input: Uint8Array): EnvelopeParts {
  if (!isBytes(input)) throw malformed('expected a Uint8Array')
  // A private copy: the caller cannot change the bytes while a KeyPort call is pending.
  const envelope = input.slice()
  if (envelope.length < 1) throw malformed('empty')
  if (envelope[0] !== FORMAT_VERSION) throw malformed('unknown format version')
  const view = new DataView(envelope.buffer, envelope.byteOffset, envelope.byteLength)

  const idLength = fieldLength(envelope, view, 1, 'key id')
  let keyId: string
  try {
    keyId = decoder.decode(envelope.subarray(3, 3 + idLength))
  } catch (cause) {
    throw malformed('key id is not UTF-8', cause)
  }
  let offset = 3 + idLength
  const wrappedLength = fieldLength(envelope, view, offset, 'wrapped key')
  const wrappedKey = envelope.subarray(offset + 2, offset + 2 + wrappedLength)
  offset += 2 + wrappedLength
  if (envelope.length < offset + NONCE_LENGTH + TAG_LENGTH) throw malformed('truncated payload')
  const payload = envelope.subarray(offset)
  return {
    keyId,
    wrappedKey,
    nonce: payload.subarray(0, NONCE_LENGTH),
    ciphertext: payload.subarray(NONCE_LENGTH),
    payload,
  }
}
