import { isCredentialsError } from '@credkit/core'
import { makeJob, storesOf } from '@credkit/testing'
import { afterEach, expect, it } from 'vitest'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { enqueue, settleDone } from './jobs.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

const expectRetryableConflict = (error: unknown) => {
  expect(isCredentialsError(error, 'CONFLICT')).toBe(true)
  expect(error).toMatchObject({ retryable: true, cause: { code: '55P03' } })
  expect((error as Error).message).not.toMatch(/SELECT|UPDATE|credkit_/)
}

it('turns lock_timeout on the account lock into a retryable CONFLICT; running again succeeds', async () => {
  database = await createTestDatabase()
  const holder = await database.pool({ max: 1 }).connect()
  await holder.query(`SELECT pg_advisory_lock(hashtextextended('credkit:account:' || $1, 0))`, ['acct'])
  const storage = createPostgresStorage(database.pool({ max: 2, lock_timeout: 100 }))
  const run = () => storage.withTransaction((tx) => tx.sync.addRegion('acct', 'eu-1'), { account: 'acct' })
  try {
    expectRetryableConflict(await run().catch((e: unknown) => e))
    expect(await storesOf(storage).sync.listRegions('acct')).toEqual([])
  } finally {
    await holder.query(`SELECT pg_advisory_unlock(hashtextextended('credkit:account:' || $1, 0))`, ['acct'])
    holder.release()
  }
  expect(await run()).toBe(true)
})

it('takes the same account lock for an id with quotes and backslashes (inlined as a literal)', async () => {
  database = await createTestDatabase()
  const account = "o'k\\ \\' x"
  const holder = await database.pool({ max: 1 }).connect()
  await holder.query(`SELECT pg_advisory_lock(hashtextextended('credkit:account:' || $1, 0))`, [account])
  const storage = createPostgresStorage(database.pool({ max: 2, lock_timeout: 100 }))
  const run = () => storage.withTransaction((tx) => tx.sync.addRegion(account, 'eu-1'), { account })
  try {
    expectRetryableConflict(await run().catch((e: unknown) => e))
  } finally {
    await holder.query(`SELECT pg_advisory_unlock(hashtextextended('credkit:account:' || $1, 0))`, [account])
    holder.release()
  }
  expect(await run()).toBe(true)
  expect(await storesOf(storage).sync.listRegions(account)).toEqual(['eu-1'])
})

it('turns lock_timeout on a row lock into a retryable CONFLICT', async () => {
  database = await createTestDatabase()
  const storage = createPostgresStorage(database.pool({ max: 2, lock_timeout: 100 }))
  await enqueue(storage, makeJob({ accountId: 'acct', credentialId: 'c1', region: 'eu-1' }))
  const [job] = await storesOf(storage).sync.claim(new Date(), { owner: 'w1', leaseMs: 60_000, limit: 1 })
  const holder = await database.pool({ max: 1 }).connect()
  try {
    await holder.query('BEGIN')
    await holder.query('SELECT 1 FROM credkit_sync_jobs FOR UPDATE')
    const error = await settleDone(storage, job!).catch((e: unknown) => e)
    expectRetryableConflict(error)
  } finally {
    await holder.query('ROLLBACK')
    holder.release()
  }
  expect(await settleDone(storage, job!)).toBe(true)
})
