import { describe, expect, it } from 'vitest'
import { ACCOUNT, actors, basicAuthData, OTHER_ACCOUNT, rejectionOf } from './harness.js'
import { useSyncHarness } from './sync-harness.js'

const h = useSyncHarness({ regions: ['eu-1', 'us-1'] })
const { admin } = actors

async function twoSynced() {
  await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
  await h.credentials.prepareRegion(ACCOUNT, 'us-1')
  const a = await h.credentials.create(admin, { type: 'basic-auth', name: 'a', data: basicAuthData() })
  const b = await h.credentials.create(admin, { type: 'basic-auth', name: 'b', data: basicAuthData() })
  await h.credentials.runDueJobs()
  return { a, b }
}

const driftEvents = async () =>
  (await h.credentials.auditLog(admin, { limit: 100 })).events.filter(
    (e) => e.action === 'credential.drift-healed',
  )

describe('reconcile (drift healing)', () => {
  it('pushes again what was edited or deleted by hand, and audits each heal', async () => {
    const { a, b } = await twoSynced()
    const writes = h.regions.writes('eu-1')
    h.regions.tamper('eu-1', a.id, 'edit')
    h.regions.tamper('eu-1', b.id, 'delete')

    expect(await h.credentials.reconcile()).toEqual({ checked: 4, healed: 2, failed: 0 })
    for (const id of [a.id, b.id]) {
      expect(h.held('eu-1', id)?.contentHash).toBe(h.held('us-1', id)?.contentHash)
      expect(await h.status(id, 'eu-1')).toMatchObject({ state: 'synced', version: 1 })
    }
    expect(h.regions.writes('eu-1')).toBe(writes + 2)
    const events = await driftEvents()
    expect(events.map((e) => [e.credential?.id, e.region, e.message]).sort()).toEqual(
      [
        [a.id, 'eu-1', 'objects changed by hand: pushed again'],
        [b.id, 'eu-1', 'objects missing: pushed again'],
      ].sort(),
    )
    expect(events.every((e) => e.actor.type === 'system' && e.outcome === 'success')).toBe(true)
  })

  it('writes nothing and records nothing when every region holds what it should', async () => {
    await twoSynced()
    const writes = [h.regions.writes('eu-1'), h.regions.writes('us-1')]
    expect(await h.credentials.reconcile({ accountId: ACCOUNT })).toEqual({
      checked: 4,
      healed: 0,
      failed: 0,
    })
    expect([h.regions.writes('eu-1'), h.regions.writes('us-1')]).toEqual(writes)
    expect(await driftEvents()).toEqual([])
  })

  it('narrows to one region and one account, and validates its scope', async () => {
    const { a } = await twoSynced()
    h.regions.tamper('eu-1', a.id, 'delete')
    h.regions.tamper('us-1', a.id, 'delete')
    expect(await h.credentials.reconcile({ accountId: OTHER_ACCOUNT })).toEqual({
      checked: 0,
      healed: 0,
      failed: 0,
    })
    expect(await h.credentials.reconcile({ region: 'us-1' })).toMatchObject({ healed: 1 })
    expect(h.held('eu-1', a.id)).toBeNull()
    expect(h.held('us-1', a.id)).not.toBeNull()
    await expect(rejectionOf(h.credentials.reconcile({ region: 42 } as never))).resolves.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
  })

  it('leaves a credential whose push is still pending to that push', async () => {
    const { a } = await twoSynced()
    await h.credentials.update(admin, a.id, { data: { password: 'a-new-password' } })
    expect(await h.credentials.reconcile()).toMatchObject({ healed: 0 })
    expect(await driftEvents()).toEqual([])
  })
})
