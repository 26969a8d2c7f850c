import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, signIn, startTestPlatform, type TestPlatform } from './support/platform.js'

const registry = (name: string, password = 'pw-API-SECRET') => ({
  type: 'container-registry',
  name,
  data: { server: 'ghcr.io', username: 'bot', password },
})

describe('the JSON API', () => {
  let platform: TestPlatform
  let admin: Client
  let manager: Client
  let member: Client
  let auditor: Client
  let otherAdmin: Client
  let registryId: string

  beforeAll(async () => {
    platform = await startTestPlatform()
    ;[admin, manager, member, auditor, otherAdmin] = (await Promise.all(
      ['alice', 'carol', 'bob', 'dana', 'gina'].map((user) => signIn(platform.url, user)),
    )) as [Client, Client, Client, Client, Client]
    const created = await admin.call('POST', '/credentials', registry('GHCR'))
    expect(created.status).toBe(201)
    registryId = created.body.id
  })
  afterAll(() => platform?.close())

  it('answers 401 without a session, for every signed-in endpoint', async () => {
    for (const path of [
      '/credentials',
      '/audit',
      '/options?type=basic-auth',
      '/apps',
      '/hosts',
      '/session',
    ]) {
      const response = await fetch(`${platform.url}/api${path}`)
      expect(response.status, path).toBe(401)
    }
  })

  it('says in the session what the UI may show, per role', async () => {
    const roles = await Promise.all([admin, manager, member, auditor].map((c) => c.call('GET', '/session')))
    expect(roles.map((r) => [r.body.user.role, r.body.canManage, r.body.canReadAudit])).toEqual([
      ['admin', true, true],
      ['credentials-manager', true, true],
      ['member', false, false],
      ['auditor', false, true],
    ])
  })

  it('lets managers manage, and answers 403 to a member on every manager endpoint', async () => {
    expect((await manager.call('POST', '/credentials', registry('Carol registry'))).status).toBe(201)
    const forbidden = [
      ['GET', '/credentials'],
      ['POST', '/credentials', registry('Bob registry')],
      ['GET', `/credentials/${registryId}`],
      ['PATCH', `/credentials/${registryId}`, { description: 'x' }],
      ['DELETE', `/credentials/${registryId}`],
      ['POST', `/credentials/${registryId}/default`, {}],
      ['POST', `/credentials/${registryId}/sync`, {}],
      ['POST', `/credentials/${registryId}/reveal`, {}],
      ['GET', `/credentials/${registryId}/history`],
      ['POST', `/credentials/${registryId}/rollback`, { toVersion: 1 }],
      ['GET', '/deleted-credentials'],
      ['POST', `/deleted-credentials/${registryId}/restore`, {}],
      ['DELETE', `/deleted-credentials/${registryId}`],
      ['GET', '/audit'],
      ['POST', '/certificates/parse', { certificate: 'x' }],
      ['GET', '/acme-templates/cloudflare'],
    ] as const
    for (const [method, path, body] of forbidden) {
      const response = await member.call(method, path, body)
      expect(response.status, `${method} ${path}`).toBe(403)
      expect(response.body.code).toBe('FORBIDDEN')
    }
    // An auditor reads the audit log but does not manage.
    expect((await auditor.call('GET', '/audit')).status).toBe(200)
    expect((await auditor.call('GET', '/credentials')).status).toBe(403)
  })

  it('gives a member the pickers, without secrets', async () => {
    const options = await member.call('GET', '/options?type=container-registry')
    expect(options.status).toBe(200)
    expect(options.body.items.map((o: { name: string }) => o.name)).toContain('GHCR')
    expect(JSON.stringify(options.body)).not.toContain('pw-API-SECRET')
    const app = await member.call('GET', '/apps/storefront')
    expect(app.body.resolved.runtime).toMatchObject({ source: 'default', credential: { name: 'GHCR' } })
    expect(app.body.resolved.build).toEqual({ credential: null, source: 'none' })
  })

  it("answers 404 for another account's credential, the same as for an id that does not exist", async () => {
    for (const [method, path, body] of [
      ['GET', `/credentials/${registryId}`],
      ['PATCH', `/credentials/${registryId}`, { description: 'taken over' }],
      ['DELETE', `/credentials/${registryId}`],
      ['POST', `/credentials/${registryId}/reveal`, {}],
      ['POST', `/credentials/${registryId}/sync`, {}],
    ] as const) {
      const response = await otherAdmin.call(method, path, body)
      expect(response.status, `${method} ${path}`).toBe(404)
      expect(response.body.code).toBe('NOT_FOUND')
      const missing = await otherAdmin.call(method, path.replace(registryId, crypto.randomUUID()), body)
      expect(missing.status).toBe(404)
    }
    expect((await otherAdmin.call('GET', '/credentials')).body.items).toEqual([])
    // Nor can it point its own app at it.
    const select = await otherAdmin.call('PUT', '/apps/billing', { runtimePull: registryId })
    expect(select.status).toBe(404)
    expect((await admin.call('GET', `/credentials/${registryId}`)).body.description).toBeNull()
  })

  it('answers bad input with 400 and field issues, and stores nothing', async () => {
    const before = await admin.call('GET', '/credentials')
    const auditBefore = await admin.call('GET', '/audit')
    const response = await admin.call('POST', '/credentials', {
      type: 'container-registry',
      name: '',
      data: { server: 'docker.io', username: 'acme', password: 'pw-BAD-INPUT-SECRET' },
    })
    expect(response.status).toBe(400)
    expect(response.body.code).toBe('VALIDATION_FAILED')
    expect(response.body.issues).toEqual([
      { path: ['name'], message: expect.any(String) },
      { path: ['data', 'email'], message: 'is required for Docker Hub' },
    ])
    expect(JSON.stringify(response.body)).not.toContain('pw-BAD-INPUT-SECRET')

    const notJson = await admin.call('POST', '/credentials', '{"type": ')
    expect(notJson.status).toBe(400)
    expect(notJson.body.issues).toEqual([{ path: [], message: 'expected a JSON body' }])
    const badType = await admin.call('POST', '/credentials', { type: 'ssh-key', name: 'x', data: {} })
    expect(badType.status).toBe(400)
    expect(badType.body.issues[0].path).toEqual(['type'])
    const badSelect = await admin.call('PUT', '/apps/storefront', { runtimePull: 42 })
    expect(badSelect.status).toBe(400)
    expect(badSelect.body.issues).toEqual([{ path: ['runtimePull'], message: expect.any(String) }])
    const badHost = await admin.call('PUT', '/hosts', { host: 'not a host', certificateId: null })
    expect(badHost.status).toBe(400)
    expect(badHost.body.issues[0].path).toEqual(['host'])

    expect((await admin.call('GET', '/credentials')).body).toEqual(before.body)
    expect((await admin.call('GET', '/audit')).body.events).toEqual(auditBefore.body.events)
    expect((await admin.call('GET', '/hosts')).body.items).toEqual([])
  })

  it('maps conflicts and in-use refusals to 409 with what the UI needs', async () => {
    const duplicate = await admin.call('POST', '/credentials', registry('ghcr'))
    expect(duplicate.status).toBe(409)
    expect(duplicate.body).toMatchObject({ code: 'CONFLICT', field: 'name' })

    const first = { description: 'first writer', expectedVersion: 1 }
    expect((await admin.call('PATCH', `/credentials/${registryId}`, first)).status).toBe(200)
    const second = { description: 'second writer', expectedVersion: 1 }
    const stale = await manager.call('PATCH', `/credentials/${registryId}`, second)
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({ code: 'CONFLICT', currentVersion: 2 })
    expect((await admin.call('GET', `/credentials/${registryId}`)).body.description).toBe('first writer')

    expect((await member.call('PUT', '/apps/storefront', { buildPull: registryId })).status).toBe(200)
    const inUse = await admin.call('DELETE', `/credentials/${registryId}`)
    expect(inUse.status).toBe(409)
    expect(inUse.body).toMatchObject({
      code: 'IN_USE',
      references: [{ kind: 'app', id: 'storefront', purpose: 'build-pull' }],
    })
    // Unselecting releases it.
    expect((await member.call('PUT', '/apps/storefront', { buildPull: null })).status).toBe(200)
    expect((await admin.call('DELETE', `/credentials/${registryId}`)).status).toBe(204)
  })

  it('sends a secret only from reveal, and audits the reveal', async () => {
    const created = await admin.call('POST', '/credentials', {
      type: 'basic-auth',
      name: 'Gate',
      data: { username: 'u', password: 'pw-REVEAL-SECRET' },
    })
    expect(JSON.stringify(created.body)).not.toContain('pw-REVEAL-SECRET')
    expect(JSON.stringify((await admin.call('GET', '/credentials')).body)).not.toContain('pw-REVEAL-SECRET')
    const revealed = await admin.call('POST', `/credentials/${created.body.id}/reveal`, {})
    expect(revealed.body).toEqual({ type: 'basic-auth', fields: { password: 'pw-REVEAL-SECRET' } })
    const audit = await admin.call('GET', '/audit')
    // The sync worker runs meanwhile and may audit its push after the reveal: look the reveal up.
    const events = audit.body.events as Array<{ action: string }>
    expect(events.find((e) => e.action === 'credential.revealed')).toMatchObject({
      actor: { userId: 'alice' },
    })
    expect(JSON.stringify(audit.body)).not.toContain('pw-REVEAL-SECRET')
  })

  it('lists versions and rolls one back; a deleted credential is listed, restored or purged', async () => {
    const created = await admin.call('POST', '/credentials', {
      type: 'basic-auth',
      name: 'Lifecycle',
      data: { username: 'u', password: 'pw-LIFECYCLE-1' },
    })
    const id = created.body.id as string
    await admin.call('PATCH', `/credentials/${id}`, { data: { password: 'pw-LIFECYCLE-2' } })
    const history = await admin.call('GET', `/credentials/${id}/history`)
    expect(
      history.body.items.map((e: { version: number; fields: string[] }) => [e.version, e.fields]),
    ).toEqual([
      [2, ['data.password']],
      [1, ['name', 'data.password', 'data.username']],
    ])
    expect(JSON.stringify(history.body)).not.toContain('pw-LIFECYCLE')
    const stale = await admin.call('POST', `/credentials/${id}/rollback`, {
      toVersion: 1,
      expectedVersion: 1,
    })
    expect(stale).toMatchObject({ status: 409, body: { code: 'CONFLICT', currentVersion: 2 } })
    const rolled = await admin.call('POST', `/credentials/${id}/rollback`, {
      toVersion: 1,
      expectedVersion: 2,
    })
    expect(rolled).toMatchObject({ status: 200, body: { version: 3 } })
    const revealed = await admin.call('POST', `/credentials/${id}/reveal`, {})
    expect(revealed.body.fields.password).toBe('pw-LIFECYCLE-1')

    expect((await admin.call('DELETE', `/credentials/${id}`)).status).toBe(204)
    expect((await admin.call('GET', `/credentials/${id}`)).status).toBe(404)
    const deleted = await admin.call('GET', '/deleted-credentials')
    // The registry an earlier test deleted is there too, restorable.
    expect(deleted.body.items.map((v: { name: string }) => v.name)).toEqual(['GHCR', 'Lifecycle'])
    expect(deleted.body.items[1]).toMatchObject({ id, deletedBy: 'alice', version: 3 })
    expect((await otherAdmin.call('POST', `/deleted-credentials/${id}/restore`, {})).status).toBe(404)
    const restored = await manager.call('POST', `/deleted-credentials/${id}/restore`, { name: 'Lifecycle 2' })
    expect(restored).toMatchObject({ status: 200, body: { name: 'Lifecycle 2', version: 4 } })
    expect((await admin.call('DELETE', `/deleted-credentials/${id}`)).status).toBe(404)
    expect((await admin.call('DELETE', `/credentials/${id}`)).status).toBe(204)
    expect((await admin.call('DELETE', `/deleted-credentials/${id}`)).status).toBe(204)
    expect(
      (await admin.call('GET', '/deleted-credentials')).body.items.map((v: { id: string }) => v.id),
    ).not.toContain(id)
    const actions = (await admin.call('GET', '/audit')).body.events.map((e: { action: string }) => e.action)
    for (const action of ['credential.rolled-back', 'credential.restored', 'credential.purged']) {
      expect(actions).toContain(action)
    }
  })
})
