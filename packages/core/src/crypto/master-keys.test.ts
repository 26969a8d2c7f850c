import { describe, expect, it } from 'vitest'
import { isCredentialsError, pathToField } from '../errors.js'
import { generateKey, keyToBase64 } from './local-keyring.js'
import { keyringFromMasterKeys, parseMasterKeys } from './master-keys.js'

const k1 = keyToBase64(generateKey())
const k2 = keyToBase64(generateKey())

describe('CREDKIT_MASTER_KEYS', () => {
  it('takes the first entry as primary and keeps the others for unwrapping', async () => {
    expect(parseMasterKeys(` k2:${k2}, k1:${k1} `)).toEqual({ keys: { k2, k1 }, primary: 'k2' })
    const old = keyringFromMasterKeys(`k1:${k1}`)
    const wrapped = await old.wrap(new Uint8Array(32).fill(7), new Uint8Array([1]))
    const rotated = keyringFromMasterKeys(`k2:${k2},k1:${k1}`)
    expect(await rotated.primaryKeyId()).toBe('k2')
    expect(await rotated.unwrap(wrapped.keyId, wrapped.wrapped, new Uint8Array([1]))).toEqual(
      new Uint8Array(32).fill(7),
    )
  })

  it.each([
    ['', 'masterKeys'],
    [k1, 'masterKeys[0]'],
    [`k1:${k1},k1:${k2}`, 'masterKeys[1]'],
    ['k1:c2hvcnQ=', 'keys.k1'],
  ])('refuses a malformed value without echoing it (%#)', (value, field) => {
    let caught: unknown
    try {
      keyringFromMasterKeys(value)
    } catch (error) {
      caught = error
    }
    if (!isCredentialsError(caught, 'VALIDATION_FAILED')) throw new Error('expected VALIDATION_FAILED')
    expect(caught.issues.map((issue) => pathToField(issue.path))).toContain(field)
    if (value) expect(JSON.stringify(caught)).not.toContain(value.split(':').pop())
  })
})
