import { setTimeout as sleep } from 'node:timers/promises'
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

describe('prepareRegion and jobs other workers hold', () => {
  async function heldElsewhere(leaseMs: number) {
    await h.storage.sync.addRegion(ACCOUNT, 'eu-1')
    const [view] = await createMany(1)
    const [job] = await h.storage.sync.claim(h.clock.now(), { owner: 'other-worker', leaseMs, limit: 1 })
    expect(job?.credentialId).toBe(view!.id)
    return { view: view!, job: job! }
  }

  it('waits while another worker holds a job, and pushes it once that worker lets go', async () => {
    const { view, job } = await heldElsewhere(120_000)
    let settled = false
    const preparing = h.credentials.prepareRegion(ACCOUNT, 'eu-1').finally(() => {
      settled = true
    })
    await sleep(200)
    expect(settled).toBe(false)
    // the other worker stops without pushing: it hands its lease back (its token is stale, the
    // job having been enqueued again by prepareRegion, so only the lease is released)
    expect(await h.storage.sync.settle(job, { retryAt: h.clock.now(), attempts: 0 })).toBe(false)
    expect(await preparing).toEqual({
      region: 'eu-1',
      credentials: [{ id: view.id, name: view.name, state: 'synced' }],
    })
    expect(h.held('eu-1', view.id)).toMatchObject({ version: 1 })
  })

  it('pushes the job itself once the other lease expires', async () => {
    const { view } = await heldElsewhere(10_000)
    const preparing = h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    await sleep(100)
    h.clock.advance(10_000) // the other worker crashed: its lease runs out
    expect((await preparing).credentials).toEqual([{ id: view.id, name: view.name, state: 'synced' }])
  })
})

describe('prepareRegion, bounded waits', () => {
  const CALL_TIMEOUT_MS = 25
  const short = useSyncHarness({
    regions: ['eu-1'],
    sync: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 4, callTimeoutMs: CALL_TIMEOUT_MS },
  })

  it('gives up after its rounds, 2 × callTimeoutMs each, when the other worker never lets go', async () => {
    await short.storage.sync.addRegion(ACCOUNT, 'eu-1')
    const view = await short.credentials.create(admin, {
      type: 'basic-auth',
      name: 'gate',
      data: basicAuth(),
    })
    await short.storage.sync.claim(short.clock.now(), { owner: 'other-worker', leaseMs: 120_000, limit: 1 })
    const started = Date.now()
    const error = await rejectionOf(short.credentials.prepareRegion(ACCOUNT, 'eu-1'))
    const elapsed = Date.now() - started
    expect(isCredentialsError(error, 'REGION_FAILED')).toBe(true)
    expect(error['results']).toEqual([{ id: view.id, name: 'gate', state: 'not-synced' }])
    expect(elapsed).toBeGreaterThanOrEqual(3 * 2 * CALL_TIMEOUT_MS - 10)
    expect(elapsed).toBeLessThan(5_000)
  })

  it('reports its own timed-out push as error at once: the job stays leased until the lease expires', async () => {
    await short.storage.sync.addRegion(ACCOUNT, 'eu-1')
    const view = await short.credentials.create(admin, {
      type: 'basic-auth',
      name: 'gate',
      data: basicAuth(),
    })
    short.regions.faults.slowNext('eu-1', 1, CALL_TIMEOUT_MS * 8)
    const error = await rejectionOf(short.credentials.prepareRegion(ACCOUNT, 'eu-1'))
    expect(error['results']).toEqual([{ id: view.id, name: 'gate', state: 'error' }])
    expect(await short.status(view.id, 'eu-1')).toMatchObject({
      state: 'error',
      error: { message: `region call timed out after ${CALL_TIMEOUT_MS} ms` },
    })
    short.clock.advance(120_000)
    expect((await short.credentials.prepareRegion(ACCOUNT, 'eu-1')).credentials).toHaveLength(1)
  })
})
