import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCredentialsError } from '../src/errors.js'
import { actors, basicAuthData, registryData, useHarness } from './harness.js'

const h = useHarness()

/** Entry points that take input from a platform's HTTP handlers, by name. */
const entryPoints = [
  'create',
  'update',
  'delete',
  'setDefault',
  'get',
  'list',
  'reveal',
  'options',
  'resolveRegistry',
  'matchCertificates',
  'expiringCertificates',
  'attach',
  'detach',
  'references',
  'auditLog',
  'verifyAuditChain',
  'syncNow',
  'prepareRegion',
] as const

const argument = fc.oneof(
  fc.anything(),
  fc.constantFrom(actors.admin, actors.member, actors.outsider, null, undefined, 'eu-1', {}),
)

describe('every entry point, any arguments', () => {
  it('resolves or rejects with a CredentialsError, never another error', async () => {
    await h.credentials.create(actors.admin, { type: 'container-registry', name: 'r', data: registryData() })
    const gate = await h.credentials.create(actors.admin, {
      type: 'basic-auth',
      name: 'g',
      data: basicAuthData(),
    })
    const ids = fc.constantFrom(gate.id, 'missing-id')
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...entryPoints),
        fc.array(fc.oneof(argument, ids), { maxLength: 4 }),
        async (name, args) => {
          const call = h.credentials[name] as (...a: unknown[]) => Promise<unknown>
          try {
            await call(...args)
          } catch (error) {
            expect(isCredentialsError(error), `${name} threw ${String(error)}`).toBe(true)
          }
        },
      ),
      { numRuns: 600 },
    )
  })
})
