import { storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { failingAudit } from './failing-audit.js'
import { ACCOUNT, actors } from './harness.js'
import { basicAuth, TEST_SYNC, useSyncHarness } from './sync-harness.js'

// The audit log refuses writes while the region answers: the outcome of a push cannot be
// recorded with its event. The status must settle at once (never a `syncing` left for the lease,
// two minutes), must not claim `synced` without the event saying so, and the job must retry.

let auditDown = false

const h = useSyncHarness({ regions: ['eu-1'], storage: failingAudit(() => auditDown) })
const { admin } = actors

async function createPending() {
  auditDown = false
  await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
  return h.credentials.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuth() })
}

async function eventsOf(id: string) {
  return (await h.reader.auditEvents(ACCOUNT))
    .filter((event) => event.credential?.id === id && event.region === 'eu-1')
    .map((event) => event.action)
}

describe('sync when the audit log is down', () => {
  it('settles a confirmed push as AuditFailed, retries within the backoff, then records synced', async () => {
    const view = await createPending()
    auditDown = true
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 1, synced: 0, failed: 1 })
    expect(h.held('eu-1', view.id)).toMatchObject({ version: 1 })
    const status = await h.status(view.id, 'eu-1')
    expect(status).toMatchObject({
      state: 'error',
      version: null,
      attempts: 1,
      error: { status: null, reason: 'AuditFailed', at: h.clock.now() },
    })
    // the retry comes after the backoff, long before the lease would have brought the job back
    const retryIn = status!.nextAttemptAt!.getTime() - h.clock.now().getTime()
    expect(retryIn).toBeGreaterThan(0)
    expect(retryIn).toBeLessThanOrEqual(TEST_SYNC.baseDelayMs! * 2)
    expect(await eventsOf(view.id)).toEqual([])

    auditDown = false
    await h.clock.advance(retryIn)
    expect(await h.credentials.runDueJobs()).toMatchObject({ processed: 1, synced: 1 })
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'synced', version: 1, error: null })
    expect(await eventsOf(view.id)).toEqual(['credential.synced'])
  })

  it('settles a failed push as AuditFailed instead of leaving it syncing', async () => {
    const view = await createPending()
    auditDown = true
    h.regions.faults.failNext('eu-1', 1, 'connection refused')
    await h.credentials.runDueJobs()
    expect(await h.status(view.id, 'eu-1')).toMatchObject({
      state: 'error',
      attempts: 1,
      error: { reason: 'AuditFailed' },
    })
    expect((await h.credentials.get(admin, view.id)).sync[0]?.state).toBe('error')
    auditDown = false
    await h.clock.advance(TEST_SYNC.baseDelayMs! * 2)
    await h.credentials.runDueJobs()
    expect(await eventsOf(view.id)).toEqual(['credential.synced'])
  })

  it('retries a landed removal whose event could not be written, then records it', async () => {
    const view = await createPending()
    await h.credentials.runDueJobs()
    await h.credentials.delete(admin, view.id)
    auditDown = true
    await h.credentials.runDueJobs()
    expect(h.held('eu-1', view.id)).toBeNull()
    const [job] = await storesOf(h.storage).sync.listJobs(ACCOUNT, [view.id])
    expect(job).toMatchObject({ action: 'remove', attempts: 1, leaseOwner: null })
    expect(job!.runAt.getTime() - h.clock.now().getTime()).toBeLessThanOrEqual(TEST_SYNC.baseDelayMs! * 2)
    auditDown = false
    await h.clock.advance(TEST_SYNC.baseDelayMs! * 2)
    expect(await h.credentials.runDueJobs()).toMatchObject({ removed: 1 })
    expect(await eventsOf(view.id)).toEqual(['credential.synced', 'credential.removed-from-region'])
  })
})
