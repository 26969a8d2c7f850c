import { describe, expect, it } from 'vitest'
import { acmeProviderConfig } from './provider-config.js'
import { ACME_PROVIDERS, type AcmeProvider } from './providers.js'
import { SERVICE_ACCOUNT, VALID_CONFIGS } from './test-values.js'

/** `path: message` of each issue, or 'ok'. */
function issuesOf(provider: AcmeProvider, config: unknown): string[] | 'ok' {
  const result = acmeProviderConfig(provider).safeParse(config)
  if (result.success) return 'ok'
  const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
  for (const issue of issues) expect(issue).not.toContain('SECRETVALUE')
  return issues
}

describe('provider configs', () => {
  it.each(ACME_PROVIDERS)('accepts a valid %s config, as an object or a JSON string', (provider) => {
    expect(issuesOf(provider, VALID_CONFIGS[provider])).toBe('ok')
    expect(issuesOf(provider, JSON.stringify(VALID_CONFIGS[provider]))).toBe('ok')
  })

  it.each(ACME_PROVIDERS)('refuses a %s config that is not a JSON object', (provider) => {
    for (const config of ['{not json', '[1,2]', '"text"', 'null', 42, null, ['a']]) {
      expect(issuesOf(provider, config)).toEqual([': must be a JSON object'])
    }
  })

  it.each(ACME_PROVIDERS.flatMap((p) => ACME_PROVIDERS.filter((q) => q !== p).map((q) => [p, q] as const)))(
    'refuses a %s config given the %s config',
    (provider, other) => {
      const issues = issuesOf(provider, VALID_CONFIGS[other])
      expect(issues).not.toBe('ok')
      expect(issues).toContainEqual(expect.stringContaining(`is not a field of the ${provider} config`))
    },
  )

  it('names identifier-like unknown fields in the path only', () => {
    const issues = issuesOf('cloudflare', { apiToken: 't', hostedZoneID: 'SECRETVALUE', 'bad key!': 1 })
    expect(issues).toEqual([
      'hostedZoneID: is not a field of the cloudflare config (allowed: apiToken, email, apiKey)',
      ': is not a field of the cloudflare config (allowed: apiToken, email, apiKey)',
    ])
  })

  it('checks the cloudflare credential forms', () => {
    expect(issuesOf('cloudflare', { email: 'me@example.com', apiKey: 'SECRETVALUE' })).toBe('ok')
    expect(issuesOf('cloudflare', { apiToken: 'SECRETVALUE', email: 'me@example.com' })).toBe('ok')
    expect(issuesOf('cloudflare', { apiToken: 'x', email: 'me@example.com', apiKey: 'y' })).toEqual([
      ': give either apiToken or the legacy email + apiKey, not both',
    ])
    expect(issuesOf('cloudflare', {})).toEqual(['apiToken: is required (or the legacy email + apiKey)'])
    expect(issuesOf('cloudflare', { apiKey: 'SECRETVALUE' })).toEqual(['email: is required with apiKey'])
    expect(issuesOf('cloudflare', { apiToken: '   ' })).toEqual(['apiToken: must not be empty'])
  })

  it('checks route53 fields', () => {
    expect(issuesOf('route53', { region: 'us-east-1' })).toBe('ok')
    expect(issuesOf('route53', { region: 'us-east-1', role: 'arn:aws:iam::123456789012:role/dns' })).toBe(
      'ok',
    )
    expect(issuesOf('route53', { region: 'us-east-1', accessKeyID: 'AKIA' })).toEqual([
      'secretAccessKey: is required with accessKeyID',
    ])
    expect(issuesOf('route53', { region: 'us-east-1', secretAccessKey: 'SECRETVALUE' })).toEqual([
      'accessKeyID: is required with secretAccessKey',
    ])
    expect(issuesOf('route53', { region: 'Europe', role: 'dns-role' })).toEqual([
      'region: must be an AWS region such as us-east-1',
      'role: must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
    ])
    expect(issuesOf('route53', {})).toEqual(['region: is required'])
  })

  it('checks azure-dns credential forms', () => {
    const { tenantID, clientID, clientSecret, ...zone } = VALID_CONFIGS['azure-dns']
    expect(issuesOf('azure-dns', zone)).toBe('ok')
    expect(issuesOf('azure-dns', { ...zone, managedIdentity: { clientID } })).toBe('ok')
    expect(issuesOf('azure-dns', { ...zone, managedIdentity: { resourceID: '/subscriptions/x/id' } })).toBe(
      'ok',
    )
    expect(issuesOf('azure-dns', { ...VALID_CONFIGS['azure-dns'], managedIdentity: { clientID } })).toEqual([
      'managedIdentity: cannot be combined with a service principal (tenantID, clientID, clientSecret)',
    ])
    expect(issuesOf('azure-dns', { ...zone, clientID, clientSecret })).toEqual([
      'tenantID: is required for a service principal (tenantID, clientID and clientSecret go together)',
    ])
    expect(issuesOf('azure-dns', { ...zone, managedIdentity: { clientID, resourceID: 'r' } })).toEqual([
      'managedIdentity.resourceID: cannot be combined with clientID or tenantID',
    ])
    expect(issuesOf('azure-dns', { ...zone, managedIdentity: { other: 1 } })).toEqual([
      'managedIdentity.other: is not a field of managedIdentity (allowed: clientID, resourceID, tenantID)',
    ])
    expect(
      issuesOf('azure-dns', {
        ...zone,
        environment: 'Mars',
        subscriptionID: 'nope',
        hostedZoneName: '*.x.com',
      }),
    ).toEqual([
      'subscriptionID: must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)',
      'hostedZoneName: must be a DNS zone name such as example.com',
      'environment: must be one of AzurePublicCloud, AzureChinaCloud, AzureGermanCloud, AzureUSGovernmentCloud',
    ])
    void tenantID
  })

  it('accepts the cloud-dns key file as an object or a JSON string, and outputs the object', () => {
    const asString = acmeProviderConfig('cloud-dns').parse({
      project: 'p',
      serviceAccountJSON: JSON.stringify(SERVICE_ACCOUNT),
    })
    expect(asString.serviceAccountJSON).toEqual(SERVICE_ACCOUNT)
  })

  it('refuses a cloud-dns key file that is not a service account key', () => {
    expect(
      issuesOf('cloud-dns', { project: 'p', serviceAccountJSON: '{"private_key": "SECRETVALUE' }),
    ).toEqual([
      'serviceAccountJSON: must be a service account key file: a JSON object, or a string holding one',
    ])
    expect(
      issuesOf('cloud-dns', {
        project: 'p',
        serviceAccountJSON: { type: 'user', private_key: 'SECRETVALUE' },
      }),
    ).toEqual([
      'serviceAccountJSON.type: must be "service_account"',
      'serviceAccountJSON.client_email: is required (a non-empty string)',
    ])
    expect(issuesOf('cloud-dns', { project: 'p' })).toEqual([
      'serviceAccountJSON: must be a service account key file: a JSON object, or a string holding one',
    ])
  })

  it('checks webhook fields', () => {
    expect(issuesOf('webhook', { groupName: 'acme.example.com', solverName: 's' })).toBe('ok')
    expect(issuesOf('webhook', { groupName: 'g', solverName: 's', config: 'SECRETVALUE' })).toEqual([
      'config: must be a JSON object',
    ])
  })
})
