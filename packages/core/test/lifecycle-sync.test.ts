import { storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, actors } from './harness.js'
import { basicAuth, TEST_SYNC, useSyncHarness } from './sync-harness.js'

const h = useSyncHarness({ regions: ['eu-1', 'us-1'], recoveryDays: 7 })
const { admin } = actors

async function synced() {
  await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
  await h.credentials.prepareRegion(ACCOUNT, 'us-1')
  const view = await h.credentials.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuth() })
  await h.credentials.runDueJobs()
  expect(h.held('eu-1', view.id)).toMatchObject({ version: 1 })
  return view
}

const statuses = (id: string) => storesOf(h.storage).sync.listStatuses(ACCOUNT, [id])

describe('soft-deleted credentials and regions', () => {
  it('a delete empties every region, reconcile never brings it back, a restore pushes it again from scratch', async () => {
    const view = await synced()
    await h.credentials.delete(admin, view.id)
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 2, removed: 2 })
    for (const region of ['eu-1', 'us-1']) expect(h.held(region, view.id)).toBeNull()
    // Removed everywhere: the soft-deleted row keeps no status of a region it left.
    expect(await statuses(view.id)).toEqual([])
    await h.credentials.reconcile()
    await h.credentials.reconcile({ accountId: ACCOUNT })
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 0 })
    for (const region of ['eu-1', 'us-1']) expect(h.held(region, view.id)).toBeNull()

    const restored = await h.credentials.restore(admin, view.id)
    // the regions hold nothing: the restored credential starts over there
    expect(restored.sync).toEqual([
      expect.objectContaining({ region: 'eu-1', state: 'not-synced', version: null, lastSyncedAt: null }),
      expect.objectContaining({ region: 'us-1', state: 'not-synced', version: null, lastSyncedAt: null }),
    ])
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 2, synced: 2 })
    for (const region of ['eu-1', 'us-1']) expect(h.held(region, view.id)).toMatchObject({ version: 1 })
    expect((await h.credentials.get(admin, view.id)).sync.map((s) => s.state)).toEqual(['synced', 'synced'])
  })

  it('a push finishing after the delete writes no synced status, and the removal follows', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const view = await h.credentials.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuth() })
    const gate = h.regions.faults.hold('eu-1')
    const run = h.credentials.runDueJobs()
    await gate.reached
    await h.credentials.delete(admin, view.id)
    gate.release()
    expect(await run).toMatchObject({ removed: 1, synced: 0 })
    expect(h.held('eu-1', view.id)).toBeNull()
    expect((await statuses(view.id)).map((s) => s.state)).not.toContain('synced')
  })

  it('a restore while the removal is in flight waits for it, then pushes', async () => {
    const view = await synced()
    await h.credentials.delete(admin, view.id)
    const gate = h.regions.faults.hold('eu-1')
    const run = h.credentials.runDueJobs()
    await gate.reached
    await h.credentials.restore(admin, view.id)
    gate.release()
    await run
    await h.credentials.runDueJobs()
    for (const region of ['eu-1', 'us-1']) expect(h.held(region, view.id)).toMatchObject({ version: 1 })
    expect((await statuses(view.id)).map((s) => [s.region, s.state])).toEqual([
      ['eu-1', 'synced'],
      ['us-1', 'synced'],
    ])
  })

  it('a purge drops the statuses of emptied regions; one still removing keeps its status until it lands', async () => {
    const view = await synced()
    h.regions.faults.down('us-1')
    await h.credentials.delete(admin, view.id)
    expect(await h.credentials.runDueJobs()).toMatchObject({ removed: 1, failed: 1 })
    await h.credentials.purge(admin, view.id)
    expect((await statuses(view.id)).map((s) => s.region)).toEqual(['us-1'])
    h.regions.faults.up('us-1')
    await h.clock.advance(TEST_SYNC.maxDelayMs!)
    expect(await h.credentials.runDueJobs()).toMatchObject({ removed: 1 })
    expect(h.held('us-1', view.id)).toBeNull()
    expect(await statuses(view.id)).toEqual([])
    expect(await storesOf(h.storage).sync.listJobs(ACCOUNT, [view.id])).toEqual([])
  })
})
