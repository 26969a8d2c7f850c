import { expect, it } from 'vitest'
import { open, rejection } from './conformance-ops.js'
import { makeRecord, makeVersion, testId } from './records.js'
import type { FixtureRef } from './storage-reader.js'

const versionsOf = (rows: ReadonlyArray<{ version: number }>) => rows.map((r) => r.version)

export function versionCases(fixture: FixtureRef): void {
  it('stores history rows and reads them back unchanged, newest first, in keyset pages', async () => {
    const { storage, physical } = open(fixture())
    const record = makeRecord({ accountId: testId('acct'), version: 6, hostNames: ['a.example.com'] })
    await storage.credentials.insert(record)
    const rows = [1, 2, 3, 4, 5].map((v) => makeVersion(record, v, { description: v === 3 ? 'three' : null }))
    for (const row of [rows[2]!, rows[0]!, rows[4]!, rows[1]!, rows[3]!]) await storage.versions.put(row)
    expect(await storage.versions.get(record.accountId, record.id, 3)).toEqual(rows[2])
    expect(await storage.versions.get(record.accountId, record.id, 6)).toBeNull()
    expect(versionsOf(await storage.versions.list(record.accountId, record.id))).toEqual([5, 4, 3, 2, 1])
    expect(versionsOf(await storage.versions.list(record.accountId, record.id, { limit: 2 }))).toEqual([5, 4])
    const page = await storage.versions.list(record.accountId, record.id, { before: 4, limit: 2 })
    expect(versionsOf(page)).toEqual([3, 2])
    expect(versionsOf(await storage.versions.list(record.accountId, record.id, { before: 1 }))).toEqual([])
    if (physical?.countVersions) expect(await physical.countVersions(record.accountId)).toBe(5)
  })

  it('scopes history by account and credential', async () => {
    const { storage } = open(fixture())
    const record = makeRecord({ accountId: testId('acct'), version: 3 })
    const sibling = makeRecord({ accountId: record.accountId, version: 3 })
    await storage.credentials.insert(record)
    await storage.credentials.insert(sibling)
    await storage.versions.put(makeVersion(record, 1))
    await storage.versions.put(makeVersion(sibling, 2))
    const other = testId('acct')
    expect(await storage.versions.get(other, record.id, 1)).toBeNull()
    expect(await storage.versions.list(other, record.id)).toEqual([])
    expect(versionsOf(await storage.versions.list(record.accountId, record.id))).toEqual([1])
    expect(versionsOf(await storage.versions.list(sibling.accountId, sibling.id))).toEqual([2])
    await storage.versions.deleteBelow(other, record.id, 100)
    expect(await storage.versions.get(record.accountId, record.id, 1)).not.toBeNull()
  })

  it('replaces the row of a version as given (key rotation re-wraps it)', async () => {
    const { storage } = open(fixture())
    const record = makeRecord({ accountId: testId('acct'), version: 2 })
    await storage.credentials.insert(record)
    const row = makeVersion(record, 1)
    await storage.versions.put(row)
    const rewrapped = { ...row, envelope: new Uint8Array([9, 9]), keyId: 'k2' }
    await storage.versions.put(rewrapped)
    expect(await storage.versions.get(record.accountId, record.id, 1)).toEqual(rewrapped)
    expect(await storage.versions.list(record.accountId, record.id)).toHaveLength(1)
  })

  it('deletes the rows below a version (retention), and all of them (purge)', async () => {
    const { storage, physical } = open(fixture())
    const record = makeRecord({ accountId: testId('acct'), version: 6 })
    await storage.credentials.insert(record)
    for (const v of [1, 2, 3, 4, 5]) await storage.versions.put(makeVersion(record, v))
    await storage.versions.deleteBelow(record.accountId, record.id, 4)
    expect(versionsOf(await storage.versions.list(record.accountId, record.id))).toEqual([5, 4])
    expect(await storage.versions.get(record.accountId, record.id, 3)).toBeNull()
    await storage.versions.deleteBelow(record.accountId, record.id, 4)
    await storage.versions.deleteBelow(record.accountId, record.id, record.version + 1)
    expect(await storage.versions.list(record.accountId, record.id)).toEqual([])
    if (physical?.countVersions) expect(await physical.countVersions(record.accountId)).toBe(0)
  })

  it('never orphans history: no row for a missing credential, no credential delete while it has history', async () => {
    const { storage } = open(fixture())
    const record = makeRecord({ accountId: testId('acct'), version: 2 })
    expect(await rejection(storage.versions.put(makeVersion(record, 1)))).toBeInstanceOf(Error)
    await storage.credentials.insert(record)
    const elsewhere = makeVersion({ ...record, accountId: testId('acct') }, 1)
    expect(await rejection(storage.versions.put(elsewhere))).toBeInstanceOf(Error)
    await storage.versions.put(makeVersion(record, 1))
    expect(await rejection(storage.credentials.delete(record.accountId, record.id))).toBeInstanceOf(Error)
    expect(await storage.credentials.get(record.accountId, record.id)).not.toBeNull()
    await storage.versions.deleteBelow(record.accountId, record.id, record.version + 1)
    await storage.credentials.delete(record.accountId, record.id)
    expect(await storage.credentials.get(record.accountId, record.id)).toBeNull()
  })

  it('lists history rows not under the primary key across accounts, in (account, credential, version) order', async () => {
    const { storage } = open(fixture())
    const a = makeRecord({ accountId: `acct-a-${testId()}`, version: 4 })
    const b = makeRecord({ accountId: `acct-b-${testId()}`, version: 4 })
    for (const row of [a, b]) await storage.credentials.insert(row)
    await storage.versions.put(makeVersion(a, 1, { keyId: 'old' }))
    await storage.versions.put(makeVersion(a, 2, { keyId: 'new' }))
    await storage.versions.put(makeVersion(a, 3, { keyId: 'old' }))
    await storage.versions.put(makeVersion(b, 1, { keyId: 'older' }))
    const first = await storage.versions.listNotUnderKey('new', null, 2)
    expect(first.map((r) => [r.credentialId, r.version])).toEqual([
      [a.id, 1],
      [a.id, 3],
    ])
    const rest = await storage.versions.listNotUnderKey(
      'new',
      { accountId: a.accountId, credentialId: a.id, version: 3 },
      10,
    )
    expect(rest.map((r) => [r.credentialId, r.version])).toContainEqual([b.id, 1])
    expect(rest.map((r) => r.credentialId)).not.toContain(a.id)
    await storage.versions.put(makeVersion(a, 1, { keyId: 'new', envelope: new Uint8Array([7]) }))
    const left = await storage.versions.listNotUnderKey('new', null, 10)
    expect(left.filter((r) => r.credentialId === a.id).map((r) => r.version)).toEqual([3])
  })

  it('hands out copies of history rows', async () => {
    const { storage } = open(fixture())
    const record = makeRecord({ accountId: testId('acct'), version: 2 })
    await storage.credentials.insert(record)
    const row = makeVersion(record, 1)
    await storage.versions.put(row)
    row.envelope.fill(0)
    const read = await storage.versions.get(record.accountId, record.id, 1)
    read?.envelope.fill(0)
    const [listed] = await storage.versions.list(record.accountId, record.id)
    expect([...(listed?.envelope ?? [])]).toEqual([1, 1, 2, 250, 0])
  })

  it('rolls back history writes with the transaction', async () => {
    const { storage, port } = open(fixture())
    const record = makeRecord({ accountId: testId('acct'), version: 3 })
    await storage.credentials.insert(record)
    await storage.versions.put(makeVersion(record, 1))
    const boom = new Error('boom')
    await expect(
      port.withTransaction(async (tx) => {
        await tx.versions.put(makeVersion(record, 2))
        await tx.versions.deleteBelow(record.accountId, record.id, 2)
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(versionsOf(await storage.versions.list(record.accountId, record.id))).toEqual([1])
  })
}
