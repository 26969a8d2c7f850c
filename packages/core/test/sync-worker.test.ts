import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it, vi } from 'vitest'
import { isCredentialsError } from '../src/errors.js'
import { ACCOUNT, actors, rejectionOf } from './harness.js'
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

describe('options of runDueJobs and startSyncWorker', () => {
  const thrown = (fn: () => unknown): unknown => {
    try {
      fn()
    } catch (error) {
      return error
    }
    return null
  }

  it('null or undefined options are the defaults', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    await create('gate')
    expect(await h.credentials.runDueJobs(null as never)).toMatchObject({ processed: 1, synced: 1 })
    expect(await h.credentials.runDueJobs(undefined)).toMatchObject({ processed: 0 })
    await h.credentials.startSyncWorker(null as never).stop()
    await h.credentials.startSyncWorker(undefined).stop()
  })

  it('runDueJobs rejects bad options with VALIDATION_FAILED naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ concurrency: 0 }, 'options.concurrency'],
      [{ concurrency: 1.5 }, 'options.concurrency'],
      [{ concurrency: '8' }, 'options.concurrency'],
      [{ perRegionConcurrency: 1_000_000 }, 'options.perRegionConcurrency'],
      [{ owner: '' }, 'options.owner'],
      [{ owner: 42 }, 'options.owner'],
      [{ signal: { aborted: false } }, 'options.signal'],
      [{ concurency: 2 }, 'options'],
      ['fast', 'options'],
    ]
    for (const [options, field] of cases) {
      const error = await rejectionOf(h.credentials.runDueJobs(options as never))
      expect(isCredentialsError(error, 'VALIDATION_FAILED'), JSON.stringify(options)).toBe(true)
      expect(error.field).toBe(field)
    }
    const controller = new AbortController()
    controller.abort()
    expect(
      await h.credentials.runDueJobs({ signal: controller.signal, owner: 'me', concurrency: 2 }),
    ).toEqual({
      processed: 0,
      synced: 0,
      failed: 0,
      removed: 0,
    })
  })

  it('startSyncWorker throws VALIDATION_FAILED before starting anything', async () => {
    const cases: Array<[unknown, string]> = [
      [{ pollIntervalMs: -1 }, 'options.pollIntervalMs'],
      [{ pollIntervalMs: Number.POSITIVE_INFINITY }, 'options.pollIntervalMs'],
      [{ issuanceEveryPolls: -1 }, 'options.issuanceEveryPolls'],
      [{ concurrency: 0 }, 'options.concurrency'],
      [{ perRegionConcurrency: Number.NaN }, 'options.perRegionConcurrency'],
      [{ owner: 'w' }, 'options'],
      [7, 'options'],
    ]
    for (const [options, field] of cases) {
      const error = thrown(() => h.credentials.startSyncWorker(options as never))
      expect(isCredentialsError(error, 'VALIDATION_FAILED'), JSON.stringify(options)).toBe(true)
      expect((error as { field?: string }).field).toBe(field)
    }
    await h.credentials.startSyncWorker({ issuanceEveryPolls: 0, pollIntervalMs: 5, concurrency: 2 }).stop()
  })
})
