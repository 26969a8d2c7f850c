import { storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import type { RegionPort } from '../src/ports/region-port.js'
import { ACCOUNT, actors } from './harness.js'
import { basicAuth, type SyncHarness, TEST_SYNC, useSyncHarness } from './sync-harness.js'

// Timeouts of real size: the clock is the harness's manual clock, so no test waits for them.
const CALL_TIMEOUT_MS = 30_000
/** A call this slow would land after the timeout but before the lease of its job expires. */
const SLOW_MS = 90_000
const LEASE_MS = TEST_SYNC.leaseMs!
const h = useSyncHarness({ regions: ['eu-1'], sync: { callTimeoutMs: CALL_TIMEOUT_MS } })
const { admin } = actors

/** Makes the harness's region port drop the abort signal, as an adapter that cannot cancel would. */
function ignoreSignals(harness: SyncHarness): void {
  const regions = harness.regions as { -readonly [K in keyof RegionPort]: RegionPort[K] }
  const apply = harness.regions.apply.bind(harness.regions)
  const remove = harness.regions.remove.bind(harness.regions)
  regions.apply = (region, credential) => apply(region, credential)
  regions.remove = (region, ref) => remove(region, ref)
}

async function createTimedOut() {
  await storesOf(h.storage).sync.addRegion(ACCOUNT, 'eu-1')
  const view = await h.credentials.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuth() })
  h.regions.faults.slowNext('eu-1', 1, SLOW_MS)
  const claimedAt = h.clock.now().getTime()
  // the clock moves only while the run waits on it: to the timeout, not to the slow call's end
  expect(await h.clock.run(h.credentials.runDueJobs())).toMatchObject({ processed: 1, failed: 1 })
  expect(h.clock.now().getTime() - claimedAt).toBe(CALL_TIMEOUT_MS)
  return view
}

describe('a region call that times out', () => {
  it('never brings a deleted credential back: the push is aborted and the removal waits for the lease', async () => {
    const view = await createTimedOut()
    await h.credentials.delete(admin, view.id)
    // the removal keeps the lease of the timed-out push: it cannot overtake it
    expect((await h.credentials.runDueJobs()).processed).toBe(0)
    expect(h.clock.pending()).toBe(0) // the aborted push left no timer behind
    await h.clock.advance(SLOW_MS) // past the time the timed-out push would have landed
    expect(h.regions.holdings('eu-1').has(view.id)).toBe(false)
    await h.clock.advance(LEASE_MS)
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 1, removed: 1 })
    expect(await h.clock.runUntilIdle()).toBe(0)
    expect(h.regions.holdings('eu-1').has(view.id)).toBe(false)
    expect(await storesOf(h.storage).sync.listStatuses(ACCOUNT, [view.id])).toEqual([])
  })

  it('keeps its job leased even when the adapter ignores the signal: the removal runs after the late push', async () => {
    ignoreSignals(h)
    const view = await createTimedOut()
    await h.credentials.delete(admin, view.id)
    expect((await h.credentials.runDueJobs()).processed).toBe(0)
    expect(h.clock.pending()).toBe(1) // the push the adapter could not cancel
    await h.clock.advance(SLOW_MS - CALL_TIMEOUT_MS)
    // the late push landed, before the lease of its job expired: the removal has not run yet
    expect(h.clock.pending()).toBe(0)
    expect(h.held('eu-1', view.id)).toMatchObject({ version: 1 })
    expect((await h.credentials.runDueJobs()).processed).toBe(0)
    await h.clock.advance(LEASE_MS)
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 1, removed: 1 })
    expect(h.regions.holdings('eu-1').has(view.id)).toBe(false)
  })

  it('records the error with the next attempt at the lease expiry, and retries only then', async () => {
    const claimedAt = h.clock.now().getTime()
    const view = await createTimedOut()
    expect(await h.status(view.id, 'eu-1')).toMatchObject({
      state: 'error',
      attempts: 1,
      error: { message: `region call timed out after ${CALL_TIMEOUT_MS} ms` },
      nextAttemptAt: new Date(claimedAt + LEASE_MS),
    })
    const [job] = await storesOf(h.storage).sync.listJobs(ACCOUNT, [view.id])
    expect(job!.leaseExpiresAt).toEqual(new Date(claimedAt + LEASE_MS))
    expect((await h.credentials.runDueJobs()).processed).toBe(0)
    // a moment before the lease ends, past when the aborted push would have landed
    await h.clock.advance(LEASE_MS - CALL_TIMEOUT_MS - 1)
    expect(h.held('eu-1', view.id)).toBeNull()
    expect((await h.credentials.runDueJobs()).processed).toBe(0)
    await h.clock.advance(1)
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 1, synced: 1 })
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'synced', version: 1, attempts: 0 })
  })

  it('syncNow reports a push of its own that timed out as the error it recorded', async () => {
    await storesOf(h.storage).sync.addRegion(ACCOUNT, 'eu-1')
    const view = await h.credentials.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuth() })
    h.regions.faults.slowNext('eu-1', 1, SLOW_MS)
    expect(await h.clock.run(h.credentials.syncNow(admin, view.id))).toEqual([
      {
        region: 'eu-1',
        state: 'error',
        version: null,
        error: `region call timed out after ${CALL_TIMEOUT_MS} ms`,
      },
    ])
  })

  it('counts timed-out attempts: after maxAttempts the job ends and the status stays error', async () => {
    await storesOf(h.storage).sync.addRegion(ACCOUNT, 'eu-1')
    const view = await h.credentials.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuth() })
    const maxAttempts = TEST_SYNC.maxAttempts!
    for (let i = 1; i <= maxAttempts; i++) {
      h.regions.faults.slowNext('eu-1', 1, SLOW_MS)
      expect(await h.clock.run(h.credentials.runDueJobs())).toMatchObject({ processed: 1, failed: 1 })
      expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'error', attempts: i })
      await h.clock.advance(LEASE_MS)
    }
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ attempts: maxAttempts, nextAttemptAt: null })
    // the job comes back once its lease expired, and ends without a push
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 1, failed: 0, synced: 0 })
    expect(await storesOf(h.storage).sync.listJobs(ACCOUNT, [view.id])).toEqual([])
    expect(h.regions.writes('eu-1')).toBe(0)
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'error', attempts: maxAttempts })
  })
})
