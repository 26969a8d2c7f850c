import { VALID_CONFIGS } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { acmeTemplate } from './templates.js'
import { AcmeWildcardData, AcmeWildcardUpdate, acmeHostNames, acmeWildcardUpdateFor } from './wildcard.js'

const paths = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? []

describe('AcmeWildcardData', () => {
  it('parses names, defaults and a JSON string config', () => {
    const data = AcmeWildcardData.parse({
      provider: 'cloudflare',
      commonName: '*.Bücher.example.',
      providerConfig: JSON.stringify(VALID_CONFIGS.cloudflare),
    })
    expect(data).toEqual({
      provider: 'cloudflare',
      commonName: '*.xn--bcher-kva.example',
      altNames: [],
      providerConfig: VALID_CONFIGS.cloudflare,
    })
  })

  it('refuses bad JSON with a clear message', () => {
    const result = AcmeWildcardData.safeParse({
      provider: 'route53',
      commonName: '*.example.com',
      providerConfig: '{"a":',
    })
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['providerConfig'], message: 'must be a JSON object' }),
    ])
  })

  it('refuses the untouched template with paths under providerConfig', () => {
    const result = AcmeWildcardData.safeParse({
      provider: 'cloudflare',
      commonName: '*.example.com',
      providerConfig: acmeTemplate('cloudflare'),
    })
    expect(paths(result)).toEqual(['providerConfig.apiToken'])
  })

  it('reports every field at once, config included', () => {
    const result = AcmeWildcardData.safeParse({
      provider: 'azure-dns',
      commonName: 'f*.example.com',
      altNames: ['ok.example.com', 'a.*.example.com'],
      email: 'not-an-email',
      providerConfig: VALID_CONFIGS.route53,
    })
    expect(paths(result)).toEqual(
      expect.arrayContaining([
        'commonName',
        'altNames.1',
        'email',
        'providerConfig',
        'providerConfig.subscriptionID',
      ]),
    )
  })

  it('requires provider, commonName and providerConfig', () => {
    expect(paths(AcmeWildcardData.safeParse({}))).toEqual(['provider', 'commonName', 'providerConfig'])
    expect(
      paths(AcmeWildcardData.safeParse({ provider: 'dyn', commonName: 'x.com', providerConfig: {} })),
    ).toEqual(['provider'])
  })
})

describe('AcmeWildcardUpdate', () => {
  it('accepts an empty update and keeps the stored config when it is left out', () => {
    expect(AcmeWildcardUpdate.parse({})).toEqual({})
    expect(AcmeWildcardUpdate.parse({ altNames: ['A.example.com'] })).toEqual({ altNames: ['a.example.com'] })
  })

  it('requires a config when the provider changes', () => {
    expect(paths(AcmeWildcardUpdate.safeParse({ provider: 'route53' }))).toEqual(['providerConfig'])
    expect(paths(acmeWildcardUpdateFor('cloudflare').safeParse({ provider: 'route53' }))).toEqual([
      'providerConfig',
    ])
    expect(acmeWildcardUpdateFor('route53').safeParse({ provider: 'route53' }).success).toBe(true)
  })

  it('validates a new config against the new or the stored provider', () => {
    expect(
      AcmeWildcardUpdate.safeParse({ provider: 'route53', providerConfig: VALID_CONFIGS.route53 }).success,
    ).toBe(true)
    expect(
      acmeWildcardUpdateFor('route53').safeParse({ providerConfig: VALID_CONFIGS.route53 }).success,
    ).toBe(true)
    expect(
      paths(acmeWildcardUpdateFor('cloudflare').safeParse({ providerConfig: VALID_CONFIGS.route53 })),
    ).toEqual(['providerConfig'])
  })

  it('without a stored provider, checks a lone config for JSON and placeholders only', () => {
    expect(AcmeWildcardUpdate.safeParse({ providerConfig: { anything: 1 } }).success).toBe(true)
    expect(paths(AcmeWildcardUpdate.safeParse({ providerConfig: acmeTemplate('webhook') }))).toEqual([
      'providerConfig.groupName',
      'providerConfig.solverName',
    ])
  })
})

describe('acmeHostNames', () => {
  it('normalises and dedupes the common name and alt names', () => {
    expect(
      acmeHostNames({ commonName: '*.Example.com', altNames: ['example.com', '*.example.com.'] }),
    ).toEqual(['*.example.com', 'example.com'])
  })
})
