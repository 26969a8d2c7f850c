import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CredentialRecord } from '../src/model/credential-records.js'
import { actors, basicAuthData, passwordOf, rejectionOf, secretValue, useHarness } from './harness.js'

const h = useHarness()
const { admin, outsider } = actors

/** Overwrites a stored row behind the adapter's back. */
function tamper(id: string, change: (row: CredentialRecord) => CredentialRecord): void {
  const row = h.state.credentials.get(id)!
  h.state.credentials.set(id, change(row))
}

describe('stored envelopes', () => {
  it('any single flipped bit of a stored envelope fails with CRYPTO_FAILED', async () => {
    const gate = await h.credentials.create(admin, { type: 'basic-auth', name: 'g', data: basicAuthData() })
    const original = h.state.credentials.get(gate.id)!.envelope
    await fc.assert(
      fc.asyncProperty(fc.nat(original.length * 8 - 1), async (bit) => {
        const flipped = original.slice()
        flipped[bit >> 3]! ^= 1 << (bit & 7)
        tamper(gate.id, (row) => ({ ...row, envelope: flipped }))
        expect(await rejectionOf(h.credentials.reveal(admin, gate.id))).toMatchObject({
          code: 'CRYPTO_FAILED',
        })
      }),
      { numRuns: 150 },
    )
  })

  it('an envelope moved to another credential, account or older secret version fails to open', async () => {
    const a = await h.credentials.create(admin, { type: 'basic-auth', name: 'a', data: basicAuthData() })
    const b = await h.credentials.create(admin, { type: 'basic-auth', name: 'b', data: basicAuthData() })
    const foreign = await h.credentials.create(outsider, {
      type: 'basic-auth',
      name: 'a',
      data: basicAuthData(),
    })
    const envelopeOf = (id: string) => h.state.credentials.get(id)!.envelope

    const aEnvelope = envelopeOf(a.id)
    tamper(b.id, (row) => ({ ...row, envelope: aEnvelope }))
    expect(await rejectionOf(h.credentials.reveal(admin, b.id))).toMatchObject({ code: 'CRYPTO_FAILED' })
    tamper(foreign.id, (row) => ({ ...row, envelope: aEnvelope }))
    expect(await rejectionOf(h.credentials.reveal(outsider, foreign.id))).toMatchObject({
      code: 'CRYPTO_FAILED',
    })

    // roll a's secret back to the envelope of its previous secret version
    await h.credentials.update(admin, a.id, { data: { password: secretValue('next') } })
    tamper(a.id, (row) => ({ ...row, envelope: aEnvelope }))
    const error = await rejectionOf(h.credentials.reveal(admin, a.id))
    expect(error).toMatchObject({ code: 'CRYPTO_FAILED' })
    // and the failed reveal was not audited as a success
    const events = (await h.credentials.auditLog(admin)).events
    expect(events.filter((e) => e.action === 'credential.revealed')).toEqual([])
  })

  it('a rename does not re-seal: the envelope and its secret version stay', async () => {
    const data = basicAuthData()
    const gate = await h.credentials.create(admin, { type: 'basic-auth', name: 'g', data })
    const before = h.state.credentials.get(gate.id)!
    await h.credentials.update(admin, gate.id, { name: 'renamed' })
    const after = h.state.credentials.get(gate.id)!
    expect(after.version).toBe(2)
    expect(after.secretVersion).toBe(1)
    expect([...after.envelope]).toEqual([...before.envelope])
    expect(await passwordOf(h.credentials, admin, gate.id)).toBe(data.password)
  })
})
