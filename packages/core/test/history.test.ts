import { storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { createLocalKeyring, generateKey } from '../src/crypto/index.js'
import type { CredentialVersionRecord } from '../src/model/credential-versions.js'
import { createCredentials } from '../src/service/create-credentials.js'
import {
  ACCOUNT,
  actors,
  basicAuthData,
  passwordOf,
  registryData,
  rejectionOf,
  secretValue,
  useHarness,
} from './harness.js'

const h = useHarness({ regions: ['eu-1', 'us-1'] })
const { admin, manager } = actors
const MINUTE = 60_000

/** The stored history row of a version, behind the adapter's back. */
function storedVersion(id: string, version: number): CredentialVersionRecord | undefined {
  return h.state.versions.get(`${ACCOUNT}\0${id}`)?.get({ version } as CredentialVersionRecord)
}

/** Overwrites a stored history row behind the adapter's back. */
function tamperVersion(id: string, version: number, envelope: Uint8Array): void {
  h.state.versions.get(`${ACCOUNT}\0${id}`)!.insert({ ...storedVersion(id, version)!, envelope })
}

async function gateWithThreeVersions() {
  const first = secretValue('v1')
  const gate = await h.credentials.create(admin, {
    type: 'basic-auth',
    name: 'gate',
    data: basicAuthData({ password: first }),
  })
  await h.clock.advance(MINUTE)
  const second = secretValue('v2')
  await h.credentials.update(manager, gate.id, { data: { password: second } })
  await h.clock.advance(MINUTE)
  await h.credentials.update(admin, gate.id, { description: 'staging ingress' })
  return { id: gate.id, first, second }
}

describe('version history', () => {
  it('lists every version newest first: number, when, by whom, changed field names, never values', async () => {
    const { id } = await gateWithThreeVersions()
    const t0 = new Date('2026-11-27T10:00:00.000Z').getTime()
    const page = await h.credentials.history(admin, id)
    expect(page).toEqual({
      items: [
        { version: 3, at: new Date(t0 + 2 * MINUTE), by: 'u-admin', fields: ['description'], current: true },
        { version: 2, at: new Date(t0 + MINUTE), by: 'u-manager', fields: ['data.password'], current: false },
        {
          version: 1,
          at: new Date(t0),
          by: 'u-admin',
          fields: ['name', 'data.password', 'data.username'],
          current: false,
        },
      ],
      nextCursor: null,
    })
    const first = await h.credentials.history(admin, id, { limit: 2 })
    expect(first.items.map((e) => e.version)).toEqual([3, 2])
    const rest = await h.credentials.history(admin, id, { limit: 2, cursor: first.nextCursor! })
    expect(rest).toMatchObject({ items: [{ version: 1 }], nextCursor: null })
    expect(await rejectionOf(h.credentials.history(admin, id, { cursor: 'x' }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'options.cursor',
    })
  })

  it('reveals an earlier version, audited with its number; unknown versions are NOT_FOUND', async () => {
    const { id, first, second } = await gateWithThreeVersions()
    expect(await passwordOf(h.credentials, admin, id)).toBe(second)
    const old = await h.credentials.reveal(admin, id, { version: 1 })
    expect('password' in old && old.password.reveal()).toBe(first)
    const [event] = (await h.credentials.auditLog(admin, { limit: 1 })).events
    expect(event).toMatchObject({
      action: 'credential.revealed',
      fields: ['data.password'],
      message: 'Version 1 (the current version is 3)',
    })
    const current = await h.credentials.reveal(admin, id, { version: 3 })
    expect('password' in current && current.password.reveal()).toBe(second)
    for (const version of [4, 99]) {
      expect(await rejectionOf(h.credentials.reveal(admin, id, { version }))).toMatchObject({
        code: 'NOT_FOUND',
        field: 'options.version',
      })
    }
    expect(await rejectionOf(h.credentials.reveal(admin, id, { version: 0 }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'options.version',
    })
  })

  it('keeps each version with its own envelope, bound to the secret version it was sealed at', async () => {
    const { id } = await gateWithThreeVersions()
    const row = h.state.credentials.get(id)!
    expect(row.secretVersion).toBe(2) // the description change did not re-seal
    expect(storedVersion(id, 2)).toMatchObject({ secretVersion: 2, envelope: row.envelope })
    expect(storedVersion(id, 1)).toMatchObject({ secretVersion: 1 })
    expect(storedVersion(id, 1)!.envelope).not.toEqual(row.envelope)
  })

  it('trims history past the retention in the transaction that adds a version', async () => {
    const keep = h.instance({ history: { keep: 2 } })
    const gate = await keep.create(admin, { type: 'basic-auth', name: 'kept', data: basicAuthData() })
    for (let i = 0; i < 4; i++) await keep.update(admin, gate.id, { description: `d${i}` })
    const stored = await storesOf(h.storage).versions.list(ACCOUNT, gate.id)
    expect(stored.map((r) => r.version)).toEqual([4, 3])
    expect((await keep.history(admin, gate.id)).items.map((e) => e.version)).toEqual([5, 4, 3])
    expect(await rejectionOf(keep.rollback(admin, gate.id, { toVersion: 2 }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'toVersion',
    })

    const none = h.instance({ history: { keep: 0 } })
    await none.update(admin, gate.id, { description: 'no history' })
    expect(await storesOf(h.storage).versions.list(ACCOUNT, gate.id)).toEqual([])
    expect((await none.history(admin, gate.id)).items.map((e) => e.version)).toEqual([6])
  })

  it('refuses retention and recovery settings out of range, naming the option', () => {
    const base = { storage: h.storage, regions: h.regions, keys: h.keys }
    expect(() => createCredentials({ ...base, history: { keep: -1 } })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'history.keep' }),
    )
    expect(() => createCredentials({ ...base, deletion: { recoveryDays: 1.5 } })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'deletion.recoveryDays' }),
    )
  })

  it('keeps the version a default flip replaces (history has no gaps)', async () => {
    const first = await h.credentials.create(admin, {
      type: 'container-registry',
      name: 'first',
      data: registryData(),
    })
    await h.credentials.create(admin, {
      type: 'container-registry',
      name: 'second',
      data: registryData(),
      isDefault: true,
    })
    const history = await h.credentials.history(admin, first.id)
    expect(history.items).toMatchObject([
      { version: 2, fields: ['isDefault'], current: true },
      { version: 1, current: false },
    ])
    expect(storedVersion(first.id, 1)).toMatchObject({ isDefault: true })
  })
})

describe('rollback', () => {
  it('makes a new version with the old content and envelope, pushes it everywhere, audits both numbers', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    await h.credentials.prepareRegion(ACCOUNT, 'us-1')
    const { id, first } = await gateWithThreeVersions()
    await h.credentials.runDueJobs()
    await h.credentials.update(admin, id, { name: 'renamed', data: { username: 'qa' } })
    const view = await h.credentials.rollback(manager, id, { toVersion: 1, expectedVersion: 4 })
    expect(view).toMatchObject({ version: 5, name: 'gate', description: null, data: { username: 'staging' } })
    expect(await passwordOf(h.credentials, admin, id)).toBe(first)
    const row = h.state.credentials.get(id)!
    expect(row).toMatchObject({ secretVersion: 1, keyId: storedVersion(id, 1)!.keyId })
    expect(row.envelope).toEqual(storedVersion(id, 1)!.envelope)
    expect(storedVersion(id, 4)).toMatchObject({ name: 'renamed', secretVersion: 2 })

    const events = (await h.credentials.auditLog(admin)).events
    expect(events.find((e) => e.action === 'credential.rolled-back')).toMatchObject({
      actor: { type: 'user', userId: 'u-manager' },
      fields: ['name', 'description', 'data.password', 'data.username'],
      message: 'Rolled back from version 4 to the content of version 1, as version 5',
    })
    expect((await h.credentials.history(admin, id)).items[0]).toMatchObject({
      version: 5,
      by: 'u-manager',
      fields: ['name', 'description', 'data.password', 'data.username'],
    })
    expect(view.sync.map((s) => [s.region, s.state])).toEqual([
      ['eu-1', 'not-synced'],
      ['us-1', 'not-synced'],
    ])
    await h.credentials.runDueJobs()
    for (const region of ['eu-1', 'us-1']) {
      expect(h.regions.holdings(region).get(id)?.observation.version).toBe(5)
    }
    expect((await h.credentials.get(admin, id)).sync.every((s) => s.state === 'synced')).toBe(true)
  })

  it('refuses the current or a later version, a stale expectedVersion, and a name taken meanwhile', async () => {
    const { id } = await gateWithThreeVersions()
    for (const toVersion of [3, 4]) {
      expect(await rejectionOf(h.credentials.rollback(admin, id, { toVersion }))).toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'toVersion',
      })
    }
    expect(
      await rejectionOf(h.credentials.rollback(admin, id, { toVersion: 1, expectedVersion: 2 })),
    ).toMatchObject({ code: 'CONFLICT', currentVersion: 3 })
    await h.credentials.update(admin, id, { name: 'moved' })
    await h.credentials.create(admin, { type: 'basic-auth', name: 'GATE', data: basicAuthData() })
    expect(await rejectionOf(h.credentials.rollback(admin, id, { toVersion: 1 }))).toMatchObject({
      code: 'CONFLICT',
      field: 'name',
    })
    expect(await rejectionOf(h.credentials.rollback(admin, id, { toVersion: 1, extra: 1 }))).toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    expect(h.state.credentials.get(id)!.version).toBe(4)
  })

  it('keeps the default flag where it is', async () => {
    const registry = await h.credentials.create(admin, {
      type: 'container-registry',
      name: 'hub',
      data: registryData(),
    })
    await h.credentials.update(admin, registry.id, { isDefault: false })
    const view = await h.credentials.rollback(admin, registry.id, { toVersion: 1 })
    expect(view).toMatchObject({ version: 3, data: { isDefault: false } })
  })
})

describe('tampered history', () => {
  it("an old version's envelope swapped with the current one, or another credential's, fails with CRYPTO_FAILED", async () => {
    const { id } = await gateWithThreeVersions()
    const other = await gateOf('other')
    const original = storedVersion(id, 1)!.envelope
    const attempts = [h.state.credentials.get(id)!.envelope, storedVersion(other, 1)!.envelope]
    for (const envelope of attempts) {
      tamperVersion(id, 1, envelope)
      expect(await rejectionOf(h.credentials.reveal(admin, id, { version: 1 }))).toMatchObject({
        code: 'CRYPTO_FAILED',
      })
      expect(await rejectionOf(h.credentials.rollback(admin, id, { toVersion: 1 }))).toMatchObject({
        code: 'CRYPTO_FAILED',
      })
    }
    // nothing changed, nothing was audited as done
    expect(h.state.credentials.get(id)!.version).toBe(3)
    const actions = (await h.credentials.auditLog(admin)).events.map((e) => e.action)
    expect(actions).not.toContain('credential.rolled-back')
    expect(actions).not.toContain('credential.revealed')
    tamperVersion(id, 1, original)
    await h.credentials.rollback(admin, id, { toVersion: 1 })
  })

  it("the current row given an old version's envelope fails too", async () => {
    const { id } = await gateWithThreeVersions()
    h.state.credentials.set(id, { ...h.state.credentials.get(id)!, envelope: storedVersion(id, 1)!.envelope })
    expect(await rejectionOf(h.credentials.reveal(admin, id))).toMatchObject({ code: 'CRYPTO_FAILED' })
  })
})

describe('key rotation of history', () => {
  it('re-wraps every earlier version; they still reveal and roll back under the new key alone', async () => {
    const oldKey = generateKey()
    const newKey = generateKey()
    const on = (keys: Record<string, Uint8Array>, primary: string) =>
      h.instance({ keys: createLocalKeyring({ keys, primary }) })
    const before = on({ old: oldKey }, 'old')
    const first = secretValue('rot-1')
    const gate = await before.create(admin, {
      type: 'basic-auth',
      name: 'rot',
      data: basicAuthData({ password: first }),
    })
    await before.update(admin, gate.id, { data: { password: secretValue('rot-2') } })
    await before.update(admin, gate.id, { description: 'x' })
    const progress = await on({ old: oldKey, new: newKey }, 'new').rotateKeys()
    expect(progress).toMatchObject({ rotated: 1, versions: { rotated: 2, skipped: 0, failed: [] } })
    expect([storedVersion(gate.id, 1)?.keyId, storedVersion(gate.id, 2)?.keyId]).toEqual(['new', 'new'])
    const after = on({ new: newKey }, 'new')
    const old = await after.reveal(admin, gate.id, { version: 1 })
    expect('password' in old && old.password.reveal()).toBe(first)
    await after.rollback(admin, gate.id, { toVersion: 1 })
    expect(await passwordOf(after, admin, gate.id)).toBe(first)
    expect((await on({ new: newKey }, 'new').rotateKeys()).versions.rotated).toBe(0)
  })
})

async function gateOf(name: string): Promise<string> {
  const view = await h.credentials.create(admin, { type: 'basic-auth', name, data: basicAuthData() })
  await h.credentials.update(admin, view.id, { data: { password: secretValue(name) } })
  return view.id
}
