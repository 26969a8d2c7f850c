import { isCredentialsError } from '@credkit/core'
import { makeRecord, storesOf } from '@credkit/testing'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import type { PgClientLike } from '../src/client.js'
import { migrate } from '../src/migrate.js'
import { pgliteClient } from '../src/pglite-client.js'
import { createPostgresStorage } from '../src/postgres-storage.js'

let pglite: PGlite
beforeAll(async () => {
  pglite = await PGlite.create()
})
afterAll(() => pglite.close())
beforeEach(async () => {
  const client = pgliteClient(pglite)
  await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public')
  await migrate(client)
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

it('serialises every pgliteClient of one instance: no statement runs inside another wrapper’s transaction', async () => {
  const a = createPostgresStorage(pgliteClient(pglite))
  const b = createPostgresStorage(pgliteClient(pglite))
  const r1 = makeRecord({ accountId: 'acct' })
  const r2 = makeRecord({ accountId: 'acct' })
  let inserted!: () => void
  const insertedR1 = new Promise<void>((resolve) => {
    inserted = resolve
  })
  const aborted = a.withTransaction(async (tx) => {
    await tx.credentials.insert(r1)
    inserted()
    await sleep(50)
    throw new Error('abort')
  })
  await insertedR1
  const committed = b.withTransaction((tx) => tx.credentials.insert(r2))
  await expect(aborted).rejects.toThrow('abort')
  await committed
  // B waited for A's rollback: its COMMIT did not commit A's insert.
  expect((await storesOf(b).credentials.list('acct')).map((r) => r.id)).toEqual([r2.id])
})

it('a statement that broke a unique rule dooms the transaction; the session works again after it', async () => {
  const base = pgliteClient(pglite)
  const statements: string[] = []
  const client: PgClientLike = {
    query: (text, values) => base.query(text, values),
    async connect() {
      const conn = await base.connect()
      return {
        query: (text, values) => {
          statements.push(text)
          return conn.query(text, values)
        },
        release: (error) => conn.release(error),
      }
    },
  }
  const storage = createPostgresStorage(client)
  const record = makeRecord({ accountId: 'acct' })
  const outcome = storage.withTransaction(async (tx) => {
    await tx.credentials.insert(record)
    const broke = await tx.credentials.insert(record).catch((e: unknown) => e)
    expect(isCredentialsError(broke, 'CONFLICT')).toBe(true)
    const sent = statements.length
    // Later calls get the same failure without reaching the aborted transaction.
    for (let i = 0; i < 3; i++)
      expect(await tx.credentials.get('acct', record.id).catch((e: unknown) => e)).toBe(broke)
    expect(statements).toHaveLength(sent)
    return 'swallowed'
  })
  // `fn` swallowed the failure, yet nothing commits: the transaction rejects with it.
  await expect(outcome).rejects.toMatchObject({ code: 'CONFLICT', retryable: true })
  expect(statements.at(-1)).toBe('ROLLBACK')
  expect(statements.filter((text) => /SAVEPOINT|COMMIT/.test(text))).toEqual([])
  const stores = storesOf(storage)
  expect(await stores.credentials.get('acct', record.id)).toBeNull()
  await storage.withTransaction((tx) => tx.credentials.insert(record))
  expect(await stores.credentials.get('acct', record.id)).toMatchObject({ id: record.id })
})

it('runs on a UTF-8 database, where "C" ordering is code point ordering', async () => {
  const { rows } = await pgliteClient(pglite).query('SHOW server_encoding')
  expect(rows[0]?.['server_encoding']).toBe('UTF8')
})
