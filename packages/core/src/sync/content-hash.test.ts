import { makeRecord } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { rewrapEnvelope } from '../crypto/envelope.js'
import { sealJson } from '../crypto/envelope-json.js'
import { createLocalKeyring, generateKey } from '../crypto/index.js'
import { systemRandom } from '../ports/random.js'
import { contentHash } from './content-hash.js'

describe('contentHash', () => {
  it('ignores version, name, description and the default flag; follows public and secret content', async () => {
    const material = { k1: generateKey(), k2: generateKey() }
    const keys = createLocalKeyring({ keys: material, primary: 'k1' })
    const binding = { accountId: 'a', credentialId: 'c', type: 'basic-auth' as const, secretVersion: 1 }
    const sealed = await sealJson(keys, systemRandom, binding, { password: 'pw' })
    const record = makeRecord({
      accountId: 'a',
      id: 'c',
      envelope: sealed.envelope,
      publicData: { username: 'u' },
    })
    const hash = contentHash(record)
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(
      contentHash({ ...record, version: 9, name: 'renamed', description: 'd', isDefault: true } as never),
    ).toBe(hash)
    expect(contentHash({ ...record, publicData: { username: 'v' } })).not.toBe(hash)
    const resealed = await sealJson(keys, systemRandom, { ...binding, secretVersion: 2 }, { password: 'pw' })
    expect(contentHash({ ...record, secretVersion: 2, envelope: resealed.envelope })).not.toBe(hash)
    // key rotation re-wraps the data key only: same payload, same hash
    const rotated = await rewrapEnvelope(
      createLocalKeyring({ keys: material, primary: 'k2' }),
      binding,
      sealed.envelope,
    )
    expect(rotated.keyId).toBe('k2')
    expect(contentHash({ ...record, envelope: rotated.envelope })).toBe(hash)
  })
})
