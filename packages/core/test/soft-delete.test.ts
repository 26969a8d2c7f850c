import { makeCertificate, storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  actors,
  basicAuthData,
  passwordOf,
  registerSecret,
  registryData,
  rejectionOf,
  secretValue,
  useHarness,
} from './harness.js'

const h = useHarness({ regions: ['eu-1', 'us-1'] })
const { admin, manager, member, outsider } = actors
const DAY = 86_400_000
const T0 = new Date('2026-11-27T10:00:00.000Z').getTime()

async function tls(name: string, host: string) {
  const cert = await makeCertificate({
    commonName: host,
    notBefore: new Date(T0 - DAY),
    notAfter: new Date(T0 + 90 * DAY),
  })
  for (const line of cert.privateKeyPem.split('\n')) if (!line.startsWith('-----')) registerSecret(line)
  return h.credentials.create(admin, {
    type: 'tls-certificate',
    name,
    data: { certificate: cert.certificatePem, privateKey: cert.privateKeyPem },
  })
}

/** A basic-auth credential of `actor`'s account. */
const basic = (name: string, actor: typeof admin | typeof outsider = admin) =>
  h.credentials.create(actor, { type: 'basic-auth', name, data: basicAuthData() })

const actions = async () => (await h.credentials.auditLog(admin)).events.map((e) => e.action).reverse()

describe('soft delete', () => {
  it('hides a deleted credential from every list, picker, lookup and call, for managers and members', async () => {
    const hub = await h.credentials.create(admin, {
      type: 'container-registry',
      name: 'hub',
      data: registryData(),
    })
    const shop = await tls('shop', 'shop.example.com')
    await h.credentials.delete(admin, hub.id)
    await h.credentials.delete(admin, shop.id)

    expect((await h.credentials.list(admin)).items).toEqual([])
    for (const type of ['container-registry', 'tls-certificate'] as const) {
      expect((await h.credentials.options(member, { type })).items).toEqual([])
    }
    expect(await h.credentials.matchCertificates(member, 'shop.example.com')).toEqual([])
    expect(await h.credentials.expiringCertificates(admin, { withinDays: 365 })).toEqual([])
    expect(await h.credentials.resolveRegistry(member, { purpose: 'runtime' })).toEqual({
      credential: null,
      source: 'none',
    })
    const calls = [
      h.credentials.get(admin, hub.id),
      h.credentials.reveal(admin, hub.id),
      h.credentials.history(admin, hub.id),
      h.credentials.update(admin, hub.id, { description: 'x' }),
      h.credentials.setDefault(admin, hub.id),
      h.credentials.rollback(admin, hub.id, { toVersion: 1 }),
      h.credentials.delete(admin, hub.id),
      h.credentials.syncNow(admin, hub.id),
      h.credentials.resolveRegistry(member, { purpose: 'build', selectedId: hub.id }),
      h.credentials.attach(ACCOUNT, hub.id, { kind: 'app', id: 'a1' }),
      h.credentials.references(ACCOUNT, hub.id),
    ]
    for (const call of calls) expect(await rejectionOf(call)).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('keeps the name taken until purge, and says why', async () => {
    const gate = await basic('Gate')
    await h.credentials.delete(admin, gate.id)
    const conflict = await rejectionOf(basic('gate'))
    expect(conflict).toMatchObject({ code: 'CONFLICT', field: 'name' })
    expect(conflict['message']).toMatch(/deleted credential .* restore it under a new name, or purge it/)
    await h.credentials.purge(admin, gate.id)
    await basic('gate')
  })

  it('lists deleted credentials with who deleted them and when they go for good, a page at a time', async () => {
    const ids: string[] = []
    for (const name of ['c', 'a', 'b']) {
      const view = await h.credentials.create(admin, { type: 'basic-auth', name, data: basicAuthData() })
      await h.credentials.delete(manager, view.id)
      ids.push(view.id)
    }
    await basic('live')
    const first = await h.credentials.listDeleted(admin, { limit: 2 })
    expect(first.items).toEqual([
      expect.objectContaining({
        id: ids[1],
        name: 'a',
        type: 'basic-auth',
        version: 1,
        deletedBy: 'u-manager',
        deletedAt: new Date(T0),
        purgeAfter: new Date(T0 + 7 * DAY),
      }),
      expect.objectContaining({ id: ids[2], name: 'b' }),
    ])
    expect(Object.keys(first.items[0]!)).not.toContain('data')
    const rest = await h.credentials.listDeleted(admin, { cursor: first.nextCursor! })
    expect(rest).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null })
    expect((await h.credentials.listDeleted(admin, { type: 'container-registry' })).items).toEqual([])
    const [event] = (await h.credentials.auditLog(admin, { limit: 1 })).events
    expect(event).toMatchObject({ action: 'credential.created' })
    expect((await h.credentials.auditLog(admin)).events[1]).toMatchObject({
      action: 'credential.deleted',
      message: `Restorable until ${new Date(T0 + 7 * DAY).toISOString()}`,
    })
  })

  it('restores a credential as it was, secret and history included, never as the default', async () => {
    const password = secretValue('hub')
    const hub = await h.credentials.create(admin, {
      type: 'container-registry',
      name: 'hub',
      data: registryData({ password }),
    })
    await h.credentials.update(admin, hub.id, { description: 'v2' })
    await h.credentials.delete(admin, hub.id)
    const view = await h.credentials.restore(manager, hub.id)
    expect(view).toMatchObject({ id: hub.id, name: 'hub', version: 2, data: { isDefault: false } })
    expect(await passwordOf(h.credentials, admin, hub.id)).toBe(password)
    expect((await h.credentials.history(admin, hub.id)).items.map((e) => e.version)).toEqual([2, 1])
    expect(await h.credentials.resolveRegistry(member, { purpose: 'runtime' })).toMatchObject({
      source: 'none',
    })
    expect(await h.credentials.listDeleted(admin)).toEqual({ items: [], nextCursor: null })
    expect((await actions()).slice(-4)).toEqual([
      'credential.updated',
      'credential.deleted',
      'credential.restored',
      'credential.revealed',
    ])
    expect(await rejectionOf(h.credentials.restore(admin, hub.id))).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('restores under a new name as a new version, which frees the old name', async () => {
    const gate = await basic('gate')
    await h.credentials.delete(admin, gate.id)
    const taken = await basic('other')
    expect(await rejectionOf(h.credentials.restore(admin, gate.id, { name: 'OTHER' }))).toMatchObject({
      code: 'CONFLICT',
      field: 'name',
    })
    const view = await h.credentials.restore(admin, gate.id, { name: ' gate 2 ' })
    expect(view).toMatchObject({ name: 'gate 2', version: 2 })
    expect((await h.credentials.history(admin, gate.id)).items[0]).toMatchObject({
      version: 2,
      fields: ['name'],
    })
    await basic('gate')
    expect(taken.id).not.toBe(gate.id)
    expect(await rejectionOf(h.credentials.restore(admin, gate.id, { name: '' }))).toMatchObject({
      code: 'VALIDATION_FAILED',
    })
  })

  it('purges a deleted credential with its history for good; a live one cannot be purged', async () => {
    const gate = await basic('gate')
    await h.credentials.update(admin, gate.id, { data: { password: secretValue('next') } })
    expect(await rejectionOf(h.credentials.purge(admin, gate.id))).toMatchObject({ code: 'NOT_FOUND' })
    await h.credentials.delete(admin, gate.id)
    await h.credentials.purge(admin, gate.id)
    expect(await h.reader.credential(gate.id)).toBeNull()
    expect(await h.reader.countVersions!(ACCOUNT)).toBe(0)
    expect(await rejectionOf(h.credentials.restore(admin, gate.id))).toMatchObject({ code: 'NOT_FOUND' })
    expect((await actions()).slice(-2)).toEqual(['credential.deleted', 'credential.purged'])
    expect((await h.credentials.auditLog(admin, { limit: 1 })).events[0]).toMatchObject({
      actor: { type: 'user', userId: 'u-admin' },
      credential: { id: gate.id, name: 'gate' },
    })
  })

  it('purgeExpired purges exactly the credentials whose recovery window ended', async () => {
    const early = await basic('early')
    await h.credentials.delete(admin, early.id)
    await h.clock.advance(DAY)
    const late = await basic('late')
    await h.credentials.delete(admin, late.id)
    const other = await basic('x', outsider)
    await h.credentials.delete(outsider, other.id)
    expect(await h.credentials.purgeExpired()).toEqual({ purged: 0 })
    await h.clock.advance(6 * DAY)
    expect(await h.credentials.purgeExpired()).toEqual({ purged: 1 })
    expect(await h.reader.credential(early.id)).toBeNull()
    expect((await h.credentials.listDeleted(admin)).items.map((v) => v.id)).toEqual([late.id])
    const [event] = (await h.credentials.auditLog(admin, { limit: 1 })).events
    expect(event).toMatchObject({
      action: 'credential.purged',
      actor: { type: 'system', reason: 'retention' },
      credential: { id: early.id },
      message: 'Recovery window ended',
    })
    await h.clock.advance(DAY)
    expect(await h.credentials.purgeExpired()).toEqual({ purged: 2 })
    expect(await h.reader.credential(other.id)).toBeNull()
    expect(await h.credentials.purgeExpired()).toEqual({ purged: 0 })
  })

  it('with a recovery window of 0 a delete purges the row and its history in the same transaction', async () => {
    const now = h.instance({ deletion: { recoveryDays: 0 } })
    const gate = await now.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuthData() })
    await now.update(admin, gate.id, { description: 'x' })
    await now.delete(admin, gate.id)
    expect(await storesOf(h.storage).credentials.get(ACCOUNT, gate.id)).toBeNull()
    expect(await h.reader.countVersions!(ACCOUNT)).toBe(0)
    expect((await now.listDeleted(admin)).items).toEqual([])
    expect((await actions()).slice(-2)).toEqual(['credential.deleted', 'credential.purged'])
    await now.create(admin, { type: 'basic-auth', name: 'gate', data: basicAuthData() })
  })
})

describe('roles', () => {
  it('members are FORBIDDEN every lifecycle call; another account gets NOT_FOUND', async () => {
    const gate = await basic('gate')
    await h.credentials.update(admin, gate.id, { description: 'v2' })
    const gone = await basic('gone')
    await h.credentials.delete(admin, gone.id)
    const calls = (actor: typeof member | typeof outsider) => ({
      history: h.credentials.history(actor, gate.id),
      rollback: h.credentials.rollback(actor, gate.id, { toVersion: 1 }),
      revealVersion: h.credentials.reveal(actor, gate.id, { version: 1 }),
      restore: h.credentials.restore(actor, gone.id),
      purge: h.credentials.purge(actor, gone.id),
    })
    for (const [name, call] of Object.entries(calls(member))) {
      expect(await rejectionOf(call), name).toMatchObject({ code: 'FORBIDDEN' })
    }
    expect(await rejectionOf(h.credentials.listDeleted(member))).toMatchObject({ code: 'FORBIDDEN' })
    for (const [name, call] of Object.entries(calls(outsider))) {
      expect(await rejectionOf(call), name).toMatchObject({ code: 'NOT_FOUND' })
    }
    expect((await h.credentials.listDeleted(outsider)).items).toEqual([])
    expect(h.state.credentials.get(gone.id)?.deletedAt).not.toBeNull()
  })
})
