import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_ISSUES } from '../src/errors.js'
import { ACCOUNT, actors, basicAuthData, rejectionOf, useHarness } from './harness.js'

const h = useHarness()
const { admin } = actors
const PASTED = 'AKIAIOSFODNN7PASTED'

type Issue = { path: Array<string | number>; message: string }
const issuesOf = (error: Record<string, unknown>) => error['issues'] as Issue[]

/** Checks a VALIDATION_FAILED is bounded: at most MAX_ISSUES issues and a short message. */
function expectBounded(error: Record<string, unknown>): void {
  expect(error).toMatchObject({ code: 'VALIDATION_FAILED' })
  expect(issuesOf(error).length).toBeLessThanOrEqual(MAX_ISSUES)
  expect(String(error['message']).length).toBeLessThanOrEqual(1100)
}

describe('actors', () => {
  it('accepts a session object as it is and ignores the fields credkit does not use', async () => {
    const session: Record<string, unknown> = {
      ...admin,
      email: 'ops@example.com',
      displayName: 'Ops\u0000', // not storable, but not used either
      token: { raw: PASTED, expiresAt: new Date() },
      permissions: new Map([['x', 1]]),
    }
    session['self'] = session
    const view = await h.credentials.create(session as never, {
      type: 'basic-auth',
      name: 'from-session',
      data: basicAuthData(),
    })
    expect((await h.credentials.list(session as never)).items.map((item) => item.id)).toEqual([view.id])
    expect(h.credentials.canManage(session)).toBe(true)
    expect(JSON.stringify(await h.reader.auditEvents(ACCOUNT))).not.toContain('ops@example.com')
  })

  it('caps the roles list: at most 100 roles of at most 64 characters', async () => {
    const fine = { ...admin, roles: ['admin', ...Array.from({ length: 99 }, () => 'r'.repeat(64))] }
    expect((await h.credentials.list(fine)).items).toEqual([])
    const many = { ...admin, roles: ['admin', ...Array.from({ length: 100 }, (_, i) => `role-${i}`)] }
    const tooMany = await rejectionOf(h.credentials.list(many))
    expect(tooMany).toMatchObject({ code: 'VALIDATION_FAILED', field: 'actor.roles' })
    expect(tooMany['message']).toContain('at most 100 roles')
    const long = await rejectionOf(h.credentials.list({ ...admin, roles: ['admin', 'x'.repeat(65)] }))
    expect(long).toMatchObject({ code: 'VALIDATION_FAILED', field: 'actor.roles[1]' })
    expect(h.credentials.canManage(many)).toBe(false)
  })
})

describe('names', () => {
  it('stores names in NFC, so NFC and NFD spellings of one name are the same name', async () => {
    const nfd = 'Cafe\u0301 proxy'
    const view = await h.credentials.create(admin, { type: 'basic-auth', name: nfd, data: basicAuthData() })
    expect(view.name).toBe('Caf\u00e9 proxy')
    const twin = await rejectionOf(
      h.credentials.create(admin, { type: 'basic-auth', name: 'CAF\u00c9 PROXY', data: basicAuthData() }),
    )
    expect(twin).toMatchObject({ code: 'CONFLICT', field: 'name' })
    const other = await h.credentials.create(admin, { type: 'basic-auth', name: 'o', data: basicAuthData() })
    const rename = await rejectionOf(h.credentials.update(admin, other.id, { name: 'CAFE\u0301 proxy' }))
    expect(rename).toMatchObject({ code: 'CONFLICT', field: 'name' })
  })

  it('counts the 64-character name limit and the 500-character description in code points', async () => {
    const emoji = '\u{1F511}'
    const view = await h.credentials.create(admin, {
      type: 'basic-auth',
      name: emoji.repeat(64),
      description: emoji.repeat(500),
      data: basicAuthData(),
    })
    expect(view.name).toBe(emoji.repeat(64))
    const name = await rejectionOf(
      h.credentials.create(admin, { type: 'basic-auth', name: emoji.repeat(65), data: basicAuthData() }),
    )
    expect(name).toMatchObject({ code: 'VALIDATION_FAILED', field: 'name' })
    const description = await rejectionOf(
      h.credentials.update(admin, view.id, { description: emoji.repeat(501) }),
    )
    expect(description).toMatchObject({ code: 'VALIDATION_FAILED', field: 'description' })
  })
})

describe('bounded VALIDATION_FAILED', () => {
  it('300,000 bad strings give 50 issues, the last counting the rest, not a RangeError', async () => {
    const bad = Array.from({ length: 300_000 }, () => 'x\u0000')
    const error = await rejectionOf(
      h.credentials.create(admin, { type: 'basic-auth', name: 'n', data: { username: bad, password: 'p' } }),
    )
    expectBounded(error)
    const issues = issuesOf(error)
    expect(issues).toHaveLength(MAX_ISSUES)
    expect(issues.at(-1)?.message).toMatch(/^and \d+ more issues not listed$/)
    expect(await h.reader.countCredentials(ACCOUNT)).toBe(0)
  })

  it('a 10 MB provider config object is refused like a 10 MB JSON string', async () => {
    const huge = { groupName: 'acme.example.com', solverName: 's', config: { blob: 'y'.repeat(10_000_000) } }
    for (const providerConfig of [huge, JSON.stringify(huge)]) {
      const error = await rejectionOf(
        h.credentials.create(admin, {
          type: 'acme-wildcard',
          name: 'big',
          data: { provider: 'webhook', commonName: '*.example.com', providerConfig },
        }),
      )
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'data.providerConfig' })
    }
  })

  it('adversarial bodies of many bad values always end in a bounded VALIDATION_FAILED', async () => {
    const badString = fc.constantFrom('\u0000', '\ud800', '<placeholder>', 'not a host', '')
    const many = fc
      .integer({ min: 0, max: 3000 })
      .chain((n) => fc.array(badString, { minLength: n, maxLength: n }))
    const body = fc.oneof(
      many.map((values) => ({ type: 'basic-auth', name: 'n', data: { username: values, password: values } })),
      many.map((values) => ({
        type: 'acme-wildcard',
        name: '\u0000',
        data: { provider: 'webhook', commonName: 'x', altNames: values, providerConfig: { config: values } },
      })),
      many.map((values) => ({
        type: 'container-registry',
        name: values.join(''),
        data: Object.fromEntries(values.map((value, i) => [`${PASTED}${i}`, value])),
      })),
    )
    await fc.assert(
      fc.asyncProperty(body, async (input) => {
        const error = await rejectionOf(h.credentials.create(admin, input as never))
        expectBounded(error)
        expect(JSON.stringify(error)).not.toContain(PASTED)
      }),
      { numRuns: 40 },
    )
  })
})

describe('unknown fields', () => {
  it('are counted, never named, and the allowed fields are listed', async () => {
    const data = { ...basicAuthData(), [PASTED]: 'x' }
    const body = await rejectionOf(h.credentials.create(admin, { type: 'basic-auth', name: 'n', data }))
    expect(issuesOf(body)).toEqual([
      { path: ['data'], message: 'has a field that is not part of this shape (allowed: username, password)' },
    ])
    const shell = await rejectionOf(
      h.credentials.create(admin, {
        type: 'basic-auth',
        name: 'n',
        data: basicAuthData(),
        [PASTED]: 1,
      } as never),
    )
    expect(issuesOf(shell)).toEqual([
      {
        path: [],
        message:
          'has a field that is not part of this shape (allowed: type, name, description, data, isDefault)',
      },
    ])
    const gate = await h.credentials.create(admin, { type: 'basic-auth', name: 'g', data: basicAuthData() })
    const update = await rejectionOf(h.credentials.update(admin, gate.id, { [PASTED]: 1, b: 2 }))
    expect(issuesOf(update)[0]?.message).toBe(
      'has 2 fields that are not part of this shape (allowed: name, description, expectedVersion, data, isDefault)',
    )
    const options = await rejectionOf(h.credentials.list(admin, { [PASTED]: 1 } as never))
    expect(issuesOf(options)[0]).toMatchObject({ path: ['options'] })
    expect(issuesOf(options)[0]?.message).toMatch(
      /^has a field that is not part of this shape \(allowed: .*limit/,
    )
    for (const error of [body, shell, update, options]) {
      expect(JSON.stringify(error) + String(error['message'])).not.toContain(PASTED)
    }
  })

  it('in an ACME provider config, a pasted key is neither in the path nor in the message', async () => {
    const error = await rejectionOf(
      h.credentials.create(admin, {
        type: 'acme-wildcard',
        name: 'acme',
        data: {
          provider: 'cloudflare',
          commonName: '*.example.com',
          providerConfig: { apiToken: 'cf-token', [PASTED]: 'x' },
        },
      }),
    )
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'data.providerConfig' })
    expect(JSON.stringify(error) + String(error['message'])).not.toContain(PASTED)
  })
})
