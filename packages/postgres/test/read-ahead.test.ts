import { makeRecord, makeStatus, storesOf } from '@credkit/testing'
import { afterEach, expect, it } from 'vitest'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { sentQueries } from './sent-queries.js'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

it("sends a transaction's read-ahead with its lock and BEGIN, in one round trip, and hands it to fn", async () => {
  database = await createTestDatabase()
  const pool = database.pool({ max: 2 })
  const sent = sentQueries(pool)
  const storage = createPostgresStorage(pool)
  const accountId = 'acct'
  const record = makeRecord({ accountId, id: 'c1' })
  const status = makeStatus({ accountId, credentialId: 'c1', region: 'eu-1' })
  await storage.withTransaction(
    async (tx) => {
      await tx.credentials.insert(record)
      await tx.sync.putStatuses([status])
    },
    { account: accountId },
  )
  sent.length = 0
  const request = { accountId, credentialIds: ['c1'], keys: [{ credentialId: 'c1', region: 'eu-1' }] }
  const ahead = await storage.withTransaction(async (tx) => tx.readAhead, {
    account: accountId,
    readAhead: request,
  })
  expect(ahead).toEqual({ rows: [record], statuses: [status], jobs: [], head: null, regions: [] })
  // The lock, BEGIN and five reads were one query; then COMMIT (and the unlock, after it).
  expect(sent[0]).toMatch(
    /^BEGIN; SELECT pg_advisory_lock\(.*\); COMMIT; BEGIN ISOLATION LEVEL SERIALIZABLE; /,
  )
  expect(sent[0]!.split('; SELECT ').length - 2).toBe(5)
  expect(sent[1]).toBe('COMMIT')
  // Without an account (or for another account than the transaction's) nothing is read ahead.
  expect(
    await storage.withTransaction(async (tx) => tx.readAhead, {
      account: 'other',
      readAhead: request,
    }),
  ).toBeUndefined()
  expect(await storesOf(storage).credentials.get(accountId, 'c1')).toEqual(record)
})
