import { storesOf, wrapStorage } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import type { StoragePort, StorageTx } from '../src/ports/storage-port.js'
import { ACCOUNT, actors, basicAuthData, registryData, rejectionOf, useHarness } from './harness.js'

let failAudit = false

/** A storage whose audit appends fail on demand: the rest of the transaction must roll back. */
function failingAudit(inner: StoragePort): StoragePort {
  const wrap = (tx: StorageTx): StorageTx => ({
    ...tx,
    audit: {
      ...tx.audit,
      append: (events) => (failAudit ? Promise.reject(new Error('disk full')) : tx.audit.append(events)),
    },
  })
  return wrapStorage(inner, wrap)
}

const h = useHarness({ storage: failingAudit })
const { admin } = actors

describe('audit', () => {
  it('records every mutation and reveal, with field names and never values', async () => {
    failAudit = false
    await storesOf(h.storage).sync.addRegion(ACCOUNT, 'eu-1')
    const reg = await h.credentials.create(admin, {
      type: 'container-registry',
      name: 'r',
      data: registryData(),
    })
    const other = await h.credentials.create(admin, {
      type: 'container-registry',
      name: 'r2',
      data: registryData(),
    })
    await h.credentials.update(admin, reg.id, {
      data: { password: registryData().password },
      description: 'x',
    })
    await h.credentials.setDefault(admin, other.id)
    await h.credentials.reveal(admin, reg.id)
    await h.credentials.delete(admin, reg.id)
    const { events } = await h.credentials.auditLog(admin)
    expect(events.map((e) => e.action).reverse()).toEqual([
      'credential.created',
      'credential.default-set',
      'credential.created',
      'credential.updated',
      'credential.default-cleared',
      'credential.updated',
      'credential.default-set',
      'credential.revealed',
      'credential.deleted',
    ])
    const update = events.find((e) => e.action === 'credential.updated' && e.credential?.id === reg.id)
    expect(update).toMatchObject({
      fields: ['description', 'data.password'],
      actor: { type: 'user', userId: 'u-admin' },
    })
    expect(events.find((e) => e.action === 'credential.revealed')?.fields).toEqual(['data.password'])
  })

  it('is fail-closed: when the event cannot be written the operation fails and nothing changes', async () => {
    failAudit = false
    const gate = await h.credentials.create(admin, { type: 'basic-auth', name: 'g', data: basicAuthData() })
    failAudit = true
    try {
      const before = await h.reader.dump()
      for (const attempt of [
        h.credentials.create(admin, { type: 'basic-auth', name: 'new', data: basicAuthData() }),
        h.credentials.update(admin, gate.id, { name: 'renamed' }),
        h.credentials.delete(admin, gate.id),
        h.credentials.reveal(admin, gate.id),
        h.credentials.create(admin, { type: 'container-registry', name: 'reg', data: registryData() }),
      ]) {
        const error = await rejectionOf(attempt)
        expect(error).toMatchObject({ code: 'AUDIT_FAILED' })
        expect(String(error.message)).not.toContain('disk full')
      }
      expect(await h.reader.dump()).toBe(before)
    } finally {
      failAudit = false
    }
  })

  it('chains events: verify passes, and finds a removed or edited event', async () => {
    failAudit = false
    for (let i = 0; i < 4; i++) {
      await h.credentials.create(admin, { type: 'basic-auth', name: `g${i}`, data: basicAuthData() })
    }
    const verdict = await h.credentials.verifyAuditChain(ACCOUNT)
    expect(verdict).toMatchObject({ ok: true, events: 4 })
    const head = (await h.reader.auditEvents(ACCOUNT)).at(-1)!

    await h.reader.tamperAudit(ACCOUNT, 2, 'edit-message')
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: 'altered',
    })
    await h.reader.tamperAudit(ACCOUNT, 2, 'remove')
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: 'missing',
    })
    await h.reader.tamperAudit(ACCOUNT, 4, 'remove')
    await h.reader.tamperAudit(ACCOUNT, 3, 'remove')
    // truncating the newest events leaves a valid shorter chain: only an anchor catches it
    expect(await h.credentials.verifyAuditChain(ACCOUNT)).toMatchObject({ ok: true, events: 1 })
    expect(
      await h.credentials.verifyAuditChain(ACCOUNT, { anchor: { seq: head.seq, hash: head.hash } }),
    ).toMatchObject({
      ok: false,
      reason: 'anchor-missing',
    })
  })

  it('pages newest first', async () => {
    failAudit = false
    for (let i = 0; i < 5; i++) {
      await h.credentials.create(admin, { type: 'basic-auth', name: `g${i}`, data: basicAuthData() })
    }
    const first = await h.credentials.auditLog(admin, { limit: 3 })
    expect(first.events.map((e) => e.seq)).toEqual([5, 4, 3])
    const second = await h.credentials.auditLog(admin, { limit: 3, cursor: first.nextCursor! })
    expect(second.events.map((e) => e.seq)).toEqual([2, 1])
    expect(second.nextCursor).toBeNull()
    expect(
      await h.credentials.auditLog({ accountId: ACCOUNT, userId: 'aud', roles: ['auditor'] }),
    ).toMatchObject({
      events: expect.any(Array),
    })
  })
})
