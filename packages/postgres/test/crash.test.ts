import { isCredentialsError, settleJob } from '@credkit/core'
import { makeJob, makeStatus, storesOf } from '@credkit/testing'
import type pg from 'pg'
import { afterEach, expect, it } from 'vitest'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { enqueue, settleDone } from './jobs.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

const T0 = Date.parse('2026-01-01T00:00:00.000Z')
const at = (ms: number) => new Date(T0 + ms)
const accountId = 'acct-crash'
const job = { accountId, credentialId: 'c1', region: 'eu-1' }

/** Kills the backend of `application` once it sits idle inside a transaction. */
async function killWhenIdleInTransaction(admin: pg.Pool, application: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
       WHERE application_name = $1 AND state LIKE 'idle in transaction%'`,
      [application],
    )
    if (rows.length > 0) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('no backend to kill')
}

/** A one-shot signal between the test and a transaction it holds open. */
function signal(): { fired: Promise<void>; fire: () => void } {
  let fire!: () => void
  const fired = new Promise<void>((resolve) => {
    fire = resolve
  })
  return { fired, fire }
}

it('a worker killed mid-transaction loses nothing; another pool claims the job once the lease expires', async () => {
  database = await createTestDatabase()
  const workerA = createPostgresStorage(database.pool({ application_name: 'worker-a' }))
  const workerB = createPostgresStorage(database.pool({ application_name: 'worker-b' }))
  const admin = database.pool({ max: 1 })
  await enqueue(workerA, makeJob(job))
  const [claimed] = await storesOf(workerA).sync.claim(at(0), { owner: 'worker-a', leaseMs: 5000, limit: 1 })
  expect(claimed).toBeDefined()

  const midway = signal()
  const killed = signal()
  const outcome = workerA.withTransaction(async (tx) => {
    await tx.sync.putStatuses([makeStatus({ ...job, state: 'synced' })])
    expect(await settleJob(tx, claimed!, { retryAt: null, attempts: 1 })).toBe(true)
    midway.fire()
    await killed.fired
    return tx.sync.listJobs(accountId, ['c1'])
  })
  await midway.fired
  await killWhenIdleInTransaction(admin, 'worker-a')
  killed.fire()
  const error = await outcome.then(
    () => null,
    (e: unknown) => e,
  )
  // Nothing was committed, so running again is safe: a retryable CONFLICT.
  expect(isCredentialsError(error, 'CONFLICT')).toBe(true)
  expect(error).toMatchObject({ retryable: true })

  expect(await storesOf(workerB).sync.listStatuses(accountId, ['c1'])).toEqual([])
  expect(await storesOf(workerB).sync.listJobs(accountId, ['c1'])).toMatchObject([
    { leaseOwner: 'worker-a', token: claimed!.token },
  ])
  expect(
    await storesOf(workerB).sync.claim(at(4999), { owner: 'worker-b', leaseMs: 5000, limit: 10 }),
  ).toEqual([])
  const [reclaimed] = await storesOf(workerB).sync.claim(at(5000), {
    owner: 'worker-b',
    leaseMs: 5000,
    limit: 10,
  })
  expect(reclaimed).toMatchObject({ ...job, leaseOwner: 'worker-b' })
  // A new lease, a new token: worker A, back from the dead, can no longer settle the job.
  expect(reclaimed!.token).not.toBe(claimed!.token)
  expect(await settleDone(workerA, claimed!)).toBe(false)
  // The pool of the killed worker discarded the dead connection and works again.
  expect(await storesOf(workerA).sync.listJobs(accountId, ['c1'])).toHaveLength(1)
})

it('a lease taken inside a transaction that dies is never committed: the job is claimable at once', async () => {
  database = await createTestDatabase()
  const workerA = createPostgresStorage(database.pool({ application_name: 'worker-a' }))
  const workerB = createPostgresStorage(database.pool({ application_name: 'worker-b' }))
  const admin = database.pool({ max: 1 })
  await enqueue(workerA, makeJob(job))
  const midway = signal()
  const killed = signal()
  const outcome = workerA.withTransaction(async (tx) => {
    expect(await tx.sync.claim(at(0), { owner: 'worker-a', leaseMs: 60_000, limit: 1 })).toHaveLength(1)
    midway.fire()
    await killed.fired
    await tx.sync.listJobs(accountId, ['c1'])
  })
  await midway.fired
  await killWhenIdleInTransaction(admin, 'worker-a')
  const [claimed] = await storesOf(workerB).sync.claim(at(1), { owner: 'worker-b', leaseMs: 1000, limit: 1 })
  expect(claimed).toMatchObject({ leaseOwner: 'worker-b' })
  killed.fire()
  await expect(outcome).rejects.toMatchObject({ code: 'CONFLICT', retryable: true })
})
