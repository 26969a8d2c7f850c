import { describe, expect, it } from 'vitest'
import { CredentialsError } from '../errors.js'
import { createLocalKeyring, generateKey, keyToBase64 } from './local-keyring.js'

const key = generateKey()
const context = new TextEncoder().encode('context-a')
const dataKey = generateKey()

function validationError(run: () => unknown): CredentialsError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialsError)
    expect((error as CredentialsError).code).toBe('VALIDATION_FAILED')
    return error as CredentialsError
  }
  return expect.unreachable('expected VALIDATION_FAILED')
}

async function expectCryptoFailed(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(CredentialsError)
  await expect(promise).rejects.toMatchObject({ code: 'CRYPTO_FAILED' })
}

describe('createLocalKeyring', () => {
  it('accepts bytes and base64 and wraps with the primary', async () => {
    const keyring = createLocalKeyring({
      keys: { old: key, 'new-2': keyToBase64(generateKey()) },
      primary: 'new-2',
    })
    expect(await keyring.primaryKeyId()).toBe('new-2')
    const { keyId, wrapped } = await keyring.wrap(dataKey, context)
    expect(keyId).toBe('new-2')
    expect(wrapped.length).toBe(24 + 32 + 16)
    expect(await keyring.unwrap('new-2', wrapped, context)).toEqual(dataKey)
  })

  it('copies the key bytes so the caller can wipe them', async () => {
    const mine = Uint8Array.from(key)
    const keyring = createLocalKeyring({ keys: { k: mine }, primary: 'k' })
    const { wrapped } = await keyring.wrap(dataKey, context)
    mine.fill(0)
    expect(await keyring.unwrap('k', wrapped, context)).toEqual(dataKey)
  })

  it('reports every bad key by id and length, never by value', () => {
    const short = key.subarray(0, 16)
    const shortBase64 = keyToBase64(short)
    const longBase64 = keyToBase64(new Uint8Array([...key, ...key]))
    const error = validationError(() =>
      createLocalKeyring({
        keys: { a: short, b: shortBase64, c: 'not base64!', d: longBase64, [keyToBase64(key)]: key },
        primary: 'missing',
      }),
    )
    expect(error.issues).toEqual([
      { path: ['keys', 'a'], message: 'expected 32 bytes, got 16' },
      { path: ['keys', 'b'], message: 'expected base64 of 32 bytes, got 16' },
      { path: ['keys', 'c'], message: 'expected base64 of 32 bytes' },
      { path: ['keys', 'd'], message: 'expected base64 of 32 bytes, got 64' },
      { path: ['keys', 4], message: expect.stringContaining('expected a key id') },
      { path: ['primary'], message: 'expected the id of a valid key in keys' },
    ])
    for (const rendered of [error.message, JSON.stringify(error), String(error.stack)]) {
      for (const material of [shortBase64, longBase64, keyToBase64(key), key.join(','), short.join(',')]) {
        expect(rendered).not.toContain(material)
      }
    }
  })

  it.each([
    ['an empty key id', { '': key }, ''],
    ['a key id of 65 characters', { ['k'.repeat(65)]: key }, 'k'.repeat(65)],
    ['a primary that is not a key', { k: key }, 'other'],
  ])('rejects %s', (_, keys, primary) => {
    validationError(() => createLocalKeyring({ keys, primary }))
  })

  it('rejects an unknown key id, a wrong context and tampered bytes with CRYPTO_FAILED', async () => {
    const keyring = createLocalKeyring({ keys: { k: key }, primary: 'k' })
    const { wrapped } = await keyring.wrap(dataKey, context)
    await expectCryptoFailed(keyring.unwrap('other', wrapped, context))
    await expectCryptoFailed(keyring.unwrap('k', wrapped, new TextEncoder().encode('context-b')))
    await expectCryptoFailed(keyring.unwrap('k', wrapped.subarray(0, 30), context))
    const tampered = wrapped.slice()
    tampered[40] = tampered[40]! ^ 1
    await expectCryptoFailed(keyring.unwrap('k', tampered, context))
    const otherKey = createLocalKeyring({ keys: { k: generateKey() }, primary: 'k' })
    await expectCryptoFailed(otherKey.unwrap('k', wrapped, context))
  })

  it('uses fresh randomness for every wrap', async () => {
    const keyring = createLocalKeyring({ keys: { k: key }, primary: 'k' })
    const a = await keyring.wrap(dataKey, context)
    const b = await keyring.wrap(dataKey, context)
    expect(a.wrapped).not.toEqual(b.wrapped)
  })
})
