import { bytesToHex } from '@noble/ciphers/utils.js'
import { describe, expect, it } from 'vitest'
import { type EnvelopeBinding, encodeBinding } from './binding.js'

const binding: EnvelopeBinding = {
  accountId: 'acc',
  credentialId: 'cred',
  type: 'basic-auth',
  secretVersion: 1,
}

describe('encodeBinding', () => {
  it('binds any well-formed type string: credential types are the domain rule, not crypto', () => {
    const other = encodeBinding({ ...binding, type: 'not-a-credential-type' })
    expect(bytesToHex(other)).not.toBe(bytesToHex(encodeBinding(binding)))
  })

  it('accepts a surrogate pair, which is well-formed, and binds it as 4-byte UTF-8', () => {
    const encoded = encodeBinding({ ...binding, accountId: 'a\u{1F600}' })
    expect(bytesToHex(encoded)).toContain(`00000005${bytesToHex(new TextEncoder().encode('a\u{1F600}'))}`)
  })

  it.each<[string, Partial<Record<keyof EnvelopeBinding, unknown>>]>([
    ['type', { type: 7 }],
    ['type', { type: 'x\uD800' }],
    ['credentialId', { credentialId: '\uDC00x' }],
    ['accountId', { accountId: undefined }],
    ['secretVersion', { secretVersion: -1 }],
  ])('rejects a malformed %s with VALIDATION_FAILED naming the field', (field, change) => {
    expect(() => encodeBinding({ ...binding, ...change } as EnvelopeBinding)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', field }),
    )
  })
})
