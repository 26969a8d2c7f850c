import { isCredentialsError, positionOf } from '@credkit/core'
import { expect, it } from 'vitest'
import { open, rejection } from './conformance-ops.js'
import { makeRecord, testId } from './records.js'
import type { FixtureRef } from './storage-reader.js'

export function credentialCases(fixture: FixtureRef): void {
  it('stores a row and reads it back unchanged (and where the reader finds it)', async () => {
    const { storage, physical } = open(fixture())
    const record = makeRecord({
      accountId: testId('acct'),
      description: 'desc',
      hostNames: ['a.example.com'],
    })
    await storage.credentials.insert(record)
    expect(await storage.credentials.get(record.accountId, record.id)).toEqual(record)
    if (physical) {
      const raw = await physical.credential(record.id)
      expect(raw).toMatchObject({ accountId: record.accountId, name: record.name, version: 1, keyId: 'k1' })
      expect([...(raw?.envelope ?? [])]).toEqual([...record.envelope])
    }
  })

  it('reads many rows by id in one call, ordered by id, leaving out the absent ones', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const base = testId('cred')
    const rows = ['b', 'a', 'c'].map((tail) => makeRecord({ accountId, id: `${base}-${tail}`, name: tail }))
    for (const row of rows) await storage.credentials.insert(row)
    const found = await storage.credentials.getMany(accountId, [
      `${base}-c`,
      'none',
      `${base}-a`,
      `${base}-c`,
    ])
    expect(found).toEqual([rows[1], rows[2]])
    expect(await storage.credentials.getMany(testId('acct'), [`${base}-a`])).toEqual([])
    expect(await storage.credentials.getMany(accountId, [])).toEqual([])
  })

  it('scopes every call by account: another account sees nothing and changes nothing', async () => {
    const { storage } = open(fixture())
    const record = makeRecord({ accountId: testId('acct') })
    await storage.credentials.insert(record)
    const other = testId('acct')
    expect(await storage.credentials.get(other, record.id)).toBeNull()
    expect(await storage.credentials.list(other)).toEqual([])
    expect(await storage.credentials.findByName(other, record.type, record.name.toLowerCase())).toBeNull()
    await storage.credentials.delete(other, record.id)
    expect((await storage.credentials.get(record.accountId, record.id))?.version).toBe(1)
  })

  it('finds a row by type and case-folded name, and backs the unique name up with a retryable CONFLICT', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const bot = makeRecord({ accountId, name: 'Deploy Bot' })
    await storage.credentials.insert(bot)
    expect((await storage.credentials.findByName(accountId, 'basic-auth', 'deploy bot'))?.id).toBe(bot.id)
    expect(await storage.credentials.findByName(accountId, 'basic-auth', 'Deploy Bot')).toBeNull()
    expect(await storage.credentials.findByName(accountId, 'container-registry', 'deploy bot')).toBeNull()
    // The core checks findByName first; the store's constraint only catches a race it lost.
    const error = await rejection(storage.credentials.insert(makeRecord({ accountId, name: 'deploy bot' })))
    expect(isCredentialsError(error, 'CONFLICT')).toBe(true)
    expect(error).toMatchObject({ retryable: true })
    await storage.credentials.insert(
      makeRecord({
        accountId,
        name: 'deploy bot',
        type: 'container-registry',
        publicData: { server: 'ghcr.io', email: null, username: 'u' },
      }),
    )
    await storage.credentials.insert(makeRecord({ accountId: testId('acct'), name: 'Deploy Bot' }))
    expect(await storage.credentials.list(accountId)).toHaveLength(2)
  })
  it('allows one default registry per account: a second is a retryable CONFLICT on isDefault', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const registry = {
      type: 'container-registry' as const,
      publicData: { server: 'ghcr.io', email: null, username: 'u' },
    }
    const first = makeRecord({ accountId, ...registry, isDefault: true })
    await storage.credentials.insert(first)
    const error = await rejection(
      storage.credentials.insert(makeRecord({ accountId, ...registry, isDefault: true })),
    )
    expect(error).toMatchObject({ code: 'CONFLICT', retryable: true })
    const second = makeRecord({ accountId, ...registry })
    await storage.credentials.insert(second)
    const promote = await rejection(storage.credentials.update({ ...second, isDefault: true, version: 2 }))
    expect(promote).toMatchObject({ code: 'CONFLICT', retryable: true })
    expect((await storage.credentials.getDefault(accountId))?.id).toBe(first.id)
    await storage.credentials.insert(makeRecord({ accountId: testId('acct'), ...registry, isDefault: true }))
  })

  it("replaces a row as given: the version is the core's to check", async () => {
    const { storage } = open(fixture())
    const record = makeRecord({ accountId: testId('acct') })
    await storage.credentials.insert(record)
    await storage.credentials.update({ ...record, name: 'renamed', version: 2, keyId: 'k2' })
    expect(await storage.credentials.get(record.accountId, record.id)).toMatchObject({
      name: 'renamed',
      version: 2,
      keyId: 'k2',
    })
    expect((await storage.credentials.findByName(record.accountId, record.type, 'renamed'))?.id).toBe(
      record.id,
    )
    expect(
      await storage.credentials.findByName(record.accountId, record.type, record.name.toLowerCase()),
    ).toBeNull()
  })
  it('refuses a rename onto another credential name', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    await storage.credentials.insert(makeRecord({ accountId, name: 'taken' }))
    const record = makeRecord({ accountId })
    await storage.credentials.insert(record)
    const error = await rejection(storage.credentials.update({ ...record, name: 'TAKEN', version: 2 }))
    expect(error).toMatchObject({ code: 'CONFLICT', retryable: true })
  })

  it('deletes a row, and its name becomes free', async () => {
    const { storage } = open(fixture())
    const record = makeRecord({ accountId: testId('acct'), isDefault: false })
    await storage.credentials.insert(record)
    await storage.credentials.delete(record.accountId, record.id)
    await storage.credentials.delete(record.accountId, record.id)
    expect(await storage.credentials.get(record.accountId, record.id)).toBeNull()
    expect(await storage.credentials.get(record.accountId, record.id)).toBeNull()
    await storage.credentials.insert(makeRecord({ accountId: record.accountId, name: record.name }))
  })

  it('lists in list order (type, then case-folded name, then id) with type filter and keyset pages', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const registry = (id: string, name: string) =>
      makeRecord({
        accountId,
        id,
        name,
        type: 'container-registry',
        publicData: { server: 'ghcr.io', email: null, username: 'u' },
      })
    const rows = [
      makeRecord({ accountId, id: 'c-1', name: 'zeta' }),
      makeRecord({ accountId, id: 'c-2', name: 'Alpha' }),
      registry('c-3', 'omega'),
      makeRecord({ accountId, id: 'c-4', name: 'beta' }),
      registry('c-5', 'Beta'),
      makeRecord({ accountId, id: 'c-0', name: '\u00e9clair' }),
    ]
    for (const row of rows) await storage.credentials.insert(row)
    const ids = async (q?: Parameters<typeof storage.credentials.list>[1]) =>
      (await storage.credentials.list(accountId, q)).map((r) => r.id)
    // Registries first (CREDENTIAL_TYPES order), then by lower-cased name by code point (é after z).
    expect(await ids()).toEqual(['c-5', 'c-3', 'c-2', 'c-4', 'c-1', 'c-0'])
    expect(await ids({ type: 'basic-auth' })).toEqual(['c-2', 'c-4', 'c-1', 'c-0'])
    expect(await ids({ limit: 2 })).toEqual(['c-5', 'c-3'])
    expect(await ids({ after: positionOf(rows[2]!), limit: 10 })).toEqual(['c-2', 'c-4', 'c-1', 'c-0'])
    expect(await ids({ type: 'basic-auth', after: positionOf(rows[1]!), limit: 1 })).toEqual(['c-4'])
    // A position between rows (the row it named is gone) still pages on from there.
    const gone = { type: 'basic-auth' as const, nameKey: 'b', id: 'zz' }
    expect(await ids({ after: gone })).toEqual(['c-4', 'c-1', 'c-0'])
    // Ids break ties within an equal name key only across types; within a type names are unique.
    const start = { type: 'basic-auth' as const, nameKey: '', id: '' }
    expect(await ids({ type: 'basic-auth', after: start, limit: 1 })).toEqual(['c-2'])
  })

  it('finds rows by host names within the account only', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const wildcard = makeRecord({
      accountId,
      type: 'tls-certificate',
      hostNames: ['*.example.com', 'example.com'],
    })
    const api = makeRecord({ accountId, type: 'tls-certificate', hostNames: ['api.example.com'] })
    await storage.credentials.insert(wildcard)
    await storage.credentials.insert(api)
    await storage.credentials.insert(
      makeRecord({ accountId: testId('acct'), hostNames: ['api.example.com'] }),
    )
    const found = await storage.credentials.findByHostNames(accountId, ['api.example.com', '*.example.com'])
    expect(found.map((r) => r.id).sort()).toEqual([wildcard.id, api.id].sort())
    expect(await storage.credentials.findByHostNames(accountId, ['other.example.org'])).toEqual([])
    expect(await storage.credentials.findByHostNames(accountId, [])).toEqual([])
  })

  it('lists rows not under the primary key across accounts, in (account, id) order', async () => {
    const { storage } = open(fixture())
    const a = makeRecord({ accountId: `acct-a-${testId()}`, keyId: 'old' })
    const b = makeRecord({ accountId: `acct-b-${testId()}`, keyId: 'old' })
    const c = makeRecord({ accountId: `acct-c-${testId()}`, keyId: 'new' })
    for (const row of [a, b, c]) await storage.credentials.insert(row)
    const first = await storage.credentials.listNotUnderKey('new', null, 1)
    expect(first.map((r) => r.id)).toEqual([a.id])
    const rest = await storage.credentials.listNotUnderKey('new', { accountId: a.accountId, id: a.id }, 10)
    expect(rest.map((r) => r.id)).toContain(b.id)
    expect(rest.map((r) => r.id)).not.toContain(c.id)
    // Re-sealed under the primary key: off the work list.
    await storage.credentials.update({ ...a, envelope: new Uint8Array([9, 9, 9]), keyId: 'new' })
    const raw = await storage.credentials.get(a.accountId, a.id)
    expect(raw?.keyId).toBe('new')
    expect([...(raw?.envelope ?? [])]).toEqual([9, 9, 9])
    expect((await storage.credentials.listNotUnderKey('new', null, 10)).map((r) => r.id)).not.toContain(a.id)
  })

  it('hands out copies: mutating a returned envelope does not change the store', async () => {
    const { storage } = open(fixture())
    const record = makeRecord({ accountId: testId('acct') })
    await storage.credentials.insert(record)
    record.envelope.fill(0)
    const read = await storage.credentials.get(record.accountId, record.id)
    read?.envelope.fill(0)
    expect([...((await storage.credentials.get(record.accountId, record.id))?.envelope ?? [])]).toEqual([
      1, 2, 3, 4, 5, 250, 0, 7,
    ])
  })

  it('orders names, ids and regions by code point (astral characters after U+FFxx)', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const astral = makeRecord({ accountId, id: 'id-\u{1F600}', name: 'n-\u{1F600}' })
    const halfwidth = makeRecord({ accountId, id: 'id-\uFF61', name: 'n-\uFF61' })
    await storage.credentials.insert(astral)
    await storage.credentials.insert(halfwidth)
    expect((await storage.credentials.list(accountId)).map((r) => r.id)).toEqual([halfwidth.id, astral.id])
    expect(
      (await storage.credentials.list(accountId, { after: positionOf(halfwidth) })).map((r) => r.id),
    ).toEqual([astral.id])
    const tie = { type: 'basic-auth' as const, nameKey: 'n-\u{1F600}', id: 'id-\uFF61' }
    expect((await storage.credentials.list(accountId, { after: tie })).map((r) => r.id)).toEqual([astral.id])
    await storage.sync.addRegion(accountId, 'r-\u{1F600}')
    await storage.sync.addRegion(accountId, 'r-\uFF61')
    expect(await storage.sync.listRegions(accountId)).toEqual(['r-\uFF61', 'r-\u{1F600}'])
  })
}
