import { describe, expect, it } from 'vitest'
import { createLocalKeyring, generateKey } from '../crypto/local-keyring.js'
import type { CredentialRecord } from '../model/credential-records.js'
import { systemRandom } from '../ports/random.js'
import { bindingOf, openSecret, sealSecret } from './secrets.js'

const ctx = { keys: createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' }), random: systemRandom }
const binding = { accountId: 'acc', credentialId: 'cred', type: 'basic-auth' as const, secretVersion: 1 }

describe('secrets: the domain checks the credential type it hands to crypto', () => {
  it('seals and opens a credential secret bound to its record', async () => {
    const sealed = await sealSecret(ctx, binding, { password: 'pw' })
    const record = { ...binding, id: 'cred', ...sealed } as unknown as CredentialRecord<'basic-auth'>
    await expect(openSecret(ctx, record)).resolves.toEqual({ password: 'pw' })
  })

  it('refuses a type that is not a credential type, naming the field and not the value', async () => {
    const unknownType = { ...binding, id: 'cred', type: 'ssh-key' } as never
    expect(() => bindingOf(unknownType)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'type' }),
    )
    await expect(
      sealSecret(ctx, { ...binding, type: 'ssh-key' } as never, { password: 'pw' }),
    ).rejects.toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'type' }))
    try {
      bindingOf(unknownType)
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('ssh-key')
    }
  })
})
