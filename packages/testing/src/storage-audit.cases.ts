import type { AuditChainKey, AuditEvent } from '@credkit/core'
import { computeEventHash, computeEventMac } from '@credkit/core'
import { expect, it } from 'vitest'
import { open } from './conformance-ops.js'
import { makeEvent, TEST_CHAIN_KEY, testId } from './records.js'
import type { FixtureRef } from './storage-reader.js'

export function auditCases(fixture: FixtureRef): void {
  it('appends events that read back byte-for-byte (the hash and MAC still verify)', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const first = makeEvent(accountId, null, 'legacy', { legacy: true })
    await storage.audit.append([first])
    expect(await storage.audit.head(accountId)).toEqual({ seq: 1, hash: first.hash, keyId: null })
    const { hash: _previous, ...base } = makeEvent(accountId, first)
    const unsigned: Omit<AuditEvent, 'hash'> = {
      ...base,
      actor: { type: 'system', reason: 'sync' },
      region: 'eu-1',
      fields: null,
      message: null,
      references: [
        { kind: 'app', id: 'a1', purpose: 'runtime' },
        { kind: 'host', id: 'h1' },
      ],
    }
    const hash = computeEventHash(unsigned)
    const event: AuditEvent = { ...unsigned, hash, mac: computeEventMac(TEST_CHAIN_KEY, hash) }
    await storage.audit.append([event])
    expect(await storage.audit.head(accountId)).toEqual({ seq: 2, hash: event.hash, keyId: 'ck-test' })
    const stored = await storage.audit.list(accountId, { order: 'asc', limit: 1000 })
    expect(stored.map((e) => [e.seq, e.keyId, e.mac])).toEqual([
      [1, null, null],
      [2, 'ck-test', event.mac],
    ])
    const listed = await storage.audit.list(accountId, { order: 'asc', limit: 10 })
    for (const e of listed) {
      expect(computeEventHash(e)).toBe(e.hash)
      if (e.mac) expect(computeEventMac(TEST_CHAIN_KEY, e.hash)).toBe(e.mac)
    }
    expect(listed[0]).toEqual({ ...first, keyId: null, mac: null })
    expect(listed[1]).toEqual(event)
  })

  it('refuses an event whose seq is taken with a retryable CONFLICT', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    await storage.audit.append([makeEvent(accountId, null)])
    await expect(storage.audit.append([makeEvent(accountId, null, 'again')])).rejects.toMatchObject({
      code: 'CONFLICT',
      retryable: true,
    })
  })

  it('appends several events in one call, all or none', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    const first = makeEvent(accountId, null, 'one')
    const second = makeEvent(accountId, first, 'two')
    await storage.audit.append([first, second])
    expect(await storage.audit.head(accountId)).toMatchObject({ seq: 2, hash: second.hash })
    const third = makeEvent(accountId, second, 'three')
    // The second event's seq is taken: the call fails whole, the third is not stored either.
    await expect(storage.audit.append([third, makeEvent(accountId, first, 'taken')])).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    expect(await storage.audit.head(accountId)).toMatchObject({ seq: 2 })
    await storage.audit.append([])
    const listed = await storage.audit.list(accountId, { order: 'asc', limit: 10 })
    expect(listed.map((e) => e.message)).toEqual(['one', 'two'])
  })

  it('pages ascending after a seq and descending before one, per account', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    let head: { seq: number; hash: string } | null = null
    for (let i = 0; i < 5; i++) {
      const event = makeEvent(accountId, head)
      await storage.audit.append([event])
      head = { seq: event.seq, hash: event.hash }
    }
    await storage.audit.append([makeEvent(testId('acct'), null)])
    const seqs = (events: AuditEvent[]) => events.map((e) => e.seq)
    expect(seqs(await storage.audit.list(accountId, { order: 'asc', limit: 2 }))).toEqual([1, 2])
    expect(seqs(await storage.audit.list(accountId, { order: 'asc', afterSeq: 3, limit: 10 }))).toEqual([
      4, 5,
    ])
    expect(seqs(await storage.audit.list(accountId, { order: 'desc', limit: 2 }))).toEqual([5, 4])
    expect(seqs(await storage.audit.list(accountId, { order: 'desc', beforeSeq: 3, limit: 10 }))).toEqual([
      2, 1,
    ])
    expect(await storage.audit.head(testId('acct'))).toBeNull()
  })

  const chainKey = (accountId: string, keyId: string, firstSeq: number, kekId = 'kek-1'): AuditChainKey => ({
    accountId,
    keyId,
    firstSeq,
    kekId,
    wrapped: new Uint8Array([9, 0, 255, firstSeq, 3, 1]),
    createdAt: new Date('2026-01-02T03:04:05.678Z'),
  })

  it('stores chain keys by firstSeq, refuses a taken key id or firstSeq with a retryable CONFLICT', async () => {
    const { storage } = open(fixture())
    const accountId = testId('acct')
    expect(await storage.audit.chainKeys(accountId)).toEqual([])
    const later = chainKey(accountId, 'ck-b', 7)
    const first = chainKey(accountId, 'ck-a', 3)
    await storage.audit.addChainKey(later)
    await storage.audit.addChainKey(first)
    await storage.audit.addChainKey(chainKey(testId('acct'), 'ck-a', 3))
    expect(await storage.audit.chainKeys(accountId)).toEqual([first, later])
    expect(await storage.audit.chainKeys(accountId)).toEqual([first, later])
    for (const clash of [chainKey(accountId, 'ck-a', 9), chainKey(accountId, 'ck-c', 7)]) {
      await expect(storage.audit.addChainKey(clash)).rejects.toMatchObject({
        code: 'CONFLICT',
        retryable: true,
      })
    }
    expect(await storage.audit.chainKeys(accountId)).toEqual([first, later])
  })

  it('rolls a new chain key back with its transaction', async () => {
    const { storage, port } = open(fixture())
    const accountId = testId('acct')
    await expect(
      port.withTransaction(async (tx) => {
        await tx.audit.addChainKey(chainKey(accountId, 'ck-a', 1))
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await storage.audit.chainKeys(accountId)).toEqual([])
  })

  it('lists chain keys not under a key in (account, key id) order, and replaces only the wrap', async () => {
    const { storage } = open(fixture())
    const accounts = [testId('acct'), testId('acct')].sort()
    const [a, b] = accounts as [string, string]
    await storage.audit.addChainKey(chainKey(b, 'ck-1', 1, 'kek-old'))
    await storage.audit.addChainKey(chainKey(a, 'ck-2', 5, 'kek-old'))
    await storage.audit.addChainKey(chainKey(a, 'ck-1', 1, 'kek-old'))
    await storage.audit.addChainKey(chainKey(a, 'ck-3', 9, 'kek-new'))
    const ids = (keys: AuditChainKey[]) =>
      keys
        .filter((k) => accounts.includes(k.accountId))
        .map((k) => `${k.accountId === a ? 'a' : 'b'}/${k.keyId}`)
    expect(ids(await storage.audit.listChainKeysNotUnderKey('kek-new', null, 100))).toEqual([
      'a/ck-1',
      'a/ck-2',
      'b/ck-1',
    ])
    expect(
      ids(await storage.audit.listChainKeysNotUnderKey('kek-new', { accountId: a, keyId: 'ck-1' }, 2)),
    ).toEqual(['a/ck-2', 'b/ck-1'])

    const current = chainKey(a, 'ck-2', 5, 'kek-old')
    const next = { kekId: 'kek-new', wrapped: new Uint8Array([1, 2, 3]) }
    await storage.audit.replaceChainKeyWrap(a, 'ck-2', next)
    const stored = (await storage.audit.chainKeys(a)).find((k) => k.keyId === 'ck-2')
    expect(stored).toEqual({ ...current, ...next })
    expect(ids(await storage.audit.listChainKeysNotUnderKey('kek-new', null, 100))).toEqual([
      'a/ck-1',
      'b/ck-1',
    ])
  })
}
