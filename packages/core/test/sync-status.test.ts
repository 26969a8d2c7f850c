import { storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, actors, rejectionOf } from './harness.js'
import { basicAuth, TEST_SYNC, useSyncHarness } from './sync-harness.js'

const h = useSyncHarness({ sync: { maxAttempts: 3 } })
const { admin, member, outsider } = actors

async function activate(...regions: string[]) {
  for (const region of regions) await h.credentials.prepareRegion(ACCOUNT, region)
}

async function createSynced(name = 'gate') {
  const view = await h.credentials.create(admin, { type: 'basic-auth', name, data: basicAuth() })
  await h.credentials.runDueJobs()
  return view
}

describe('sync status', () => {
  it('shows syncing while a push is under way', async () => {
    await activate('eu-1')
    const view = await h.credentials.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuth() })
    const gate = h.regions.faults.hold('eu-1')
    const run = h.credentials.runDueJobs()
    await gate.reached
    expect((await h.credentials.get(admin, view.id)).sync).toMatchObject([
      { region: 'eu-1', state: 'syncing' },
    ])
    gate.release()
    await run
    expect((await h.credentials.get(admin, view.id)).sync).toMatchObject([
      { region: 'eu-1', state: 'synced', version: 1 },
    ])
  })

  it('create marks each active region not-synced; a run pushes it: synced with version and lastSyncedAt', async () => {
    await activate('eu-1', 'us-1')
    const view = await h.credentials.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuth() })
    expect(view.sync.map((s) => [s.region, s.state, s.version])).toEqual([
      ['eu-1', 'not-synced', null],
      ['us-1', 'not-synced', null],
    ])
    await h.clock.advance(1_000)
    expect(await h.credentials.runDueJobs()).toEqual({ processed: 2, synced: 2, failed: 0, removed: 0 })
    const synced = await h.credentials.get(admin, view.id)
    for (const status of synced.sync) {
      expect(status).toMatchObject({
        state: 'synced',
        version: 1,
        lastSyncedAt: h.clock.now(),
        error: null,
        attempts: 0,
        nextAttemptAt: null,
      })
      expect(h.held(status.region, view.id)).toMatchObject({ version: 1 })
    }
    expect(await h.credentials.runDueJobs()).toEqual({ processed: 0, synced: 0, failed: 0, removed: 0 })
  })

  it('an update is not-synced for the new version until pushed; the region keeps the old one meanwhile', async () => {
    await activate('eu-1')
    const view = await createSynced()
    const syncedAt = h.clock.now()
    await h.clock.advance(5_000)
    const password = basicAuth().password
    const updated = await h.credentials.update(admin, view.id, { data: { password } })
    expect(updated.sync).toEqual([
      expect.objectContaining({ state: 'not-synced', version: 1, lastSyncedAt: syncedAt }),
    ])
    expect(h.held('eu-1', view.id)).toMatchObject({ version: 1 })
    await h.credentials.runDueJobs()
    expect(await h.status(view.id, 'eu-1')).toMatchObject({
      state: 'synced',
      version: 2,
      lastSyncedAt: h.clock.now(),
    })
    const object = h.regions.holdings('eu-1').get(view.id)!
    expect(object.credential.type === 'basic-auth' && object.credential.payload.password.reveal()).toBe(
      password,
    )
  })

  it('an error keeps lastSyncedAt and the held version, and shows the message and the next attempt', async () => {
    await activate('eu-1', 'us-1')
    const view = await createSynced()
    const syncedAt = h.clock.now()
    await h.clock.advance(60_000)
    await h.credentials.update(admin, view.id, { data: { username: 'qa' } })
    h.regions.faults.failNext('eu-1', 1, 'connection refused')
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 2, synced: 1, failed: 1 })
    const [eu, us] = (await h.credentials.get(admin, view.id)).sync
    const now = h.clock.now().getTime()
    expect(eu).toMatchObject({
      state: 'error',
      version: 1,
      lastSyncedAt: syncedAt,
      error: { message: 'connection refused', at: h.clock.now() },
      attempts: 1,
    })
    expect(eu!.nextAttemptAt!.getTime()).toBeGreaterThan(now)
    expect(eu!.nextAttemptAt!.getTime()).toBeLessThanOrEqual(now + TEST_SYNC.baseDelayMs!)
    expect(us).toMatchObject({ state: 'synced', version: 2 })
    // not due yet, then due
    expect((await h.credentials.runDueJobs()).processed).toBe(0)
    await h.clock.advance(eu!.nextAttemptAt!.getTime() - now)
    await h.credentials.runDueJobs()
    expect(await h.status(view.id, 'eu-1')).toMatchObject({
      state: 'synced',
      version: 2,
      attempts: 0,
      error: null,
    })
  })

  it('after maxAttempts the state stays error, with no next attempt, until syncNow', async () => {
    await activate('eu-1', 'us-1')
    h.regions.faults.down('eu-1')
    const view = await h.credentials.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuth() })
    for (let i = 0; i < 6; i++) {
      await h.credentials.runDueJobs()
      await h.clock.advance(TEST_SYNC.maxDelayMs!)
    }
    expect(await h.status(view.id, 'eu-1')).toMatchObject({
      state: 'error',
      attempts: 3,
      nextAttemptAt: null,
      version: null,
      error: { message: 'region eu-1 is unavailable' },
    })
    expect((await storesOf(h.storage).sync.listJobs(ACCOUNT, [view.id])).map((j) => j.region)).toEqual([])
    h.regions.faults.up('eu-1')
    await h.clock.advance(3_600_000)
    expect((await h.credentials.runDueJobs()).processed).toBe(0)
    expect((await h.status(view.id, 'eu-1'))?.state).toBe('error')

    expect(await h.credentials.syncNow(admin, view.id)).toEqual([
      { region: 'eu-1', state: 'synced', version: 1 },
      { region: 'us-1', state: 'synced', version: 1 },
    ])
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'synced', attempts: 0, error: null })
  })

  it('a resync that changes nothing pushed writes nothing: syncNow, rename, default flip', async () => {
    await activate('eu-1')
    const registry = await h.credentials.create(admin, {
      type: 'container-registry',
      name: 'ghcr',
      data: { server: 'ghcr.io', username: 'bot', password: basicAuth().password },
    })
    await h.credentials.runDueJobs()
    const writes = h.regions.writes('eu-1')
    expect(writes).toBe(1)
    expect(await h.credentials.syncNow(admin, registry.id)).toEqual([
      { region: 'eu-1', state: 'synced', version: 1 },
    ])
    await h.credentials.update(admin, registry.id, { name: 'GitHub packages' })
    await h.credentials.update(admin, registry.id, { isDefault: false })
    await h.credentials.runDueJobs()
    expect(await h.status(registry.id, 'eu-1')).toMatchObject({ state: 'synced', version: 3 })
    expect(h.held('eu-1', registry.id)).toMatchObject({ version: 3 })
    expect(h.regions.writes('eu-1')).toBe(writes)
    await h.credentials.update(admin, registry.id, { data: { username: 'other-bot' } })
    await h.credentials.runDueJobs()
    expect(h.regions.writes('eu-1')).toBe(writes + 1)
  })

  it('a region reporting another content hash is an error, retried', async () => {
    await activate('eu-1')
    h.regions.faults.wrongHashNext('eu-1')
    const view = await createSynced()
    expect(await h.status(view.id, 'eu-1')).toMatchObject({
      state: 'error',
      error: { message: 'region reported a different content hash' },
    })
    await h.clock.advance(TEST_SYNC.baseDelayMs!)
    await h.credentials.runDueJobs()
    expect((await h.status(view.id, 'eu-1'))?.state).toBe('synced')
  })

  it('one failing credential or region never blocks the others', async () => {
    await activate('eu-1', 'us-1')
    const bad = await h.credentials.create(admin, { type: 'basic-auth', name: 'bad', data: basicAuth() })
    h.regions.faults.failFor('eu-1', bad.id, 'quota exceeded')
    h.regions.faults.down('us-1')
    const others = []
    for (let i = 0; i < 5; i++) {
      others.push(
        await h.credentials.create(admin, { type: 'basic-auth', name: `ok-${i}`, data: basicAuth() }),
      )
    }
    await h.credentials.runDueJobs({ concurrency: 2, perRegionConcurrency: 1 })
    for (const view of others) expect((await h.status(view.id, 'eu-1'))?.state).toBe('synced')
    expect(await h.status(bad.id, 'eu-1')).toMatchObject({
      state: 'error',
      error: { message: 'quota exceeded' },
    })
    expect((await h.status(others[0]!.id, 'us-1'))?.state).toBe('error')
  })

  it('delete removes the credential from every region, then drops its statuses; removal retries until it lands', async () => {
    await activate('eu-1', 'us-1')
    const view = await createSynced()
    h.regions.faults.down('us-1')
    await h.credentials.delete(admin, view.id)
    expect(await h.credentials.runDueJobs()).toMatchObject({ removed: 1, failed: 1 })
    expect(h.held('eu-1', view.id)).toBeNull()
    expect(h.held('us-1', view.id)).toMatchObject({ version: 1 })
    expect((await storesOf(h.storage).sync.listStatuses(ACCOUNT, [view.id])).map((s) => s.region)).toEqual([
      'us-1',
    ])
    for (let i = 0; i < 12; i++) {
      await h.clock.advance(TEST_SYNC.maxDelayMs!)
      await h.credentials.runDueJobs()
    }
    expect(h.held('us-1', view.id)).toMatchObject({ version: 1 })
    h.regions.faults.up('us-1')
    await h.clock.advance(TEST_SYNC.maxDelayMs!)
    await h.credentials.runDueJobs()
    expect(h.held('us-1', view.id)).toBeNull()
    expect(await storesOf(h.storage).sync.listStatuses(ACCOUNT, [view.id])).toEqual([])
    expect(await storesOf(h.storage).sync.listJobs(ACCOUNT, [view.id])).toEqual([])
    const { events } = await h.credentials.auditLog(admin, { limit: 100 })
    const removed = events.filter((e) => e.action === 'credential.removed-from-region')
    expect(removed.map((e) => [e.region, e.credential?.name, e.actor])).toEqual([
      ['us-1', 'gate', { type: 'system', reason: 'deleted' }],
      ['eu-1', 'gate', { type: 'system', reason: 'deleted' }],
    ])
  })

  it('audits each push and each failure as the system, with the region', async () => {
    await activate('eu-1')
    h.regions.faults.failNext('eu-1', 1, 'boom')
    const view = await createSynced()
    await h.clock.advance(TEST_SYNC.baseDelayMs!)
    await h.credentials.runDueJobs()
    const { events } = await h.credentials.auditLog(admin)
    const sync = events.filter((e) => e.action.startsWith('credential.sync')).reverse()
    expect(sync).toMatchObject([
      { action: 'credential.sync-failed', outcome: 'failure', message: 'boom', region: 'eu-1' },
      { action: 'credential.synced', outcome: 'success', region: 'eu-1' },
    ])
    expect(sync[0]).toMatchObject({
      actor: { type: 'system', reason: 'created' },
      credential: { id: view.id },
    })
    expect((await h.credentials.verifyAuditChain(ACCOUNT)).ok).toBe(true)
  })

  it('syncNow is for managers of the account, audited, and NOT_FOUND across accounts', async () => {
    await activate('eu-1')
    const view = await createSynced()
    expect(await rejectionOf(h.credentials.syncNow(member, view.id))).toMatchObject({ code: 'FORBIDDEN' })
    expect(await rejectionOf(h.credentials.syncNow(outsider, view.id))).toMatchObject({ code: 'NOT_FOUND' })
    expect(await rejectionOf(h.credentials.syncNow(admin, 'missing'))).toMatchObject({ code: 'NOT_FOUND' })
    h.regions.faults.failNext('eu-1', 1, 'throttled')
    expect(await h.credentials.syncNow(admin, view.id)).toEqual([
      { region: 'eu-1', state: 'error', version: 1, error: 'throttled' },
    ])
    const { events } = await h.credentials.auditLog(admin)
    expect(events.filter((e) => e.action === 'credential.sync-requested')).toMatchObject([
      { actor: { type: 'user', userId: 'u-admin' }, credential: { id: view.id } },
    ])
  })
})
