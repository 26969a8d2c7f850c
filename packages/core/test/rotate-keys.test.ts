import { describe, expect, it } from 'vitest'
import { createLocalKeyring, generateKey } from '../src/crypto/index.js'
import type { CredentialRecord } from '../src/model/credential-records.js'
import { createCredentials } from '../src/service/create-credentials.js'
import { ACCOUNT, actors, basicAuthData, passwordOf, useHarness } from './harness.js'

const [oldKey, newKey] = [generateKey(), generateKey()]
const h = useHarness({ keys: createLocalKeyring({ keys: { old: oldKey }, primary: 'old' }) })
const { admin } = actors

/** Overwrites a stored row behind the adapter's back. */
function tamper(id: string, change: (row: CredentialRecord) => CredentialRecord): void {
  h.state.credentials.set(id, change(h.state.credentials.get(id)!))
}

const flipByte = (bytes: Uint8Array, at: number) => bytes.map((b, i) => (i === at ? b ^ 0x40 : b))

describe('rotateKeys', () => {
  it('opens each payload before re-wrapping: a corrupt one is reported, not counted, and left as it was', async () => {
    const ids: string[] = []
    const passwords = new Map<string, string>()
    for (let i = 0; i < 4; i++) {
      const data = basicAuthData()
      const { id } = await h.credentials.create(admin, { type: 'basic-auth', name: `b${i}`, data })
      ids.push(id)
      passwords.set(id, data.password)
    }
    const [sound, corruptPayload, corruptWrap, alsoSound] = ids as [string, string, string, string]
    // the last byte is in the payload's tag; byte 40 is inside the wrapped data key
    tamper(corruptPayload, (row) => ({ ...row, envelope: flipByte(row.envelope, row.envelope.length - 1) }))
    tamper(corruptWrap, (row) => ({ ...row, envelope: flipByte(row.envelope, 40) }))
    const before = new Map(ids.map((id) => [id, h.state.credentials.get(id)!]))

    const rotated = createCredentials({
      storage: h.storage,
      regions: h.regions,
      keys: createLocalKeyring({ keys: { old: oldKey, new: newKey }, primary: 'new' }),
      clock: h.clock,
    })
    const progress = await rotated.rotateKeys({ batchSize: 2 })
    expect(progress).toEqual({
      rotated: 2,
      skipped: 0,
      failed: [
        { accountId: ACCOUNT, id: corruptPayload, reason: 'payload-corrupt' },
        { accountId: ACCOUNT, id: corruptWrap, reason: 'unwrap-failed' },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
      versions: { rotated: 0, skipped: 0, failed: [] },
      chainKeys: { rotated: 1, skipped: 0, failed: [] },
      primaryKeyId: 'new',
    })
    for (const id of [corruptPayload, corruptWrap]) expect(h.state.credentials.get(id)).toBe(before.get(id))
    for (const id of [sound, alsoSound]) {
      expect(h.state.credentials.get(id)?.keyId).toBe('new')
      expect(await passwordOf(rotated, admin, id)).toBe(passwords.get(id))
    }
    const rotationEvents = (await rotated.auditLog(admin)).events.filter(
      (e) => e.action === 'credential.keys-rotated',
    )
    expect(rotationEvents.map((e) => e.credential?.id).sort()).toEqual([sound, alsoSound].sort())
    expect(await rotated.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true })
  })
})
