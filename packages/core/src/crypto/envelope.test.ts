import { fc, test } from '@fast-check/vitest'
import { bytesToHex } from '@noble/ciphers/utils.js'
import { describe, expect, it } from 'vitest'
import { CredentialsError } from '../errors.js'
import type { KeyPort } from '../ports/key-port.js'
import { systemRandom } from '../ports/random.js'
import type { EnvelopeBinding } from './binding.js'
import { envelopeKeyId, openEnvelope, payloadDigest, rewrapEnvelope, sealEnvelope } from './envelope.js'
import { openJson, sealJson } from './envelope-json.js'
import { createLocalKeyring, generateKey, keyToBase64 } from './local-keyring.js'

const k1 = generateKey()
const k2 = generateKey()
const keyring = createLocalKeyring({ keys: { k1 }, primary: 'k1' })
const binding: EnvelopeBinding = {
  accountId: 'acc-1',
  credentialId: 'cred-1',
  type: 'basic-auth',
  secretVersion: 3,
}
const plaintext = new TextEncoder().encode('{"username":"u","password":"p"}')

async function expectCryptoFailed(promise: Promise<unknown>): Promise<CredentialsError> {
  const error = await promise.then(
    () => expect.unreachable('expected CRYPTO_FAILED'),
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(CredentialsError)
  expect((error as CredentialsError).code).toBe('CRYPTO_FAILED')
  return error as CredentialsError
}

const sealed = await sealEnvelope(keyring, systemRandom, binding, plaintext)

describe('sealEnvelope / openEnvelope', () => {
  test.prop([fc.uint8Array({ minLength: 0, maxLength: 2048 })])('round-trips any bytes', async (bytes) => {
    const { envelope, keyId } = await sealEnvelope(keyring, systemRandom, binding, bytes)
    expect(keyId).toBe('k1')
    expect(envelopeKeyId(envelope)).toBe('k1')
    expect(await openEnvelope(keyring, binding, envelope)).toEqual(bytes)
  })

  test.prop([fc.jsonValue()])('round-trips any JSON value', async (value) => {
    const { envelope } = await sealJson(keyring, systemRandom, binding, value)
    expect(await openJson(keyring, binding, envelope)).toEqual(JSON.parse(JSON.stringify(value)))
  })

  it('gives a different envelope and digest for each seal of the same plaintext', async () => {
    const again = await sealEnvelope(keyring, systemRandom, binding, plaintext)
    expect(again.envelope).not.toEqual(sealed.envelope)
    expect(payloadDigest(again.envelope)).not.toBe(payloadDigest(sealed.envelope))
  })

  it('wipes the data key after wrapping it', async () => {
    let seen: Uint8Array | undefined
    const spy: KeyPort = {
      ...keyring,
      wrap: (dataKey, context) => {
        seen = dataKey
        return keyring.wrap(dataKey, context)
      },
    }
    await sealEnvelope(spy, systemRandom, binding, plaintext)
    expect(seen).toEqual(new Uint8Array(32))
  })
})

describe('tampering', () => {
  const position = fc.integer({ min: 0, max: sealed.envelope.length - 1 })
  test.prop([position, fc.integer({ min: 0, max: 7 })], { numRuns: 500 })(
    'fails on any single bit flip',
    async (at, bit) => {
      const tampered = sealed.envelope.slice()
      tampered[at] = tampered[at]! ^ (1 << bit)
      await expectCryptoFailed(openEnvelope(keyring, binding, tampered))
    },
  )

  it('fails when truncated at any length or extended', async () => {
    for (let length = 0; length < sealed.envelope.length; length++) {
      await expectCryptoFailed(openEnvelope(keyring, binding, sealed.envelope.subarray(0, length)))
    }
    const extended = new Uint8Array([...sealed.envelope, 0])
    await expectCryptoFailed(openEnvelope(keyring, binding, extended))
  })

  it.each<[string, Partial<EnvelopeBinding>]>([
    ['accountId', { accountId: 'acc-2' }],
    ['credentialId', { credentialId: 'cred-2' }],
    ['type', { type: 'container-registry' }],
    ['secretVersion', { secretVersion: 2 }],
  ])('fails when opened with a different %s', async (_, change) => {
    await expectCryptoFailed(openEnvelope(keyring, { ...binding, ...change }, sealed.envelope))
  })

  it('fails for an unknown key id, a rejecting KeyPort or a bad unwrapped key', async () => {
    const other = createLocalKeyring({ keys: { k2 }, primary: 'k2' })
    await expectCryptoFailed(openEnvelope(other, binding, sealed.envelope))
    const cause = new Error('kms down')
    const failing: KeyPort = { ...keyring, unwrap: () => Promise.reject(cause) }
    expect((await expectCryptoFailed(openEnvelope(failing, binding, sealed.envelope))).cause).toBe(cause)
    const short: KeyPort = { ...keyring, unwrap: async () => new Uint8Array(16) }
    await expectCryptoFailed(openEnvelope(short, binding, sealed.envelope))
  })

  it('records any UTF-8 key id of 1..65535 bytes a KeyPort reports, and refuses others', async () => {
    const reporting = (keyId: string): KeyPort => ({
      ...keyring,
      wrap: async (dataKey, context) => ({ keyId, wrapped: (await keyring.wrap(dataKey, context)).wrapped }),
      unwrap: (_, wrapped, context) => keyring.unwrap('k1', wrapped, context),
    })
    for (const keyId of ['kms/cl\u00e9-\u{1F600}', '\u20ac'.repeat(21_845), 'x\uD800']) {
      const { envelope } = await sealEnvelope(reporting(keyId), systemRandom, binding, plaintext)
      // A lone surrogate cannot be stored as UTF-8: it is recorded as U+FFFD, as TextEncoder does.
      expect(envelopeKeyId(envelope)).toBe(keyId.toWellFormed())
      expect(await openEnvelope(reporting(keyId), binding, envelope)).toEqual(plaintext)
    }
    for (const keyId of ['', '\u00e9'.repeat(32_768)]) {
      await expectCryptoFailed(sealEnvelope(reporting(keyId), systemRandom, binding, plaintext))
    }
  })

  it('reports malformed headers as CRYPTO_FAILED', async () => {
    const badVersion = sealed.envelope.slice()
    badVersion[0] = 2
    expect(() => envelopeKeyId(badVersion)).toThrow(expect.objectContaining({ code: 'CRYPTO_FAILED' }))
    expect(() => payloadDigest(new Uint8Array([1, 0]))).toThrow(
      expect.objectContaining({ code: 'CRYPTO_FAILED' }),
    )
    await expectCryptoFailed(rewrapEnvelope(keyring, binding, badVersion))
  })

  it('never puts plaintext or key bytes in the error', async () => {
    const error = await expectCryptoFailed(
      openEnvelope(keyring, { ...binding, secretVersion: 9 }, sealed.envelope),
    )
    for (const rendered of [JSON.stringify(error), error.message, String(error.stack)]) {
      expect(rendered).not.toContain('password')
      expect(rendered).not.toContain(bytesToHex(k1))
      expect(rendered).not.toContain(keyToBase64(k1))
    }
  })
})

describe('rewrapEnvelope', () => {
  it('re-wraps under the new primary and keeps the payload byte-identical', async () => {
    const rotated = createLocalKeyring({ keys: { k1, k2 }, primary: 'k2' })
    const rewrapped = await rewrapEnvelope(rotated, binding, sealed.envelope)
    expect(rewrapped.keyId).toBe('k2')
    expect(envelopeKeyId(rewrapped.envelope)).toBe('k2')
    expect(payloadDigest(rewrapped.envelope)).toBe(payloadDigest(sealed.envelope))
    const payloadLength = 24 + plaintext.length + 16
    expect(rewrapped.envelope.subarray(-payloadLength)).toEqual(sealed.envelope.subarray(-payloadLength))

    expect(await openEnvelope(rotated, binding, rewrapped.envelope)).toEqual(plaintext)
    const newOnly = createLocalKeyring({ keys: { k2 }, primary: 'k2' })
    expect(await openEnvelope(newOnly, binding, rewrapped.envelope)).toEqual(plaintext)
    await expectCryptoFailed(openEnvelope(keyring, binding, rewrapped.envelope))
  })

  it('refuses to re-wrap for a different binding', async () => {
    const rotated = createLocalKeyring({ keys: { k1, k2 }, primary: 'k2' })
    await expectCryptoFailed(rewrapEnvelope(rotated, { ...binding, accountId: 'acc-2' }, sealed.envelope))
  })
})
