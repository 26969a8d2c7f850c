import { storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { isCredentialsError } from '../src/errors.js'
import { settleJob } from '../src/sync/jobs.js'
import { ACCOUNT, actors, rejectionOf } from './harness.js'
import { basicAuth, type SyncHarness, TEST_SYNC, useSyncHarness } from './sync-harness.js'

// Real-sized delays: every wait is on the harness's manual clock, which `prepare` drives.
const h = useSyncHarness({
  regions: ['eu-1', 'us-1'],
  sync: { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 4 },
  regionOptions: { latencyMs: 50 },
})
const { admin } = actors

/** `prepareRegion`, with the clock moved from one wait to the next until it settles. */
const prepare = (region: string, harness: SyncHarness = h, accountId: string = ACCOUNT) =>
  harness.clock.run(harness.credentials.prepareRegion(accountId, region))

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
    const error = await rejectionOf(prepare('mars-1'))
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'region' })
    expect(await rejectionOf(prepare('eu-1', h, ''))).toMatchObject({ field: 'accountId' })
    expect(await storesOf(h.storage).sync.listRegions(ACCOUNT)).toEqual([])
  })

  it('resolves only once the region holds every credential of the account', async () => {
    const views = await createMany(6)
    await h.credentials.update(admin, views[0]!.id, { data: { username: 'qa' } })
    expect(await storesOf(h.storage).sync.listRegions(ACCOUNT)).toEqual([])
    const prepared = await prepare('eu-1')
    const held = h.regions.holdings('eu-1')
    expect(held.size).toBe(6)
    expect(held.get(views[0]!.id)?.observation.version).toBe(2)
    expect(prepared).toEqual({
      region: 'eu-1',
      credentials: views.map((v) => ({ id: v.id, name: v.name, state: 'synced' })),
    })
    expect(await storesOf(h.storage).sync.listRegions(ACCOUNT)).toEqual(['eu-1'])
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
    const started = h.clock.now().getTime()
    const prepared = await prepare('eu-1')
    expect(prepared.credentials.every((c) => c.state === 'synced')).toBe(true)
    // it backed off between rounds, on the clock: at most 2 s a round
    const waited = h.clock.now().getTime() - started
    expect(waited).toBeGreaterThan(0)
    expect(waited).toBeLessThanOrEqual(3 * 2_000 + 4 * 50)
    expect(h.regions.holdings('eu-1').size).toBe(3)
  })

  it('rejects with REGION_FAILED and per-credential results when a credential cannot be pushed', async () => {
    const [bad, ...good] = await createMany(3)
    h.regions.faults.failFor('eu-1', bad!.id, 'admission webhook denied the request')
    const error = await rejectionOf(prepare('eu-1'))
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
    expect((await prepare('eu-1')).credentials).toHaveLength(3)
  })

  it('on an active region, re-checks and pushes only what is missing', async () => {
    const views = await createMany(4)
    await prepare('eu-1')
    const writes = h.regions.writes('eu-1')
    // lost behind credkit's back
    await h.clock.run(
      h.regions.remove('eu-1', { accountId: ACCOUNT, credentialId: views[2]!.id, type: 'basic-auth' }),
    )
    const before = (await h.credentials.get(admin, views[0]!.id)).sync
    expect(before).toEqual([expect.objectContaining({ state: 'synced', version: 1 })])
    await prepare('eu-1')
    expect(h.regions.holdings('eu-1').size).toBe(4)
    expect(h.regions.writes('eu-1')).toBe(writes + 2) // the removal above, and the one push
  })

  it('new credentials go to every prepared region', async () => {
    await prepare('eu-1')
    await prepare('us-1')
    const [view] = await createMany(1)
    expect(view!.sync.map((s) => s.region)).toEqual(['eu-1', 'us-1'])
    await h.clock.run(h.credentials.runDueJobs())
    expect(h.held('us-1', view!.id)).toMatchObject({ version: 1 })
  })
})

describe('prepareRegion and jobs other workers hold', () => {
  async function heldElsewhere(leaseMs: number) {
    await storesOf(h.storage).sync.addRegion(ACCOUNT, 'eu-1')
    const [view] = await createMany(1)
    const [job] = await storesOf(h.storage).sync.claim(h.clock.now(), {
      owner: 'other-worker',
      leaseMs,
      limit: 1,
    })
    expect(job?.credentialId).toBe(view!.id)
    return { view: view!, job: job! }
  }

  it('waits while another worker holds a job, and pushes it once that worker lets go', async () => {
    const { view, job } = await heldElsewhere(120_000)
    let settled = false
    const preparing = h.credentials.prepareRegion(ACCOUNT, 'eu-1').finally(() => {
      settled = true
    })
    // a round waits up to 2 × callTimeoutMs, looking again every 100 ms
    await h.clock.advance(TEST_SYNC.callTimeoutMs!)
    expect(settled).toBe(false)
    // the other worker stops without pushing: it hands its lease back (its token is stale, the
    // job having been enqueued again by prepareRegion, so only the lease is released)
    expect(
      await h.storage.withTransaction((tx) => settleJob(tx, job, { retryAt: h.clock.now(), attempts: 0 })),
    ).toBe(false)
    expect(await h.clock.run(preparing)).toEqual({
      region: 'eu-1',
      credentials: [{ id: view.id, name: view.name, state: 'synced' }],
    })
    expect(h.held('eu-1', view.id)).toMatchObject({ version: 1 })
  })

  it('pushes the job itself once the other lease expires', async () => {
    // the other worker crashed: its lease runs out within prepareRegion's rounds
    const { view, job } = await heldElsewhere(10_000)
    expect((await prepare('eu-1')).credentials).toEqual([{ id: view.id, name: view.name, state: 'synced' }])
    expect(h.clock.now().getTime()).toBeGreaterThanOrEqual(job.leaseExpiresAt!.getTime())
  })
})

describe('prepareRegion, bounded waits', () => {
  const CALL_TIMEOUT_MS = 10_000
  const short = useSyncHarness({
    regions: ['eu-1'],
    sync: { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 4, callTimeoutMs: CALL_TIMEOUT_MS },
  })

  it('gives up after its rounds, 2 × callTimeoutMs each, when the other worker never lets go', async () => {
    await storesOf(short.storage).sync.addRegion(ACCOUNT, 'eu-1')
    const view = await short.credentials.create(admin, {
      type: 'basic-auth',
      name: 'gate',
      data: basicAuth(),
    })
    await storesOf(short.storage).sync.claim(short.clock.now(), {
      owner: 'other-worker',
      leaseMs: 120_000,
      limit: 1,
    })
    const started = short.clock.now().getTime()
    const error = await rejectionOf(prepare('eu-1', short))
    expect(isCredentialsError(error, 'REGION_FAILED')).toBe(true)
    expect(error['results']).toEqual([{ id: view.id, name: 'gate', state: 'not-synced' }])
    // rounds 1 to 3 each waited their full 2 × callTimeoutMs; the 4th (maxAttempts) gave up
    expect(short.clock.now().getTime() - started).toBe(3 * 2 * CALL_TIMEOUT_MS)
    expect(short.clock.pending()).toBe(0)
  })

  it('reports its own timed-out push as error at once: the job stays leased until the lease expires', async () => {
    await storesOf(short.storage).sync.addRegion(ACCOUNT, 'eu-1')
    const view = await short.credentials.create(admin, {
      type: 'basic-auth',
      name: 'gate',
      data: basicAuth(),
    })
    short.regions.faults.slowNext('eu-1', 1, CALL_TIMEOUT_MS * 8)
    const started = short.clock.now().getTime()
    const error = await rejectionOf(prepare('eu-1', short))
    expect(error['results']).toEqual([{ id: view.id, name: 'gate', state: 'error' }])
    expect(short.clock.now().getTime() - started).toBe(CALL_TIMEOUT_MS)
    expect(await short.status(view.id, 'eu-1')).toMatchObject({
      state: 'error',
      error: { message: `region call timed out after ${CALL_TIMEOUT_MS} ms` },
    })
    await short.clock.advance(120_000)
    expect((await prepare('eu-1', short)).credentials).toHaveLength(1)
  })
})
