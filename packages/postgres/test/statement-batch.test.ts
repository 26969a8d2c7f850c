import { type CredentialRecord, isCredentialsError, type StoragePort } from '@credkit/core'
import { makeRecord, storesOf } from '@credkit/testing'
import type pg from 'pg'
import { afterEach, expect, it } from 'vitest'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { lastResultOnly } from './last-result-only.js'
import { sentQueries } from './sent-queries.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

/** A fresh database's pool, and the text of every query it sends. */
async function recordingPool(): Promise<{ pool: pg.Pool; sent: string[] }> {
  database = await createTestDatabase()
  const pool = database.pool({ max: 2 })
  return { pool, sent: sentQueries(pool) }
}

/** Inserts both rows and reads them back, issued together in one transaction of their account. */
async function insertBothThenRead(storage: StoragePort, first: CredentialRecord, second: CredentialRecord) {
  const { accountId } = first
  const [, , read] = await storage.withTransaction(
    async (tx) =>
      Promise.all([
        tx.credentials.insert(first),
        tx.credentials.insert(second),
        // Issued after the inserts: it sees them.
        tx.credentials.getMany(accountId, [first.id, second.id]),
      ]),
    { account: accountId },
  )
  return read
}

it('sends the statements a transaction issues together in one round trip, each with its own result', async () => {
  const { pool, sent } = await recordingPool()
  const storage = createPostgresStorage(pool)
  const accountId = 'acct'
  const first = makeRecord({ accountId, id: 'c1', name: "it's \\ quoted" })
  const second = makeRecord({ accountId, id: 'c2', name: 'second' })
  expect(await insertBothThenRead(storage, first, second)).toEqual([first, second])
  const batches = sent.filter((text) => text.startsWith('SAVEPOINT credkit_batch; '))
  expect(batches).toHaveLength(1)
  expect(batches[0]!.split(/; (?:INSERT|SELECT) /)).toHaveLength(4)
  expect(await storesOf(storage).credentials.getMany(accountId, ['c1', 'c2'])).toEqual([first, second])
})

it('puts a failure in a batch on the statement that failed, and rolls the transaction back whole', async () => {
  const { pool } = await recordingPool()
  const storage = createPostgresStorage(pool)
  const accountId = 'acct'
  const taken = makeRecord({ accountId, id: 'c1' })
  await storesOf(storage).credentials.insert(taken)
  let outcomes: PromiseSettledResult<void>[] = []
  const run = storage.withTransaction(
    async (tx) => {
      outcomes = await Promise.allSettled([
        tx.credentials.insert(makeRecord({ accountId, id: 'c2' })),
        // The same id again: the primary key refuses it.
        tx.credentials.insert({ ...taken, name: 'other-name' }),
        tx.credentials.insert(makeRecord({ accountId, id: 'c3' })),
      ])
    },
    { account: accountId },
  )
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  )
  expect(isCredentialsError(error, 'CONFLICT')).toBe(true)
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
  const [, refused, after] = outcomes as PromiseRejectedResult[]
  expect(refused!.reason).toMatchObject({ code: 'CONFLICT', retryable: true })
  // Sent after the failure, in an aborted transaction: it carries that failure, not its own.
  expect(after!.reason).toBe(refused!.reason)
  expect((await storesOf(storage).credentials.list(accountId)).map((r) => r.id)).toEqual(['c1'])
})

it('sends a value that cannot be a literal with parameters, never cutting the query short', async () => {
  const { pool, sent } = await recordingPool()
  const storage = createPostgresStorage(pool)
  const accountId = 'acct'
  const error = await storage
    .withTransaction(
      async (tx) =>
        Promise.all([
          tx.credentials.insert(makeRecord({ accountId, id: 'c1' })),
          tx.credentials.insert(makeRecord({ accountId, id: 'c2', description: 'nul \0 inside' })),
        ]),
      { account: accountId },
    )
    .then(
      () => null,
      (e: unknown) => e,
    )
  // PostgreSQL refuses NUL in text: the statement fails on its own, with its parameters.
  expect(isCredentialsError(error, 'STORAGE_FAILED')).toBe(true)
  expect(sent.some((text) => text.startsWith('SAVEPOINT credkit_batch'))).toBe(false)
  expect(await storesOf(storage).credentials.list(accountId)).toEqual([])
})

it('runs a batch again one statement at a time when the driver answers with its last result only', async () => {
  database = await createTestDatabase()
  const pool = database.pool({ max: 2 })
  const storage = createPostgresStorage(lastResultOnly(pool))
  const accountId = 'acct'
  const first = makeRecord({ accountId, id: 'c1' })
  const second = makeRecord({ accountId, id: 'c2' })
  expect(await insertBothThenRead(storage, first, second)).toEqual([first, second])
  // Each insert landed once.
  expect(await storesOf(storage).credentials.list(accountId)).toEqual([first, second])
})
