import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCredentialsError } from '../src/errors.js'
import { ACCOUNT, actors, basicAuthData, registryData, rejectionOf, useHarness } from './harness.js'

const h = useHarness()
const { admin } = actors
const ECHO = 'ECHO-7f3a9'

const badCreates: Array<[string, unknown, string]> = [
  ['missing name', { type: 'basic-auth', data: basicAuthData() }, 'name'],
  ['empty name', { type: 'basic-auth', name: '   ', data: basicAuthData() }, 'name'],
  ['long name', { type: 'basic-auth', name: `${ECHO}${'x'.repeat(70)}`, data: basicAuthData() }, 'name'],
  ['control char in name', { type: 'basic-auth', name: `a\u0007${ECHO}`, data: basicAuthData() }, 'name'],
  ['unknown type', { type: `${ECHO}-type`, name: 'n', data: {} }, 'type'],
  [
    'bad server',
    { type: 'container-registry', name: 'n', data: registryData({ server: `not a host ${ECHO}` }) },
    'data.server',
  ],
  [
    'ftp server',
    { type: 'container-registry', name: 'n', data: registryData({ server: `ftp://${ECHO}.io` }) },
    'data.server',
  ],
  [
    'bad email',
    { type: 'container-registry', name: 'n', data: registryData({ email: `${ECHO}-at-nowhere` }) },
    'data.email',
  ],
  [
    'empty password',
    { type: 'container-registry', name: 'n', data: registryData({ password: '' }) },
    'data.password',
  ],
  [
    'colon in basic-auth user',
    { type: 'basic-auth', name: 'n', data: basicAuthData({ username: `a:${ECHO}` }) },
    'data.username',
  ],
  [
    'unknown data field',
    { type: 'basic-auth', name: 'n', data: { ...basicAuthData(), token: ECHO } },
    'data',
  ],
  [
    'number as password',
    { type: 'basic-auth', name: 'n', data: { username: 'u', password: 12345678 } },
    'data.password',
  ],
  ['data missing', { type: 'basic-auth', name: 'n' }, 'data'],
]

describe('bad input', () => {
  for (const [label, input, field] of badCreates) {
    it(`${label}: VALIDATION_FAILED on ${field}, value not echoed, nothing written`, async () => {
      const error = await rejectionOf(h.credentials.create(admin, input as never))
      expect(isCredentialsError(error, 'VALIDATION_FAILED')).toBe(true)
      const issues = error.issues as Array<{ path: Array<string | number>; message: string }>
      expect(issues.length).toBeGreaterThan(0)
      expect(issues.map((i) => i.path.join('.'))).toContain(field)
      const serialised = JSON.stringify(error) + String(error.message)
      expect(serialised).not.toContain(ECHO)
      expect(serialised).not.toContain('s3cr3t')
      expect(await h.reader.countCredentials(ACCOUNT)).toBe(0)
      expect(await h.reader.auditEvents(ACCOUNT)).toEqual([])
    })
  }

  it('lists every issue, not only the first', async () => {
    const error = await rejectionOf(
      h.credentials.create(admin, {
        type: 'container-registry',
        name: '',
        data: { server: '', username: '' },
      } as never),
    )
    const paths = (error.issues as Array<{ path: unknown[] }>).map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['name', 'data.server', 'data.username', 'data.password']))
  })

  it('rejects a malformed actor with VALIDATION_FAILED on actor', async () => {
    for (const actor of [
      null,
      {},
      { accountId: ACCOUNT, userId: '', roles: [] },
      { ...admin, roles: 'admin' },
    ]) {
      const error = await rejectionOf(h.credentials.list(actor as never))
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' })
      expect((error.issues as Array<{ path: unknown[] }>)[0]?.path[0]).toBe('actor')
    }
  })

  it('a bad update changes nothing', async () => {
    const gate = await h.credentials.create(admin, { type: 'basic-auth', name: 'g', data: basicAuthData() })
    const before = await h.reader.dump()
    for (const patch of [
      { name: '' },
      { data: { username: 'a:b' } },
      { data: { password: '' } },
      { isDefault: 'yes' },
    ]) {
      expect(await rejectionOf(h.credentials.update(admin, gate.id, patch as never))).toMatchObject({
        code: 'VALIDATION_FAILED',
      })
    }
    expect(await h.reader.dump()).toBe(before)
  })

  it('any input whatsoever ends in a view or a VALIDATION_FAILED, never another error', async () => {
    const anyBody = fc.oneof(
      fc.anything(),
      fc.record({
        type: fc.constantFrom(
          'container-registry',
          'basic-auth',
          'tls-certificate',
          'acme-wildcard',
          'other',
        ),
        name: fc.string(),
        data: fc.oneof(
          fc.anything(),
          fc.dictionary(fc.constantFrom('server', 'username', 'password', 'email'), fc.string()),
        ),
      }),
    )
    await fc.assert(
      fc.asyncProperty(anyBody, async (input) => {
        try {
          await h.credentials.create(admin, input as never)
        } catch (error) {
          expect(
            isCredentialsError(error, 'VALIDATION_FAILED') || isCredentialsError(error, 'CONFLICT'),
          ).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })
})
