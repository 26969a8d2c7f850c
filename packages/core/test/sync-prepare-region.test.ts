import { describe, expect, it } from 'vitest'
import { isCredentialsError } from '../src/errors.js'
import { ACCOUNT, actors, rejectionOf } from './harness.js'
import { basicAuth, useSyncHarness } from './sync-harness.js'

const h = useSyncHarness({
  regions: ['eu-1', 'us-1'],
  sync: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 4 },
  regionOptions: { latencyMs: 2 },
})
const { admin } = actors

async function createMany(count: number) {
  const views = []
  for (let i = 0; i < count; i++) {
    views.push(
      await h.credentials.create(admin, { type: 'basic-auth', name: `gate-${i}`, data: basicAuth() }),
    )
  }
  return views
}

describe('prepareRegion', () => {
  it('refuses a region the RegionPort does not reach, activating nothing', async () => {
    const error = await rejectionOf(h.credentials.prepareRegion(ACCOUNT, 'mars-1'))
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'region' })
    expect(await rejectionOf(h.credentials.prepareRegion('', 'eu-1'))).toMatchObject({ field: 'accountId' })
    expect(await h.storage.sync.listRegions(ACCOUNT)).toEqual([])
  })

  it('resolves only once the region holds every credential of the account', async () => {
    const views = await createMany(6)
    await h.credentials.update(admin, views[0]!.id, { data: { username: 'qa' } })
    expect(await h.storage.sync.listRegions(ACCOUNT)).toEqual([])
    const prepared = await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const held = h.regions.holdings('eu-1')
    expect(held.size).toBe(6)
    expect(held.get(views[0]!.id)?.observation.version).toBe(2)
    expect(prepared).toEqual({
      region: 'eu-1',
      credentials: views.map((v) => ({ id: v.id, name: v.name, state: 'synced' })),
    })
    expect(await h.storage.sync.listRegions(ACCOUNT)).toEqual(['eu-1'])
    expect(h.regions.holdings('us-1').size).toBe(0)
    const { events } = await h.credentials.auditLog(admin, { limit: 100 })
    expect(events.find((e) => e.action === 'region.prepared')).toMatchObject({
      actor: { type: 'system', reason: 'first-deploy' },
      region: 'eu-1',
      credential: null,
    })
  })

  it('retries failed pushes within the call', async () => {
    await createMany(3)
    h.regions.faults.failNext('eu-1', 5, 'flaky')
    const prepared = await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    expect(prepared.credentials.every((c) => c.state === 'synced')).toBe(true)
    expect(h.regions.holdings('eu-1').size).toBe(3)
  })

  it('rejects with REGION_FAILED and per-credential results when a credential cannot be pushed', async () => {
    const [bad, ...good] = await createMany(3)
    h.regions.faults.failFor('eu-1', bad!.id, 'admission webhook denied the request')
    const error = await rejectionOf(h.credentials.prepareRegion(ACCOUNT, 'eu-1'))
    expect(isCredentialsError(error, 'REGION_FAILED')).toBe(true)
    expect(error['results']).toEqual([
      { id: bad!.id, name: bad!.name, state: 'error' },
      ...good.map((v) => ({ id: v.id, name: v.name, state: 'synced' })),
    ])
    expect((error as unknown as { toJSON(): object }).toJSON()).toMatchObject({
      code: 'REGION_FAILED',
      results: expect.any(Array),
    })
    expect(await h.status(bad!.id, 'eu-1')).toMatchObject({
      state: 'error',
      attempts: 4,
      nextAttemptAt: null,
      error: { message: 'admission webhook denied the request' },
    })
    // the region stays active: a later call, once the cause is gone, finishes the job
    h.regions.faults.clear()
    expect((await h.credentials.prepareRegion(ACCOUNT, 'eu-1')).credentials).toHaveLength(3)
  })

  it('on an active region, re-checks and pushes only what is missing', async () => {
    const views = await createMany(4)
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const writes = h.regions.writes('eu-1')
    // lost behind credkit's back
    await h.regions.remove('eu-1', { accountId: ACCOUNT, credentialId: views[2]!.id, type: 'basic-auth' })
    const before = (await h.credentials.get(admin, views[0]!.id)).sync
    expect(before).toEqual([expect.objectContaining({ state: 'synced', version: 1 })])
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    expect(h.regions.holdings('eu-1').size).toBe(4)
    expect(h.regions.writes('eu-1')).toBe(writes + 2) // the removal above, and the one push
  })

  it('new credentials go to every prepared region', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    await h.credentials.prepareRegion(ACCOUNT, 'us-1')
    const [view] = await createMany(1)
    expect(view!.sync.map((s) => s.region)).toEqual(['eu-1', 'us-1'])
    await h.credentials.runDueJobs()
    expect(h.held('us-1', view!.id)).toMatchObject({ version: 1 })
  })
})
