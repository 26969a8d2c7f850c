import { expect, it } from 'vitest'
import { computeEventHash } from '../audit/hash-chain.js'
import type { AuditEvent } from '../audit/records.js'
import { makeEvent, testId } from './records.js'
import type { FixtureRef } from './storage-port.js'

export function auditCases(fixture: FixtureRef): void {
  it('appends events that read back byte-for-byte (the hash still verifies)', async () => {
    const { storage, reader } = fixture()
    const accountId = testId('acct')
    const first = makeEvent(accountId, null)
    await storage.audit.append(first)
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
    const event: AuditEvent = { ...unsigned, hash: computeEventHash(unsigned) }
    await storage.audit.append(event)
    expect(await storage.audit.head(accountId)).toEqual({ seq: 2, hash: event.hash })
    const stored = await reader.auditEvents(accountId)
    expect(stored.map((e) => e.seq)).toEqual([1, 2])
    for (const e of await storage.audit.list(accountId, { order: 'asc', limit: 10 })) {
      const { hash, ...rest } = e
      expect(computeEventHash(rest)).toBe(hash)
    }
    expect((await storage.audit.list(accountId, { order: 'asc', limit: 10 }))[1]).toEqual(event)
  })

  it('refuses an event whose seq is taken with a retryable CONFLICT', async () => {
    const { storage } = fixture()
    const accountId = testId('acct')
    await storage.audit.append(makeEvent(accountId, null))
    await expect(storage.audit.append(makeEvent(accountId, null, 'again'))).rejects.toMatchObject({
      code: 'CONFLICT',
      retryable: true,
    })
  })

  it('pages ascending after a seq and descending before one, per account', async () => {
    const { storage } = fixture()
    const accountId = testId('acct')
    let head: { seq: number; hash: string } | null = null
    for (let i = 0; i < 5; i++) {
      const event = makeEvent(accountId, head)
      await storage.audit.append(event)
      head = { seq: event.seq, hash: event.hash }
    }
    await storage.audit.append(makeEvent(testId('acct'), null))
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
}
