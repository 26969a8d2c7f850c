import { createCredentials, createLocalKeyring, generateKey, type KeyPort } from '@credkit/core'
import { createMemoryRegions } from '@credkit/memory'
import { storesOf } from '@credkit/testing'
import { afterEach, expect, it } from 'vitest'
import { createPostgresStorage } from '../src/postgres-storage.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { manager, registry } from './service.js'

// One busy account must not starve the others of pool connections. Each test holds account A's
// writers at a gate that only the test opens, then requires account B's reads and writes to
// complete while the gate is still shut: on a pool smaller than the number of A's writers.

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.drop()
  database = undefined
})

function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { opened, open }
}

const bytesOf = (text: string) => new TextEncoder().encode(text)
const contains = (haystack: Uint8Array, needle: Uint8Array) =>
  Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0

/** A KeyPort whose `wrap` for one account waits for `until` (a KMS that is slow for A's keys). */
function slowFor(accountId: string, until: Promise<void>, inner: KeyPort): KeyPort & { waiting(): number } {
  let waiting = 0
  return {
    waiting: () => waiting,
    primaryKeyId: () => inner.primaryKeyId(),
    unwrap: (keyId, wrapped, context) => inner.unwrap(keyId, wrapped, context),
    async wrap(dataKey, context) {
      if (contains(context, bytesOf(accountId))) {
        waiting++
        await until
        waiting--
      }
      return inner.wrap(dataKey, context)
    },
  }
}

it("a slow KeyPort holding 8 writers of one account leaves other accounts' list and create running", async () => {
  database = await createTestDatabase()
  const slow = gate()
  const keys = slowFor(
    'acct-busy',
    slow.opened,
    createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' }),
  )
  const credentials = createCredentials({
    storage: createPostgresStorage(database.pool({ max: 3 })),
    regions: createMemoryRegions({ regions: [] }),
    keys,
  })
  const busy = manager('acct-busy')
  const calm = manager('acct-calm')
  const writers = Array.from({ length: 8 }, (_, i) => credentials.create(busy, registry(`busy-${i}`)))
  // Let every writer reach the KeyPort.
  while (keys.waiting() < 8) await new Promise((resolve) => setImmediate(resolve))

  // With the gate shut: another account reads and writes.
  const made = await credentials.create(calm, registry('calm-1'))
  expect((await credentials.list(calm)).items.map((v) => v.id)).toEqual([made.id])
  expect(await credentials.update(calm, made.id, { data: { password: 'another-one' } })).toMatchObject({
    version: 2,
  })

  slow.open()
  const settled = await Promise.allSettled(writers)
  expect(settled.filter((r) => r.status === 'rejected')).toEqual([])
  expect((await credentials.list(busy)).items).toHaveLength(8)
})

it('writers queued on one account hold no pool connection while they wait their turn', async () => {
  database = await createTestDatabase()
  const storage = createPostgresStorage(database.pool({ max: 3 }))
  const held = gate()
  let entered = 0
  // Eight transactions of one account; the first one keeps its connection until the gate opens.
  const writers = Array.from({ length: 8 }, (_, i) =>
    storage.withTransaction(
      async (tx) => {
        entered++
        await held.opened
        return tx.sync.addRegion('acct-busy', `r-${i}`)
      },
      { account: 'acct-busy' },
    ),
  )
  while (entered < 1) await new Promise((resolve) => setImmediate(resolve))

  // Other accounts still get connections: inside and outside transactions.
  expect(
    await storage.withTransaction((tx) => tx.sync.addRegion('acct-calm', 'eu-1'), { account: 'acct-calm' }),
  ).toBe(true)
  expect(await storesOf(storage).sync.listRegions('acct-calm')).toEqual(['eu-1'])
  expect(entered).toBe(1)

  held.open()
  expect(await Promise.all(writers)).toEqual(Array(8).fill(true))
  expect(await storesOf(storage).sync.listRegions('acct-busy')).toHaveLength(8)
})
