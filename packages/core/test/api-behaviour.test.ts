import { describe, expect, it } from 'vitest'
import type { CredentialView } from '../src/domain/views.js'
import { createCredentials } from '../src/service/create-credentials.js'
import { ACCOUNT, actors, basicAuthData, registryData, rejectionOf, useHarness } from './harness.js'

const h = useHarness()
const { admin, member } = actors

const auditFields = async () =>
  (await h.credentials.auditLog(admin, { limit: 100 })).events
    .filter((event) => event.action === 'credential.updated')
    .map((event) => event.fields)

describe('update keeps what it is not given', () => {
  it('keeps the description through a password change and a set-default; null clears it', async () => {
    await h.credentials.create(admin, { type: 'container-registry', name: 'first', data: registryData() })
    const reg = await h.credentials.create(admin, {
      type: 'container-registry',
      name: 'second',
      description: 'pulls the app image',
      data: registryData(),
    })
    await h.credentials.update(admin, reg.id, { data: { password: 'a-new-password-1' } })
    await h.credentials.setDefault(admin, reg.id)
    const kept = await h.credentials.get(admin, reg.id)
    expect(kept.description).toBe('pulls the app image')
    expect(await auditFields()).toEqual([['isDefault'], ['data.password']])

    const cleared = await h.credentials.update(admin, reg.id, { description: null })
    expect(cleared.description).toBeNull()
    expect((await auditFields())[0]).toEqual(['description'])
  })

  it('writes nothing and bumps no version when nothing changes', async () => {
    const gate = await h.credentials.create(admin, {
      type: 'basic-auth',
      name: 'gate',
      description: 'staging',
      data: basicAuthData(),
    })
    const same = await h.credentials.update(admin, gate.id, { name: 'gate', description: 'staging' })
    expect(same.version).toBe(gate.version)
    expect(await auditFields()).toEqual([])
  })
})

describe('optimistic concurrency', () => {
  it('refuses a stale expectedVersion on update, setDefault and delete with the current version', async () => {
    await h.credentials.create(admin, { type: 'container-registry', name: 'first', data: registryData() })
    const reg = await h.credentials.create(admin, {
      type: 'container-registry',
      name: 'second',
      data: registryData(),
    })
    const moved = await h.credentials.update(admin, reg.id, { name: 'renamed', expectedVersion: 1 })
    expect(moved.version).toBe(2)

    const calls = [
      h.credentials.update(admin, reg.id, { name: 'again', expectedVersion: 1 }),
      h.credentials.setDefault(admin, reg.id, { expectedVersion: 1 }),
      h.credentials.delete(admin, reg.id, { expectedVersion: 1 }),
    ]
    for (const call of calls) {
      const error = await rejectionOf(call)
      expect(error).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 2 })
      expect((error as { toJSON(): unknown }).toJSON()).toMatchObject({ currentVersion: 2 })
    }
    const after = await h.credentials.get(admin, reg.id)
    expect(after).toMatchObject({ name: 'renamed', version: 2, data: { isDefault: false } })

    await h.credentials.setDefault(admin, reg.id, { expectedVersion: 2 })
    await h.credentials.delete(admin, reg.id, { expectedVersion: 3, force: true })
    expect(await rejectionOf(h.credentials.get(admin, reg.id))).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('validates expectedVersion', async () => {
    const gate = await h.credentials.create(admin, { type: 'basic-auth', name: 'g', data: basicAuthData() })
    for (const bad of [0, 1.5, '1', -1]) {
      const error = await rejectionOf(h.credentials.update(admin, gate.id, { expectedVersion: bad }))
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'expectedVersion' })
    }
  })
})

describe('list and options page in the promised order', () => {
  // Ids are handed out in an order unrelated to names, so a page cut by id would break the order.
  const names = ['delta', 'Alpha', 'echo', 'charlie', 'Bravo', 'foxtrot', 'golf']

  async function fill(): Promise<CredentialView[]> {
    const made: CredentialView[] = []
    for (const [i, name] of names.entries()) {
      made.push(await h.credentials.create(admin, { type: 'basic-auth', name, data: basicAuthData() }))
      made.push(
        await h.credentials.create(admin, {
          type: 'container-registry',
          name: `reg-${names[names.length - 1 - i]}`,
          data: registryData(),
        }),
      )
    }
    return made
  }

  async function walk<T>(
    page: (cursor: string | undefined) => Promise<{ items: ReadonlyArray<T>; nextCursor: string | null }>,
  ): Promise<T[]> {
    const out: T[] = []
    let cursor: string | undefined
    for (let pages = 0; pages < 100; pages++) {
      const next = await page(cursor)
      out.push(...next.items)
      if (next.nextCursor === null) return out
      cursor = next.nextCursor
    }
    throw new Error('paging did not end')
  }

  it('concatenated pages of every size equal the grouped, name-ordered list', async () => {
    await fill()
    const full = (await h.credentials.list(admin, { limit: 1000 })).items.map((v) => `${v.type}/${v.name}`)
    const sortedNames = (prefix: string, list: string[]) =>
      [...list].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)).map((n) => prefix + n)
    expect(full).toEqual([
      ...sortedNames(
        'container-registry/',
        names.map((n) => `reg-${n}`),
      ),
      ...sortedNames('basic-auth/', names),
    ])
    for (const limit of [1, 2, 3, 5]) {
      const paged = await walk((cursor) => h.credentials.list(admin, { limit, cursor }))
      expect(paged.map((v) => `${v.type}/${v.name}`)).toEqual(full)
    }
  })

  it('a row created or deleted between pages neither repeats nor skips the others', async () => {
    await fill()
    const first = await h.credentials.list(admin, { type: 'basic-auth', limit: 3 })
    expect(first.items.map((v) => v.name)).toEqual(['Alpha', 'Bravo', 'charlie'])
    await h.credentials.create(admin, { type: 'basic-auth', name: 'aardvark', data: basicAuthData() })
    await h.credentials.delete(admin, first.items[2]!.id)
    const rest = await walk((cursor) =>
      h.credentials.list(admin, { type: 'basic-auth', limit: 2, cursor: cursor ?? first.nextCursor! }),
    )
    expect(rest.map((v) => v.name)).toEqual(['delta', 'echo', 'foxtrot', 'golf'])
  })

  it('options pages too, the default registry first on the first page only', async () => {
    await fill()
    const defaultName = 'reg-golf' // the first registry created: auto-promoted
    for (const limit of [1, 2, 4, 200]) {
      const paged = await walk((cursor) =>
        h.credentials.options(member, { type: 'container-registry', limit, cursor }),
      )
      expect(paged.map((o) => o.name)).toEqual([
        defaultName,
        ...names
          .map((n) => `reg-${n}`)
          .filter((n) => n !== defaultName)
          .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
      ])
    }
  })

  it('refuses a cursor it did not make, without echoing it', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('["nope","x","y"]').toString('base64url')]) {
      const error = await rejectionOf(h.credentials.list(admin, { cursor }))
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'options.cursor' })
      expect(String(error['message'])).not.toContain(cursor)
    }
  })
})

describe('the instance answers role questions with its own roles', () => {
  it('canManage and canReadAudit follow managerRoles and auditRoles', () => {
    const custom = createCredentials({
      storage: h.storage,
      regions: h.regions,
      keys: h.keys,
      managerRoles: ['manage-credentials'],
      auditRoles: ['security'],
    })
    const alias = { accountId: ACCOUNT, userId: 'u', roles: ['manage-credentials'] }
    expect(custom.canManage(alias)).toBe(true)
    expect(custom.canManage(admin)).toBe(false)
    expect(h.credentials.canManage(admin)).toBe(true)
    expect(h.credentials.canManage(alias)).toBe(false)
    expect(custom.canReadAudit({ ...member, roles: ['security'] })).toBe(true)
    expect(custom.canReadAudit(member)).toBe(false)
    expect(custom.canReadAudit(alias)).toBe(true)
    expect(h.credentials.canManage({ roles: ['admin'] })).toBe(false)
    expect(h.credentials.canManage(null)).toBe(false)
  })

  it('agrees with what the service enforces', async () => {
    for (const actor of [admin, member, actors.manager]) {
      const allowed = h.credentials.canManage(actor)
      const outcome = await h.credentials.list(actor).then(
        () => true,
        () => false,
      )
      expect(outcome).toBe(allowed)
    }
  })
})

describe('request bodies', () => {
  it('create and update take an unknown body (a parsed JSON request) without casts', async () => {
    const body: unknown = JSON.parse(
      JSON.stringify({ type: 'basic-auth', name: 'from-json', data: basicAuthData() }),
    )
    const made = await h.credentials.create(admin, body)
    const patch: unknown = JSON.parse('{"description":"set over HTTP"}')
    expect((await h.credentials.update(admin, made.id, patch)).description).toBe('set over HTTP')
  })
})
