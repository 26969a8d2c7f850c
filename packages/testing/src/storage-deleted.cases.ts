import type { CredentialRecord } from '@credkit/core'
import { positionOf } from '@credkit/core'
import { expect, it } from 'vitest'
import { open, rejection } from './conformance-ops.js'
import { deletedRecord, makeRecord, testId } from './records.js'
import type { FixtureRef } from './storage-reader.js'

const AT = new Date('2026-02-01T00:00:00.000Z')
const days = (n: number) => new Date(AT.getTime() + n * 86_400_000)
const ids = (rows: ReadonlyArray<CredentialRecord>) => rows.map((r) => r.id)

const registry = (accountId: string, overrides: Partial<CredentialRecord> = {}) =>
  makeRecord({
    accountId,
    type: 'container-registry',
    publicData: { server: 'ghcr.io', email: null, username: 'u' },
    ...overrides,
  })

export function deletedCases(fixture: FixtureRef): void {
  it('keeps a soft-deleted row out of lists, the default and host lookups, but get and findByName see it', async () => {
    const { storage, physical } = open(fixture())
    const accountId = testId('acct')
    const row = registry(accountId, { name: 'Gone', isDefault: true, hostNames: ['a.example.com'] })
    const live = makeRecord({ accountId, hostNames: ['a.example.com'] })
    await storage.credentials.insert(row)
    await storage.credentials.insert(live)
    const deleted = deletedRecord(row, AT)
    await storage.credentials.update(deleted)
    expect(await storage.credentials.get(accountId, row.id)).toEqual(deleted)
    expect((await storage.credentials.findByName(accountId, row.type, 'gone'))?.id).toBe(row.id)
    expect(ids(await storage.credentials.list(accountId))).toEqual([live.id])
    expect(await storage.credentials.list(accountId, { type: 'container-registry' })).toEqual([])
    expect(await storage.credentials.getDefault(accountId)).toBeNull()
    expect(ids(await storage.credentials.findByHostNames(accountId, ['a.example.com']))).toEqual([live.id])
    expect(ids(await storage.credentials.list(accountId, { deleted: true }))).toEqual([row.id])
    if (physical) {
      expect(await physical.countCredentials(accountId)).toBe(2)
      expect(await physical.credential(row.id)).toMatchObject({ isDefault: false })
    }
    // Another registry may be the default while the deleted one is away.
    await storage.credentials.insert(registry(accountId, { isDefault: true }))
  })

  it('holds a deleted name until purge: the same name is a retryable CONFLICT', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const row = makeRecord({ accountId, name: 'Held' })
    await storage.credentials.insert(row)
    await storage.credentials.update(deletedRecord(row, AT))
    const error = await rejection(storage.credentials.insert(makeRecord({ accountId, name: 'held' })))
    expect(error).toMatchObject({ code: 'CONFLICT', retryable: true })
    await storage.credentials.delete(accountId, row.id)
    await storage.credentials.insert(makeRecord({ accountId, name: 'held' }))
  })

  it('lists deleted rows in list order with type filter and keyset pages', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const rows = [
      makeRecord({ accountId, id: 'd-1', name: 'zeta' }),
      registry(accountId, { id: 'd-2', name: 'omega' }),
      makeRecord({ accountId, id: 'd-3', name: 'Alpha' }),
    ]
    for (const row of rows) {
      await storage.credentials.insert(row)
      await storage.credentials.update(deletedRecord(row, AT))
    }
    await storage.credentials.insert(makeRecord({ accountId, name: 'live' }))
    const list = async (q: Parameters<typeof storage.credentials.list>[1]) =>
      ids(await storage.credentials.list(accountId, { deleted: true, ...q }))
    expect(await list({})).toEqual(['d-2', 'd-3', 'd-1'])
    expect(await list({ type: 'basic-auth' })).toEqual(['d-3', 'd-1'])
    expect(await list({ limit: 1 })).toEqual(['d-2'])
    expect(await list({ after: positionOf(rows[1]!), limit: 1 })).toEqual(['d-3'])
    expect(await storage.credentials.list(testId('acct'), { deleted: true })).toEqual([])
  })

  it('brings a restored row back into every live index', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const row = registry(accountId, { hostNames: ['b.example.com'] })
    await storage.credentials.insert(row)
    await storage.credentials.update(deletedRecord(row, AT))
    const restored = { ...row, name: 'restored', version: 2 }
    await storage.credentials.update(restored)
    expect(ids(await storage.credentials.list(accountId))).toEqual([row.id])
    expect(await storage.credentials.list(accountId, { deleted: true })).toEqual([])
    expect(ids(await storage.credentials.findByHostNames(accountId, ['b.example.com']))).toEqual([row.id])
    expect(await storage.credentials.listPurgeable(days(100), 10)).toEqual([])
    expect(await storage.credentials.findByName(accountId, row.type, row.name.toLowerCase())).toBeNull()
    await storage.credentials.update({ ...restored, isDefault: true, version: 3 })
    expect((await storage.credentials.getDefault(accountId))?.id).toBe(row.id)
  })

  it('lists purgeable rows across accounts by purge time, then account and id, up to now', async () => {
    const { storage } = open(fixture())
    const a = makeRecord({ accountId: `acct-a-${testId()}` })
    const b = makeRecord({ accountId: `acct-b-${testId()}` })
    const c = makeRecord({ accountId: `acct-c-${testId()}` })
    const later = makeRecord({ accountId: a.accountId })
    for (const row of [a, b, c, later]) await storage.credentials.insert(row)
    await storage.credentials.insert(makeRecord({ accountId: a.accountId }))
    await storage.credentials.update(deletedRecord(c, AT, 1))
    await storage.credentials.update(deletedRecord(b, AT, 2))
    await storage.credentials.update(deletedRecord(a, AT, 2))
    await storage.credentials.update(deletedRecord(later, AT, 30))
    expect(ids(await storage.credentials.listPurgeable(days(0), 10))).toEqual([])
    expect(ids(await storage.credentials.listPurgeable(days(1), 10))).toEqual([c.id])
    expect(ids(await storage.credentials.listPurgeable(days(2), 10))).toEqual([c.id, a.id, b.id])
    expect(ids(await storage.credentials.listPurgeable(days(29), 2))).toEqual([c.id, a.id])
    expect(ids(await storage.credentials.listPurgeable(days(30), 10))).toContain(later.id)
  })

  it('keeps deleted rows on the key rotation work list', async () => {
    const { storage } = open(fixture())
    const row = makeRecord({ accountId: testId('acct'), keyId: 'old' })
    await storage.credentials.insert(row)
    await storage.credentials.update(deletedRecord(row, AT))
    expect(ids(await storage.credentials.listNotUnderKey('new', null, 1000))).toContain(row.id)
  })

  it('refuses a half-deleted row (deletedAt, deletedBy and purgeAfter go together)', async () => {
    const { storage } = open(fixture())
    const row = makeRecord({ accountId: testId('acct') })
    await storage.credentials.insert(row)
    const error = await rejection(storage.credentials.update({ ...row, deletedAt: AT }))
    expect(error).toMatchObject({ code: 'STORAGE_FAILED' })
    expect((await storage.credentials.get(row.accountId, row.id))?.deletedAt).toBeNull()
  })
}
