import { type CredentialRecord, isCredentialsError, type StoragePort, type StorageTx } from '@credkit/core'
import { makeRecord, makeStatus, storesOf } from '@credkit/testing'
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

const ACCOUNT = 'acct'

/** A fresh database's pool, and the text of every query it sends. */
async function recordingPool(): Promise<{ pool: pg.Pool; sent: string[] }> {
  database = await createTestDatabase()
  const pool = database.pool({ max: 3 })
  return { pool, sent: sentQueries(pool) }
}

/** Issues the inserts together as the transaction's last statements, and waits for them. */
async function insertLast(tx: StorageTx, records: ReadonlyArray<CredentialRecord>) {
  const inserted = Promise.all(records.map((record) => tx.credentials.insert(record)))
  tx.lastStatementsIssued?.()
  await inserted
}

/** A row of the test account. */
const record = (id: string) => makeRecord({ accountId: ACCOUNT, id })

const idsIn = async (storage: StoragePort) =>
  (await storesOf(storage).credentials.list(ACCOUNT)).map((record) => record.id)

const rejection = (run: Promise<unknown>) =>
  run.then(
    () => null,
    (error: unknown) => error,
  )

const batches = (sent: ReadonlyArray<string>) =>
  sent.filter((text) => text.startsWith('SAVEPOINT credkit_batch'))

it('sends COMMIT in the round trip of the last statements, and commits them', async () => {
  const { pool, sent } = await recordingPool()
  const storage = createPostgresStorage(pool)
  await storage.withTransaction((tx) => insertLast(tx, [record('c1'), record('c2')]), {
    account: ACCOUNT,
  })
  expect(batches(sent)).toHaveLength(1)
  expect(batches(sent)[0]).toMatch(/; COMMIT$/)
  // Not sent a second time.
  expect(sent.filter((text) => text === 'COMMIT')).toEqual([])
  expect(await idsIn(storage)).toEqual(['c1', 'c2'])
})

it('commits nothing when one of the last statements fails, which rejects with its own error', async () => {
  const { pool, sent } = await recordingPool()
  const storage = createPostgresStorage(pool)
  const taken = record('c1')
  await storesOf(storage).credentials.insert(taken)
  let outcomes: PromiseSettledResult<void>[] = []
  const error = await rejection(
    storage.withTransaction(
      async (tx) => {
        const inserted = Promise.allSettled([
          tx.credentials.insert(record('c2')),
          // The same id again: the primary key refuses it.
          tx.credentials.insert({ ...taken, name: 'other-name' }),
        ])
        tx.lastStatementsIssued?.()
        outcomes = await inserted
      },
      { account: ACCOUNT },
    ),
  )
  expect(batches(sent)[0]).toMatch(/; COMMIT$/)
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected'])
  expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT', retryable: true })
  expect(isCredentialsError(error, 'CONFLICT')).toBe(true)
  expect(await idsIn(storage)).toEqual(['c1'])
})

it('rejects every last statement, and the transaction, when the COMMIT that went with them fails', async () => {
  const { pool, sent } = await recordingPool()
  const storage = createPostgresStorage(pool)
  // A rule checked at COMMIT only (this test database's own): a status needs its credential.
  await pool.query(`ALTER TABLE credkit_region_statuses ADD CONSTRAINT test_status_credential
    FOREIGN KEY (account_id, credential_id) REFERENCES credkit_credentials (account_id, id)
    DEFERRABLE INITIALLY DEFERRED`)
  const last: PromiseSettledResult<unknown>[] = []
  const error = await rejection(
    storage.withTransaction(
      async (tx) => {
        await tx.credentials.insert(record('c1'))
        const written = Promise.allSettled([
          tx.sync.putStatuses([makeStatus({ accountId: ACCOUNT, credentialId: 'c1', region: 'r1' })]),
          tx.sync.putStatuses([makeStatus({ accountId: ACCOUNT, credentialId: 'gone', region: 'r1' })]),
        ])
        tx.lastStatementsIssued?.()
        last.push(...(await written))
      },
      { account: ACCOUNT },
    ),
  )
  expect(error).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringMatching(/COMMIT.*23503/) })
  expect(last.map((outcome) => (outcome as PromiseRejectedResult).reason)).toEqual([error, error])
  // The batch ran to its COMMIT: nothing was run again, nor committed again.
  expect(batches(sent).filter((text) => text.endsWith('; COMMIT'))).toHaveLength(1)
  expect(sent.filter((text) => text.startsWith('INSERT INTO credkit_region_statuses'))).toEqual([])
  expect(sent.filter((text) => text === 'COMMIT')).toEqual([])
  expect(await idsIn(storage)).toEqual([])
  expect(await storesOf(storage).sync.listStatuses(ACCOUNT, ['c1'])).toEqual([])
})

it('refuses a statement issued after the last ones', async () => {
  const { pool } = await recordingPool()
  const storage = createPostgresStorage(pool)
  const error = await rejection(
    storage.withTransaction(
      async (tx) => {
        const inserted = tx.credentials.insert(record('c1'))
        tx.lastStatementsIssued?.()
        await Promise.all([inserted, tx.credentials.insert(record('c2'))])
      },
      { account: ACCOUNT },
    ),
  )
  expect(error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already ended/) })
  expect(await idsIn(storage)).toEqual(['c1'])
})

it('keeps COMMIT out of a batch when the driver answers a query of several statements with one result', async () => {
  database = await createTestDatabase()
  const pool = database.pool({ max: 2 })
  const sent = sentQueries(pool)
  const storage = createPostgresStorage(lastResultOnly(pool))
  await storage.withTransaction((tx) => insertLast(tx, [record('c1'), record('c2')]), {
    account: ACCOUNT,
  })
  expect(batches(sent).some((text) => text.endsWith('COMMIT'))).toBe(false)
  expect(sent.filter((text) => text === 'COMMIT')).toHaveLength(1)
  expect(await idsIn(storage)).toEqual(['c1', 'c2'])
})

it('runs nothing again, and says the transaction committed, when a batch with COMMIT comes back without its results', async () => {
  database = await createTestDatabase()
  const pool = database.pool({ max: 2 })
  const sent = sentQueries(pool)
  // Answers the opening query with a result per statement, then a batch with COMMIT with its last.
  const storage = createPostgresStorage(lastResultOnly(pool, (text) => text.endsWith('; COMMIT')))
  const error = await rejection(
    storage.withTransaction((tx) => insertLast(tx, [record('c1'), record('c2')]), { account: ACCOUNT }),
  )
  expect(error).toMatchObject({ code: 'STORAGE_FAILED', message: expect.stringMatching(/committed/) })
  expect(sent.filter((text) => text.startsWith('INSERT') || text.startsWith('ROLLBACK TO'))).toEqual([])
  expect(await idsIn(storage)).toEqual(['c1', 'c2'])
})
