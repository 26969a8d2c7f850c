import { makeRecord, storesOf } from '@credkit/testing'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { migrate } from './migrate.js'
import { pgliteClient } from './pglite-client.js'
import { createPostgresStorage } from './postgres-storage.js'

let pglite: PGlite
beforeAll(async () => {
  pglite = await PGlite.create()
})
afterAll(() => pglite.close())

it('runs pool-level calls outside a transaction that holds the single PGlite session', async () => {
  const client = pgliteClient(pglite)
  await migrate(client)
  const storage = createPostgresStorage(client)
  const stores = storesOf(storage)
  const inside = makeRecord({ accountId: 'acct' })
  const outside = makeRecord({ accountId: 'acct' })
  let entered!: () => void
  const holding = new Promise<void>((resolve) => {
    entered = resolve
  })
  const aborted = storage.withTransaction(async (tx) => {
    await tx.credentials.insert(inside)
    entered()
    await new Promise((resolve) => setTimeout(resolve, 20))
    throw new Error('abort')
  })
  // Called from outside the transaction (inside it, withTransaction would reject as nested).
  await holding
  const direct = stores.credentials.insert(outside)
  await expect(aborted).rejects.toThrow('abort')
  await direct
  // The direct insert waited for the session and was not rolled back with the transaction.
  expect((await stores.credentials.list('acct')).map((r) => r.id)).toEqual([outside.id])
  // Errors leave the session usable, unlike PGlite's node-postgres bridge.
  for (let i = 0; i < 3; i++) {
    await expect(stores.credentials.insert(outside)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'A credential with this id already exists',
    })
  }
  expect(await stores.credentials.get('acct', outside.id)).not.toBeNull()
})

it('takes no account lock on the single PGlite session: nothing can run beside its transaction', async () => {
  await migrate(pgliteClient(pglite))
  const statements: string[] = []
  const recorded = {
    query: (text: string, params?: unknown[]) => {
      statements.push(text)
      return pglite.query(text, params)
    },
    exec: (text: string) => {
      statements.push(text)
      return pglite.exec(text)
    },
  }
  const storage = createPostgresStorage(pgliteClient(recorded as typeof pglite))
  expect(
    await storage.withTransaction((tx) => tx.sync.addRegion('acct-lock', 'eu-1'), { account: 'acct-lock' }),
  ).toBe(true)
  expect(statements[0]).toBe('BEGIN ISOLATION LEVEL SERIALIZABLE')
  expect(statements.at(-1)).toBe('COMMIT')
  expect(statements.filter((s) => s.includes('pg_advisory'))).toEqual([])
})
