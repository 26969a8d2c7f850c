import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it, vi } from 'vitest'
import { ACCOUNT, actors } from './harness.js'
import { basicAuth, useSyncHarness } from './sync-harness.js'

const h = useSyncHarness({ regions: ['eu-1', 'us-1'] })
const { admin } = actors

const create = (name: string) => h.credentials.create(admin, { type: 'basic-auth', name, data: basicAuth() })

describe('startSyncWorker', () => {
  it('polls the outbox and syncs what is enqueued', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    await h.credentials.prepareRegion(ACCOUNT, 'us-1')
    const worker = h.credentials.startSyncWorker({ pollIntervalMs: 5 })
    try {
      const view = await create('gate')
      await vi.waitFor(async () => {
        const states = (await h.credentials.get(admin, view.id)).sync.map((s) => s.state)
        expect(states).toEqual(['synced', 'synced'])
      })
      await h.credentials.update(admin, view.id, { data: { username: 'qa' } })
      await vi.waitFor(async () =>
        expect(await h.status(view.id, 'us-1')).toMatchObject({ state: 'synced', version: 2 }),
      )
    } finally {
      await worker.stop()
    }
  })

  it('stop() stops polling and waits for the jobs in flight to be recorded', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const worker = h.credentials.startSyncWorker({ pollIntervalMs: 5 })
    const gate = h.regions.faults.hold('eu-1')
    const view = await create('gate')
    await gate.reached
    let stopped = false
    const stopping = worker.stop().then(() => {
      stopped = true
    })
    await sleep(30)
    expect(stopped).toBe(false)
    gate.release()
    await stopping
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'synced', version: 1 })
    const later = await create('later')
    await sleep(30)
    expect(await h.status(later.id, 'eu-1')).toMatchObject({ state: 'not-synced' })
  })

  it('keeps polling through region failures and retries when the jobs are due', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    h.regions.faults.failNext('eu-1', 1, 'flaky')
    const worker = h.credentials.startSyncWorker({ pollIntervalMs: 2 })
    try {
      const view = await create('gate')
      await vi.waitFor(async () => expect((await h.status(view.id, 'eu-1'))?.state).toBe('error'))
      h.clock.advance(60_000)
      await vi.waitFor(async () => expect((await h.status(view.id, 'eu-1'))?.state).toBe('synced'))
    } finally {
      await worker.stop()
    }
  })
})
