import { randomBytes } from 'node:crypto'
import { fc, test } from '@fast-check/vitest'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { describe, expect, it } from 'vitest'
import { openShort, sealShort } from './key-wrap-aead.js'

const bytes = (n: number) => new Uint8Array(randomBytes(n))

describe('sealShort / openShort', () => {
  test.prop([fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 100 })])(
    'are XChaCha20-Poly1305: the same bytes as noble, and each opens what the other sealed',
    (plaintext, aad) => {
      const key = bytes(32)
      const nonce = bytes(24)
      const reference = xchacha20poly1305(key, nonce, aad).encrypt(plaintext)
      expect(sealShort(key, nonce, aad, plaintext)).toEqual(reference)
      expect(openShort(key, nonce, aad, reference)).toEqual(plaintext)
      expect(xchacha20poly1305(key, nonce, aad).decrypt(sealShort(key, nonce, aad, plaintext))).toEqual(
        plaintext,
      )
    },
  )

  it('rejects a flipped bit anywhere, another key, nonce or associated data, and a truncated input', () => {
    const key = bytes(32)
    const nonce = bytes(24)
    const aad = bytes(40)
    const sealed = sealShort(key, nonce, aad, bytes(32))
    for (let bit = 0; bit < sealed.length * 8; bit++) {
      const flipped = sealed.slice()
      flipped[bit >> 3]! ^= 1 << (bit & 7)
      expect(() => openShort(key, nonce, aad, flipped)).toThrow('invalid tag')
    }
    expect(() => openShort(bytes(32), nonce, aad, sealed)).toThrow('invalid tag')
    expect(() => openShort(key, bytes(24), aad, sealed)).toThrow('invalid tag')
    expect(() => openShort(key, nonce, bytes(40), sealed)).toThrow('invalid tag')
    expect(() => openShort(key, nonce, aad, sealed.subarray(0, 15))).toThrow('invalid tag')
  })
})
