import { storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { settleJob } from '../src/sync/jobs.js'
import { ACCOUNT, actors } from './harness.js'
import { basicAuth, createStatusWatch, TEST_SYNC, useSyncHarness } from './sync-harness.js'

const CALL_TIMEOUT_MS = 30_000
/** Slower than the timeout and the lease together: the push lands after the next one. */
const SLOW_MS = TEST_SYNC.leaseMs! + 2 * CALL_TIMEOUT_MS
let watch = createStatusWatch()
const h = useSyncHarness({
  regions: ['eu-1'],
  sync: { callTimeoutMs: CALL_TIMEOUT_MS },
  storage: (inner) => {
    watch = createStatusWatch()
    return watch.wrap(inner)
  },
})
const { admin } = actors

async function setup() {
  await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
  return h.credentials.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuth() })
}

describe('stale jobs', () => {
  it('a push of v1 finishing after v2 was enqueued never leaves the status synced at v1, nor the region at v1', async () => {
    const view = await setup()
    const gate = h.regions.faults.hold('eu-1')
    const run = h.credentials.runDueJobs()
    await gate.reached
    await h.credentials.update(admin, view.id, { data: { username: 'qa' } })
    // the v2 job waits for the v1 worker: its lease is kept
    expect((await h.credentials.runDueJobs()).processed).toBe(0)
    gate.release()
    // the same run goes on with the v2 job once the v1 worker let go of it
    expect(await run).toMatchObject({ processed: 2, synced: 1 })
    expect(h.held('eu-1', view.id)).toMatchObject({ version: 2 })
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'synced', version: 2 })
    const writes = watch.writes.filter((w) => w.credentialId === view.id)
    expect(writes.map((w) => [w.state, w.version, w.rowVersion])).toEqual([
      ['not-synced', null, 1],
      ['syncing', null, 1],
      ['not-synced', null, 2],
      ['not-synced', 1, 2],
      ['syncing', 1, 2],
      ['synced', 2, 2],
    ])
    expect(watch.violations).toEqual([])
  })

  it('a timed-out push of v1 landing after v2 is in place changes nothing', async () => {
    const view = await setup()
    // an adapter that cannot cancel: the timed-out call lands later anyway
    const apply = h.regions.apply.bind(h.regions)
    ;(h.regions as { apply: typeof apply }).apply = (region, credential) => apply(region, credential)
    h.regions.faults.slowNext('eu-1', 1, SLOW_MS)
    await h.clock.run(h.credentials.runDueJobs())
    expect(await h.status(view.id, 'eu-1')).toMatchObject({
      state: 'error',
      version: null,
      error: { message: `region call timed out after ${CALL_TIMEOUT_MS} ms` },
    })
    await h.credentials.update(admin, view.id, { data: { username: 'qa' } })
    // the v2 job keeps the lease of the timed-out push: it runs once that lease expired
    expect((await h.credentials.runDueJobs()).processed).toBe(0)
    await h.clock.advance(TEST_SYNC.leaseMs!)
    await h.credentials.runDueJobs()
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'synced', version: 2 })
    expect(h.clock.pending()).toBe(1)
    const writes = h.regions.writes('eu-1')
    await h.clock.advance(SLOW_MS) // the v1 push lands now, after v2: the region keeps v2
    expect(h.clock.pending()).toBe(0)
    expect(h.regions.writes('eu-1')).toBe(writes)
    expect(h.held('eu-1', view.id)).toMatchObject({ version: 2 })
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'synced', version: 2 })
  })

  it('a push finishing after the credential was deleted writes no status, and the removal follows', async () => {
    const view = await setup()
    const gate = h.regions.faults.hold('eu-1')
    const run = h.credentials.runDueJobs()
    await gate.reached
    await h.credentials.delete(admin, view.id)
    gate.release()
    expect(await run).toMatchObject({ processed: 2, removed: 1 })
    expect(h.held('eu-1', view.id)).toBeNull()
    expect(await storesOf(h.storage).sync.listStatuses(ACCOUNT, [view.id])).toEqual([])
    // the create wrote a status and the push marked it syncing; the push that finished after the
    // delete only took its syncing mark back (never synced), then the removal dropped the status
    expect(
      watch.writes.filter((w) => w.credentialId === view.id).map((w) => [w.state, w.rowVersion]),
    ).toEqual([
      ['not-synced', 1],
      ['syncing', 1],
      ['not-synced', null],
    ])
  })

  it('a region reporting a newer version than the job does not leave the status syncing', async () => {
    const view = await setup()
    const apply = h.regions.apply.bind(h.regions)
    ;(h.regions as { apply: typeof apply }).apply = async (region, credential, options) => {
      const observed = await apply(region, credential, options)
      return { ...observed, version: observed.version + 5 } // the store was restored from a backup, say
    }
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 1, synced: 0, failed: 0 })
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'not-synced', version: null })
    expect(await storesOf(h.storage).sync.listJobs(ACCOUNT, [view.id])).toEqual([])
    expect(watch.writes.filter((w) => w.credentialId === view.id).map((w) => w.state)).toEqual([
      'not-synced',
      'syncing',
      'not-synced',
    ])
  })

  it('a job whose version is older than the row is settled without a push', async () => {
    const view = await setup()
    const [job] = await storesOf(h.storage).sync.claim(h.clock.now(), {
      owner: 'crashed',
      leaseMs: 1_000,
      limit: 1,
    })
    await h.credentials.update(admin, view.id, { data: { username: 'qa' } })
    await h.clock.advance(1_000)
    // the lease of the crashed worker ended: the newer job runs, the stale token is gone
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 1, synced: 1 })
    expect(await h.storage.withTransaction((tx) => settleJob(tx, job!, { retryAt: null, attempts: 0 }))).toBe(
      false,
    )
    expect(h.regions.writes('eu-1')).toBe(1)
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'synced', version: 2 })
  })
})
