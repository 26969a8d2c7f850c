import { expect, it } from 'vitest'
import { createMemoryStorage } from '../src/memory-storage.js'

/** The symbol-keyed properties async context tracking put on a promise created here. */
const contextSlots = () => Object.getOwnPropertySymbols(Promise.resolve()).length

it('does not make every promise cost more for each storage a process created (a test suite making one per test)', async () => {
  const inTransaction = () => createMemoryStorage().withTransaction(async () => contextSlots())
  const before = await inTransaction()
  for (let i = 0; i < 50; i++)
    await createMemoryStorage().withTransaction(async (tx) => tx.sync.listRegions('a'))
  // On Node 20 each context store that ever ran is written onto every new promise.
  expect(await inTransaction()).toBe(before)
})
