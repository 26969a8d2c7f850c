import { describe, expect, it } from 'vitest'
import { CredentialsError, isCredentialsError } from '../src/errors.js'
import type { StoragePort } from '../src/ports/storage-port.js'
import { ACCOUNT, actors, rejectionOf } from './harness.js'
import { basicAuth, TEST_SYNC, useSyncHarness } from './sync-harness.js'

/** What a driver throws when the database is gone; its message names the host (not a secret). */
const connectionRefused = () =>
  Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432 (password=hunter2 in a bad driver)'), {
    code: 'ECONNREFUSED',
  })
/** Set to make the storage refuse every call with what it returns, as a database gone away would. */
let storageFailure: (() => unknown) | null = null

/** The memory storage, failing while `storageFailure` is set: outside and inside transactions. */
function failWhenDown(inner: StoragePort): StoragePort {
  return {
    withTransaction: (fn, options) =>
      storageFailure ? Promise.reject(storageFailure()) : inner.withTransaction(fn, options),
  }
}

const POLL_MS = 1_000
const h = useSyncHarness({
  regions: ['eu-1', 'us-1'],
  storage: (inner) => {
    storageFailure = null
    return failWhenDown(inner)
  },
})
const { admin } = actors

const create = (name: string) => h.credentials.create(admin, { type: 'basic-auth', name, data: basicAuth() })

describe('startSyncWorker', () => {
  it('polls the outbox every pollIntervalMs of the clock and syncs what is enqueued', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    await h.credentials.prepareRegion(ACCOUNT, 'us-1')
    const worker = h.credentials.startSyncWorker({ pollIntervalMs: POLL_MS })
    try {
      await h.clock.advance(0) // the first pass, at start: nothing is due
      const view = await create('gate')
      await h.clock.advance(POLL_MS - 1)
      expect((await h.status(view.id, 'eu-1'))?.state).toBe('not-synced')
      await h.clock.advance(1)
      expect((await h.credentials.get(admin, view.id)).sync.map((s) => s.state)).toEqual(['synced', 'synced'])
      await h.credentials.update(admin, view.id, { data: { username: 'qa' } })
      await h.clock.advance(POLL_MS)
      expect(await h.status(view.id, 'us-1')).toMatchObject({ state: 'synced', version: 2 })
      expect(worker.stats()).toMatchObject({ passes: 3, jobs: 4, failedJobs: 0, failedPasses: 0, errors: 0 })
    } finally {
      await worker.stop()
    }
  })

  it('stop() stops polling and waits for the jobs in flight to be recorded', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const worker = h.credentials.startSyncWorker({ pollIntervalMs: POLL_MS })
    const gate = h.regions.faults.hold('eu-1')
    const view = await create('gate')
    await h.clock.advance(POLL_MS)
    await gate.reached
    let stopped = false
    const stopping = worker.stop().then(() => {
      stopped = true
    })
    await h.clock.advance(0)
    expect(stopped).toBe(false)
    gate.release()
    await stopping
    expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'synced', version: 1 })
    expect(h.clock.pending()).toBe(0) // no poll timer is left
    const later = await create('later')
    await h.clock.advance(10 * POLL_MS)
    expect(await h.status(later.id, 'eu-1')).toMatchObject({ state: 'not-synced' })
  })

  it('keeps polling through region failures and retries when the jobs are due', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    h.regions.faults.failNext('eu-1', 1, 'flaky')
    const worker = h.credentials.startSyncWorker({ pollIntervalMs: POLL_MS })
    try {
      await h.clock.advance(0)
      const view = await create('gate')
      await h.clock.advance(POLL_MS)
      expect((await h.status(view.id, 'eu-1'))?.state).toBe('error')
      await h.clock.advance(TEST_SYNC.maxDelayMs!)
      expect((await h.status(view.id, 'eu-1'))?.state).toBe('synced')
      // a region failure is the status's business, not an error of the worker
      expect(worker.stats()).toMatchObject({ jobs: 2, failedJobs: 1, failedPasses: 0, errors: 0 })
    } finally {
      await worker.stop()
    }
  })
})

describe('startSyncWorker when the storage fails', () => {
  it('calls onError with each error of a pass, counts failed passes, and recovers', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const seen: unknown[] = []
    const worker = h.credentials.startSyncWorker({
      pollIntervalMs: POLL_MS,
      onError: (e) => void seen.push(e),
    })
    try {
      await h.clock.advance(0)
      storageFailure = connectionRefused
      const downAt = h.clock.now().getTime()
      await h.clock.advance(3 * POLL_MS)
      expect(seen.length).toBeGreaterThanOrEqual(3)
      expect(seen.every((e) => (e as { code?: string }).code === 'ECONNREFUSED')).toBe(true)
      const stats = worker.stats()
      expect(stats).toMatchObject({ passes: 4, failedPasses: 3, errors: seen.length })
      expect(stats.lastError).toEqual({ code: 'ECONNREFUSED', at: new Date(downAt + 3 * POLL_MS) })
      // stats carry a code and a date: no message, nothing a driver put in it
      expect(JSON.stringify(stats)).not.toContain('hunter2')
      expect(JSON.stringify(stats)).not.toContain('10.0.0.7')

      storageFailure = null
      const view = await create('gate')
      await h.clock.advance(POLL_MS)
      expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'synced', version: 1 })
      expect(worker.stats()).toMatchObject({ passes: 5, failedPasses: 3, jobs: 1 })
    } finally {
      await worker.stop()
    }
  })

  it('a throwing or rejecting onError does not stop the worker', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    let calls = 0
    const hooks = [
      () => {
        calls++
        throw new Error('hook bug')
      },
      async () => {
        calls++
        throw new Error('async hook bug')
      },
    ]
    for (const onError of hooks) {
      storageFailure = connectionRefused
      const worker = h.credentials.startSyncWorker({ pollIntervalMs: POLL_MS, onError })
      try {
        await h.clock.advance(2 * POLL_MS)
        const before = calls
        expect(before).toBeGreaterThanOrEqual(3)
        storageFailure = null
        const view = await create(`gate-${calls}`)
        await h.clock.advance(POLL_MS)
        expect(await h.status(view.id, 'eu-1')).toMatchObject({ state: 'synced' })
        expect(worker.stats().failedPasses).toBe(3)
      } finally {
        await worker.stop()
      }
    }
  })

  it('without onError, a dead storage still shows in the stats', async () => {
    const worker = h.credentials.startSyncWorker({ pollIntervalMs: POLL_MS })
    try {
      storageFailure = connectionRefused
      await h.clock.advance(POLL_MS)
      expect(worker.stats()).toMatchObject({ failedPasses: 2, lastError: { code: 'ECONNREFUSED' } })
    } finally {
      storageFailure = null
      await worker.stop()
    }
  })

  it('reports the code of a CredentialsError, and UNKNOWN for an error without a short code', async () => {
    const cases: Array<[unknown, string]> = [
      [new CredentialsError('CONFLICT', 'serialization failure', { retryable: true }), 'CONFLICT'],
      [new Error('no code at all'), 'UNKNOWN'],
      [Object.assign(new Error('x'), { code: 'a code with spaces and maybe a value' }), 'UNKNOWN'],
      ['a thrown string', 'UNKNOWN'],
    ]
    for (const [error, code] of cases) {
      const worker = h.credentials.startSyncWorker({ pollIntervalMs: POLL_MS })
      storageFailure = () => error
      try {
        await h.clock.advance(0)
        expect(worker.stats().lastError?.code).toBe(code)
      } finally {
        storageFailure = null
        await worker.stop()
      }
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
