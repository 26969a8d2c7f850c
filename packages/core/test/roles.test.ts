import { describe, expect, it } from 'vitest'
import { canManage } from '../src/roles/roles.js'
import { ACCOUNT, actors, basicAuthData, registryData, rejectionOf, useHarness } from './harness.js'

const h = useHarness()

type Actor = (typeof actors)[keyof typeof actors]
type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND'

/** Every entry point taking an actor, called on a credential of ACCOUNT. */
const operations: Record<
  string,
  (actor: Actor, ids: { registry: string; gate: string }) => Promise<unknown>
> = {
  create: (a) =>
    h.credentials.create(a, { type: 'basic-auth', name: `new-${a.userId}`, data: basicAuthData() }),
  update: (a, ids) => h.credentials.update(a, ids.gate, { description: `by ${a.userId}` }),
  delete: (a, ids) => h.credentials.delete(a, ids.gate),
  setDefault: (a, ids) => h.credentials.setDefault(a, ids.registry),
  get: (a, ids) => h.credentials.get(a, ids.gate),
  list: (a) => h.credentials.list(a),
  reveal: (a, ids) => h.credentials.reveal(a, ids.gate),
  auditLog: (a) => h.credentials.auditLog(a),
  options: (a) => h.credentials.options(a, { type: 'basic-auth' }),
  resolveRegistry: (a, ids) =>
    h.credentials.resolveRegistry(a, { purpose: 'runtime', selectedId: ids.registry }),
}

/** Expected outcome per operation for member / other account (admin and manager: always ok). */
const expected: Record<string, { member: Outcome; outsider: Outcome }> = {
  create: { member: 'FORBIDDEN', outsider: 'ok' },
  update: { member: 'FORBIDDEN', outsider: 'NOT_FOUND' },
  delete: { member: 'FORBIDDEN', outsider: 'NOT_FOUND' },
  setDefault: { member: 'FORBIDDEN', outsider: 'NOT_FOUND' },
  get: { member: 'FORBIDDEN', outsider: 'NOT_FOUND' },
  list: { member: 'FORBIDDEN', outsider: 'ok' },
  reveal: { member: 'FORBIDDEN', outsider: 'NOT_FOUND' },
  auditLog: { member: 'FORBIDDEN', outsider: 'ok' },
  options: { member: 'ok', outsider: 'ok' },
  resolveRegistry: { member: 'ok', outsider: 'NOT_FOUND' },
}

async function outcome(promise: Promise<unknown>): Promise<Outcome | string> {
  try {
    await promise
    return 'ok'
  } catch (error) {
    return (error as { code?: string }).code ?? String(error)
  }
}

describe('role matrix', () => {
  for (const [name, call] of Object.entries(operations)) {
    for (const role of ['admin', 'manager', 'member', 'outsider'] as const) {
      const want = role === 'admin' || role === 'manager' ? 'ok' : expected[name]![role]
      it(`${name} as ${role}: ${want}`, async () => {
        const registry = await h.credentials.create(actors.admin, {
          type: 'container-registry',
          name: 'r',
          data: registryData(),
        })
        await h.credentials.create(actors.admin, {
          type: 'container-registry',
          name: 'r2',
          data: registryData(),
        })
        const gate = await h.credentials.create(actors.admin, {
          type: 'basic-auth',
          name: 'g',
          data: basicAuthData(),
        })
        const before = await h.reader.auditEvents(ACCOUNT)
        expect(await outcome(call(actors[role], { registry: registry.id, gate: gate.id }))).toBe(want)
        if (want !== 'ok') {
          // a refused call changes nothing and writes no audit event
          expect(await h.reader.auditEvents(ACCOUNT)).toEqual(before)
          expect(await h.reader.credential(gate.id)).toMatchObject({ version: 1 })
        }
      })
    }
  }

  it('canManage follows the configured manager roles, aliases included', () => {
    expect(canManage(actors.admin)).toBe(true)
    expect(canManage(actors.manager)).toBe(true)
    expect(canManage(actors.member)).toBe(false)
    expect(canManage({ roles: ['manage-credentials'] }, ['admin', 'manage-credentials'])).toBe(true)
  })

  it('a forbidden call gives no hint whether the id exists', async () => {
    const gate = await h.credentials.create(actors.admin, {
      type: 'basic-auth',
      name: 'g',
      data: basicAuthData(),
    })
    const existing = await rejectionOf(h.credentials.get(actors.member, gate.id))
    const missing = await rejectionOf(h.credentials.get(actors.member, 'no-such-id'))
    expect(existing.message).toBe(missing.message)
    const foreign = await rejectionOf(h.credentials.get(actors.outsider, gate.id))
    const absent = await rejectionOf(h.credentials.get(actors.outsider, 'no-such-id'))
    expect(foreign.message).toBe(absent.message)
    expect(foreign.code).toBe('NOT_FOUND')
  })
})
