import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { bytesToHex, bytesToUtf8, hexToBytes } from '@noble/ciphers/utils.js'
import { describe, expect, it } from 'vitest'
import type { Random } from '../ports/random.js'
import { type EnvelopeBinding, encodeBinding } from './binding.js'
import { envelopeKeyId, openEnvelope, sealEnvelope } from './envelope.js'
import vector from './fixtures/envelope-v1.json' with { type: 'json' }
import { createLocalKeyring } from './local-keyring.js'

const binding = vector.binding as EnvelopeBinding
const plaintext = new TextEncoder().encode(vector.plaintextUtf8)
const envelope = hexToBytes(vector.envelopeHex)
const random = hexToBytes(vector.randomHex)

/** Hands out the fixture's random bytes in order and fails once they run out. */
function fixedRandom(): Random & { used(): number } {
  let offset = 0
  return {
    bytes(length) {
      if (offset + length > random.length) throw new Error('fixed random stream exhausted')
      offset += length
      return random.slice(offset - length, offset)
    },
    id: () => expect.unreachable('id() is not used when sealing'),
    float: () => expect.unreachable('float() is not used when sealing'),
    used: () => offset,
  }
}

const keyringWith = (r?: Random) =>
  createLocalKeyring({
    keys: { [vector.keyId]: hexToBytes(vector.kekHex) },
    primary: vector.keyId,
    random: r,
  })

describe('envelope v1 known-answer vector', () => {
  it('encodes the binding as pinned', () => {
    expect(bytesToHex(encodeBinding(binding))).toBe(vector.aadHex)
  })

  it('seals to exactly the pinned bytes', async () => {
    const r = fixedRandom()
    const sealed = await sealEnvelope(keyringWith(r), r, binding, plaintext)
    expect(bytesToHex(sealed.envelope)).toBe(vector.envelopeHex)
    expect(sealed.keyId).toBe(vector.keyId)
    expect(r.used()).toBe(random.length)
  })

  it('opens the pinned bytes', async () => {
    expect(envelopeKeyId(envelope)).toBe(vector.keyId)
    expect(bytesToUtf8(await openEnvelope(keyringWith(), binding, envelope))).toBe(vector.plaintextUtf8)
  })

  it('follows the documented layout, checked with noble directly', () => {
    const aad = hexToBytes(vector.aadHex)
    const view = new DataView(envelope.buffer, envelope.byteOffset, envelope.byteLength)
    expect(envelope[0]).toBe(1)
    const k = view.getUint16(1)
    expect(bytesToUtf8(envelope.subarray(3, 3 + k))).toBe(vector.keyId)
    const w = view.getUint16(3 + k)
    const wrapped = envelope.subarray(5 + k, 5 + k + w)
    const nonce = envelope.subarray(5 + k + w, 29 + k + w)
    const ciphertext = envelope.subarray(29 + k + w)
    expect(ciphertext.length).toBe(plaintext.length + 16)

    // The local keyring's wrapped key is nonce (24) + XChaCha20-Poly1305(KEK, context = AAD).
    const kek = hexToBytes(vector.kekHex)
    const dataKey = xchacha20poly1305(kek, wrapped.subarray(0, 24), aad).decrypt(wrapped.subarray(24))
    expect(dataKey).toEqual(random.subarray(0, 32))
    expect(nonce).toEqual(random.subarray(32, 56))
    expect(wrapped.subarray(0, 24)).toEqual(random.subarray(56, 80))

    expect(xchacha20poly1305(dataKey, nonce, aad).decrypt(ciphertext)).toEqual(plaintext)
  })
})
