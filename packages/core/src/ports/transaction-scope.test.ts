import { describe, expect, it } from 'vitest'
import { isCredentialsError } from '../errors.js'
import { createTransactionScope } from './transaction-scope.js'

/** The symbol-keyed properties async context tracking put on a promise created here. */
const contextSlots = () => Object.getOwnPropertySymbols(Promise.resolve()).length

describe('createTransactionScope', () => {
  it('rejects a run nested in a run of the same scope, and lets other scopes nest', async () => {
    const outer = createTransactionScope()
    const other = createTransactionScope()
    const nested = await outer.run(() => outer.run(async () => 'ran').catch((error: unknown) => error))
    expect(isCredentialsError(nested, 'STORAGE_FAILED')).toBe(true)
    expect(await outer.run(() => other.run(async () => 'ran'))).toBe('ran')
    // After it ended, the scope runs again.
    expect(await outer.run(async () => 'again')).toBe('again')
  })

  it('does not make every promise of the process cost more for each scope it ever created', async () => {
    await createTransactionScope().run(async () => undefined)
    const before = await createTransactionScope().run(async () => contextSlots())
    for (let i = 0; i < 50; i++) await createTransactionScope().run(async () => undefined)
    // On Node 20 each context store that ever ran is written onto every new promise.
    expect(await createTransactionScope().run(async () => contextSlots())).toBe(before)
  })
})
