import { expect, it } from 'vitest'
import { open } from './conformance-ops.js'
import { testId } from './records.js'
import type { FixtureRef } from './storage-reader.js'

export function referenceCases(fixture: FixtureRef): void {
  it('attaches idempotently, lists by (kind, id), detaches and clears, per account', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const at = new Date('2026-01-01T00:00:00.000Z')
    const base = { accountId, credentialId: 'c1', createdAt: at }
    await storage.references.attach({ ...base, kind: 'host', id: 'h1' })
    await storage.references.attach({ ...base, kind: 'app', id: 'b', purpose: 'runtime' })
    await storage.references.attach({ ...base, kind: 'app', id: 'b', purpose: 'build' })
    await storage.references.attach({ ...base, kind: 'app', id: 'a' })
    await storage.references.attach({ ...base, accountId: testId('acct'), kind: 'app', id: 'z' })
    const list = await storage.references.list(accountId, 'c1')
    expect(list.map((r) => `${r.kind}:${r.id}:${r.purpose ?? '-'}`)).toEqual([
      'app:a:-',
      'app:b:build',
      'host:h1:-',
    ])
    expect(list[0]).not.toHaveProperty('purpose', null)
    expect(await storage.references.list(accountId, 'c1')).toHaveLength(3)
    expect(await storage.references.detach(accountId, 'c1', 'app', 'a')).toBe(true)
    expect(await storage.references.detach(accountId, 'c1', 'app', 'a')).toBe(false)
    await storage.references.clear(accountId, 'c1')
    expect(await storage.references.list(accountId, 'c1')).toEqual([])
    expect(await storage.references.list(accountId, 'c1')).toHaveLength(0)
  })
}
