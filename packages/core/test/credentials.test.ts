import { storesOf } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT,
  actors,
  basicAuthData,
  expectNoSecretsStored,
  passwordOf,
  registryData,
  rejectionOf,
  useHarness,
} from './harness.js'

const h = useHarness()
const { admin, member } = actors

describe('create, read, update, delete', () => {
  it('creates a registry credential and returns its public view with a status per active region', async () => {
    await storesOf(h.storage).sync.addRegion(ACCOUNT, 'eu-1')
    const view = await h.credentials.create(admin, {
      type: 'container-registry',
      name: '  GitHub packages ',
      description: 'CI pulls',
      data: registryData({ server: 'https://GHCR.io/' }),
    })
    expect(view).toMatchObject({
      type: 'container-registry',
      name: 'GitHub packages',
      description: 'CI pulls',
      version: 1,
      accountId: ACCOUNT,
      createdBy: 'u-admin',
      data: { server: 'ghcr.io', username: 'deploy-bot', email: null, isDefault: true },
    })
    expect(view.data).not.toHaveProperty('password')
    expect(view.sync).toEqual([
      expect.objectContaining({ region: 'eu-1', state: 'not-synced', version: null }),
    ])
    expect(await h.credentials.get(admin, view.id)).toEqual(view)
  })

  it('normalises every Docker Hub alias to docker.io and requires an email there', async () => {
    for (const server of [
      'docker.io',
      'index.docker.io',
      'registry-1.docker.io',
      'https://index.docker.io/v1/',
    ]) {
      const error = await rejectionOf(
        h.credentials.create(admin, {
          type: 'container-registry',
          name: server,
          data: registryData({ server }),
        }),
      )
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'data.email' })
      const view = await h.credentials.create(admin, {
        type: 'container-registry',
        name: server,
        data: registryData({ server, email: 'ops@example.com' }),
      })
      expect(view.data).toMatchObject({ server: 'docker.io' })
    }
  })

  it('keeps an omitted secret field and replaces a given one', async () => {
    const data = basicAuthData()
    const created = await h.credentials.create(admin, { type: 'basic-auth', name: 'staging gate', data })
    const renamed = await h.credentials.update(admin, created.id, { data: { username: 'qa' } })
    expect(renamed).toMatchObject({ version: 2, data: { username: 'qa' } })
    expect(await passwordOf(h.credentials, admin, created.id)).toBe(data.password)
    const next = basicAuthData().password
    await h.credentials.update(admin, created.id, { data: { password: next } })
    expect(await passwordOf(h.credentials, admin, created.id)).toBe(next)
  })

  it('never changes the type', async () => {
    const created = await h.credentials.create(admin, {
      type: 'basic-auth',
      name: 'gate',
      data: basicAuthData(),
    })
    const error = await rejectionOf(
      h.credentials.update(admin, created.id, { type: 'container-registry' } as never),
    )
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect((error.issues as Array<{ path: unknown[] }>)[0]?.path).toEqual([])
    expect((await h.credentials.get(admin, created.id)).type).toBe('basic-auth')
  })

  it('keeps names unique per account and type, ignoring case', async () => {
    await h.credentials.create(admin, { type: 'basic-auth', name: 'Staging', data: basicAuthData() })
    const error = await rejectionOf(
      h.credentials.create(admin, { type: 'basic-auth', name: 'staging', data: basicAuthData() }),
    )
    expect(error).toMatchObject({ code: 'CONFLICT', field: 'name' })
    await h.credentials.create(admin, { type: 'container-registry', name: 'staging', data: registryData() })
    await h.credentials.create(actors.outsider, {
      type: 'basic-auth',
      name: 'Staging',
      data: basicAuthData(),
    })
  })

  it('deletes, and refuses to delete a referenced credential unless forced (audited with the references)', async () => {
    const created = await h.credentials.create(admin, {
      type: 'basic-auth',
      name: 'gate',
      data: basicAuthData(),
    })
    await h.credentials.attach(ACCOUNT, created.id, { kind: 'environment', id: 'env-staging' })
    const inUse = await rejectionOf(h.credentials.delete(admin, created.id))
    expect(inUse).toMatchObject({ code: 'IN_USE', references: [{ kind: 'environment', id: 'env-staging' }] })
    expect(await h.reader.credential(created.id)).not.toBeNull()
    await h.credentials.delete(admin, created.id, { force: true })
    // Soft-deleted: the row stays for the recovery window, out of every list.
    expect(await h.reader.credential(created.id)).not.toBeNull()
    expect((await h.credentials.list(admin)).items).toEqual([])
    const [last] = (await h.credentials.auditLog(admin)).events
    expect(last).toMatchObject({
      action: 'credential.deleted',
      references: [{ kind: 'environment', id: 'env-staging' }],
      message: expect.stringContaining('Forced'),
    })
    expect(await rejectionOf(h.credentials.get(admin, created.id))).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses references of the wrong kind and to unknown credentials', async () => {
    const gate = await h.credentials.create(admin, {
      type: 'basic-auth',
      name: 'gate',
      data: basicAuthData(),
    })
    expect(
      await rejectionOf(h.credentials.attach(ACCOUNT, gate.id, { kind: 'app', id: 'a1' })),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'reference.kind',
    })
    expect(await rejectionOf(h.credentials.attach(ACCOUNT, 'nope', { kind: 'app', id: 'a1' }))).toMatchObject(
      {
        code: 'NOT_FOUND',
      },
    )
    expect(
      await rejectionOf(h.credentials.attach('acct-other', gate.id, { kind: 'environment', id: 'e' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
    })
    await h.credentials.attach(ACCOUNT, gate.id, { kind: 'environment', id: 'e1', purpose: 'ingress' })
    expect(await h.credentials.references(ACCOUNT, gate.id)).toEqual([
      { kind: 'environment', id: 'e1', purpose: 'ingress' },
    ])
    expect(await h.credentials.detach(ACCOUNT, gate.id, { kind: 'environment', id: 'e1' })).toBe(true)
    expect(await h.credentials.references(ACCOUNT, gate.id)).toEqual([])
  })

  it('lists the tab grouped by type then name, a page at a time', async () => {
    await h.credentials.create(admin, { type: 'basic-auth', name: 'b-gate', data: basicAuthData() })
    await h.credentials.create(admin, { type: 'container-registry', name: 'zeta', data: registryData() })
    await h.credentials.create(admin, { type: 'container-registry', name: 'Alpha', data: registryData() })
    const all = await h.credentials.list(admin)
    expect(all.items.map((v) => v.name)).toEqual(['Alpha', 'zeta', 'b-gate'])
    expect(all.nextCursor).toBeNull()
    const first = await h.credentials.list(admin, { limit: 2 })
    expect(first.items).toHaveLength(2)
    const second = await h.credentials.list(admin, { limit: 2, cursor: first.nextCursor! })
    expect(second.items).toHaveLength(1)
    expect(second.nextCursor).toBeNull()
    expect((await h.credentials.list(admin, { type: 'basic-auth' })).items.map((v) => v.name)).toEqual([
      'b-gate',
    ])
  })

  it('stores no secret in clear', async () => {
    await h.credentials.create(admin, { type: 'container-registry', name: 'r', data: registryData() })
    await h.credentials.create(admin, { type: 'basic-auth', name: 'b', data: basicAuthData() })
    await expectNoSecretsStored(await h.reader.dump())
  })
})

describe('default registry', () => {
  const registry = (name: string, isDefault?: boolean) => ({
    type: 'container-registry' as const,
    name,
    data: registryData(),
    ...(isDefault === undefined ? {} : { isDefault }),
  })

  it('auto-promotes the first registry whatever the toggle says; later ones only when asked', async () => {
    const first = await h.credentials.create(admin, registry('first', false))
    const second = await h.credentials.create(admin, registry('second'))
    expect(first.data).toMatchObject({ isDefault: true })
    expect(second.data).toMatchObject({ isDefault: false })
    const third = await h.credentials.create(admin, registry('third', true))
    expect(third.data).toMatchObject({ isDefault: true })
    expect((await h.credentials.get(admin, first.id)).data).toMatchObject({ isDefault: false })
  })

  it('setDefault demotes the previous default; deleting the default promotes nothing', async () => {
    const first = await h.credentials.create(admin, registry('first'))
    const second = await h.credentials.create(admin, registry('second'))
    await h.credentials.setDefault(admin, second.id)
    const options = await h.credentials.options(member, { type: 'container-registry' })
    expect(options.items.map((o) => [o.name, o.isDefault])).toEqual([
      ['second', true],
      ['first', false],
    ])
    await h.credentials.delete(admin, second.id)
    expect((await h.credentials.get(admin, first.id)).data).toMatchObject({ isDefault: false })
    expect(await h.credentials.resolveRegistry(member, { purpose: 'runtime' })).toEqual({
      credential: null,
      source: 'none',
    })
  })

  it('un-defaulting leaves the account without a default', async () => {
    const only = await h.credentials.create(admin, registry('only'))
    await h.credentials.update(admin, only.id, { isDefault: false })
    expect(await storesOf(h.storage).credentials.getDefault(ACCOUNT)).toBeNull()
  })

  it('runtime pulls fall back to the default, builds never do, an explicit selection always wins', async () => {
    const fallback = await h.credentials.create(admin, registry('fallback'))
    const chosen = await h.credentials.create(admin, registry('chosen'))
    expect(await h.credentials.resolveRegistry(member, { purpose: 'runtime' })).toMatchObject({
      source: 'default',
      credential: { id: fallback.id },
    })
    expect(await h.credentials.resolveRegistry(member, { purpose: 'build' })).toEqual({
      credential: null,
      source: 'none',
    })
    expect(
      await h.credentials.resolveRegistry(member, { purpose: 'build', selectedId: chosen.id }),
    ).toMatchObject({
      source: 'selected',
      credential: { id: chosen.id },
    })
    const gate = await h.credentials.create(admin, { type: 'basic-auth', name: 'g', data: basicAuthData() })
    expect(
      await rejectionOf(h.credentials.resolveRegistry(member, { purpose: 'runtime', selectedId: gate.id })),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'query.selectedId',
    })
  })

  it('refuses the default flag on other types', async () => {
    const error = await rejectionOf(
      h.credentials.create(admin, { type: 'basic-auth', name: 'g', data: basicAuthData(), isDefault: true }),
    )
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'isDefault' })
  })
})

describe('no-op updates', () => {
  it('an explicitly undefined field changes nothing and writes no event', async () => {
    const gate = await h.credentials.create(admin, { type: 'basic-auth', name: 'g', data: basicAuthData() })
    const before = await h.reader.auditEvents(ACCOUNT)
    const view = await h.credentials.update(admin, gate.id, { data: { password: undefined } })
    expect(view.version).toBe(1)
    expect(await h.reader.auditEvents(ACCOUNT)).toEqual(before)
  })
})
