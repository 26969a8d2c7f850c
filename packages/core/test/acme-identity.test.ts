import { createMemoryRegions, createMemoryStorage } from '@credkit/memory'
import { fillTemplate, SERVICE_ACCOUNT, VALID_CONFIGS } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { acmeTemplate } from '../src/acme/templates.js'
import { createLocalKeyring, generateKey } from '../src/crypto/index.js'
import type { AcmeOptions } from '../src/index.js'
import { createCredentials } from '../src/service/create-credentials.js'
import { actors, manualClock, rejectionOf, useHarness } from './harness.js'

const h = useHarness()
const { admin } = actors

/** A second instance on its own memory state, built with `acme` options. */
function instance(acme: AcmeOptions) {
  const clock = manualClock()
  return createCredentials({
    storage: createMemoryStorage(),
    regions: createMemoryRegions({ regions: ['eu-1'], clock }),
    keys: createLocalKeyring({ keys: { k1: generateKey() }, primary: 'k1' }),
    clock,
    acme,
  })
}

const { tenantID, clientID, clientSecret, ...azureZone } = VALID_CONFIGS['azure-dns']

/** Configs that would run on the platform's own cloud identity, and the field each is refused on. */
const AMBIENT: Array<[string, 'route53' | 'azure-dns' | 'cloud-dns', Record<string, unknown>, string]> = [
  ['route53 without keys', 'route53', { region: 'eu-west-1' }, 'accessKeyID'],
  [
    'route53 with only a role',
    'route53',
    { region: 'eu-west-1', role: 'arn:aws:iam::123456789012:role/dns' },
    'accessKeyID',
  ],
  [
    'azure-dns with a managed identity',
    'azure-dns',
    { ...azureZone, managedIdentity: { clientID } },
    'managedIdentity',
  ],
  ['azure-dns without a service principal', 'azure-dns', azureZone, 'tenantID'],
  ['cloud-dns without a key (workload identity)', 'cloud-dns', { project: 'my-project' }, 'serviceAccount'],
]

function acmeBody(provider: string, providerConfig: unknown) {
  return {
    type: 'acme-wildcard',
    name: `acme-${provider}`,
    data: { provider, commonName: '*.example.com', providerConfig },
  } as const
}

describe('ACME configs that borrow the platform identity', () => {
  it.each(AMBIENT)('%s is refused by default, naming the field', async (_label, provider, config, field) => {
    const error = await rejectionOf(h.credentials.create(admin, acmeBody(provider, config) as never))
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' })
    const paths = (error['issues'] as Array<{ path: unknown[] }>).map((issue) => issue.path.join('.'))
    expect(paths).toContain(`data.providerConfig.${field}`)
    expect(String(error['message'])).toContain('acme.allowAmbientCredentials')
  })

  it.each(AMBIENT)('%s is accepted with acme.allowAmbientCredentials', async (_label, provider, config) => {
    const view = await instance({ allowAmbientCredentials: true }).create(
      admin,
      acmeBody(provider, config) as never,
    )
    expect(view.type).toBe('acme-wildcard')
  })

  it('an update to an ambient config is refused by default too', async () => {
    const view = await h.credentials.create(admin, acmeBody('route53', VALID_CONFIGS.route53) as never)
    const error = await rejectionOf(
      h.credentials.update(admin, view.id, { data: { providerConfig: { region: 'eu-west-1' } } }),
    )
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'data.providerConfig.accessKeyID' })
  })

  it.each(['route53', 'azure-dns', 'cloud-dns', 'cloudflare', 'webhook'] as const)(
    'the %s template, filled in, passes the default rule',
    async (provider) => {
      const config = fillTemplate(acmeTemplate(provider), VALID_CONFIGS[provider])
      const view = await h.credentials.create(admin, acmeBody(provider, JSON.stringify(config)) as never)
      expect(view.type).toBe('acme-wildcard')
    },
  )

  it('with credentials of their own, every provider passes the default rule', async () => {
    const withKey = { ...azureZone, tenantID, clientID, clientSecret }
    await h.credentials.create(admin, acmeBody('azure-dns', withKey) as never)
    await h.credentials.create(
      admin,
      acmeBody('cloud-dns', { project: 'p', serviceAccount: SERVICE_ACCOUNT }) as never,
    )
    const route53 = { ...VALID_CONFIGS.route53, role: 'arn:aws:iam::123456789012:role/dns' }
    await h.credentials.create(admin, acmeBody('route53', route53) as never)
  })
})

describe('provider configs JSON cannot hold', () => {
  it('a bigint, a class instance, a cycle or 40 levels of nesting is a VALIDATION_FAILED', async () => {
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    let deep: unknown = 'leaf'
    for (let level = 0; level < 40; level++) deep = { next: deep }
    for (const value of [10n, new Date(0), cyclic, deep]) {
      const config = { groupName: 'acme.example.com', solverName: 's', config: { value } }
      const error = await rejectionOf(h.credentials.create(admin, acmeBody('webhook', config) as never))
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'data.providerConfig' })
    }
  })
})
