import { SERVICE_ACCOUNT, VALID_CONFIGS } from '@credkit/testing'
import { describe, expect, it } from 'vitest'
import { type AcmeOptions, AMBIENT_MESSAGES } from './ambient.js'
import { azureDnsConfig } from './azure-dns.js'
import { CloudDnsConfig, cloudDnsConfig } from './cloud-dns.js'
import { acmeProviderConfig } from './provider-config.js'
import { ACME_PROVIDERS, type AcmeProvider } from './providers.js'
import { Route53Config, route53Config } from './route53.js'

const AMBIENT: AcmeOptions = { allowAmbientCredentials: true }

/** `path: message` of each issue, or 'ok'. */
function issuesOf(provider: AcmeProvider, config: unknown, options: AcmeOptions = {}): string[] | 'ok' {
  const result = acmeProviderConfig(provider, options).safeParse(config)
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
      expect(issues).toContainEqual(expect.stringContaining(`not part of the ${provider} config (allowed: `))
    },
  )

  it('counts unknown fields on the config and never names them (a key may be a pasted secret)', () => {
    const issues = issuesOf('cloudflare', { apiToken: 't', AKIASECRETVALUE: 'x', 'bad key!': 1 })
    expect(issues).toEqual([
      ': has 2 fields that are not part of the cloudflare config (allowed: apiToken, email, apiKey)',
    ])
    expect(issuesOf('route53', { ...VALID_CONFIGS.route53, SECRETVALUE: 1 })).toEqual([
      ': has a field that is not part of the route53 config (allowed: region, hostedZoneID, accessKeyID, secretAccessKey, role)',
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
    const keys = { accessKeyID: 'AKIAEXAMPLE', secretAccessKey: 'SECRETVALUE' }
    expect(issuesOf('route53', { region: 'us-east-1', ...keys })).toBe('ok')
    expect(
      issuesOf('route53', { region: 'us-east-1', ...keys, role: 'arn:aws:iam::123456789012:role/dns' }),
    ).toBe('ok')
    expect(issuesOf('route53', { region: 'us-east-1', accessKeyID: 'AKIA' })).toEqual([
      'secretAccessKey: is required with accessKeyID',
    ])
    expect(issuesOf('route53', { region: 'us-east-1', secretAccessKey: 'SECRETVALUE' })).toEqual([
      'accessKeyID: is required with secretAccessKey',
    ])
    expect(issuesOf('route53', { region: 'Europe', role: 'dns-role', ...keys })).toEqual([
      'region: must be an AWS region such as us-east-1',
      'role: must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
    ])
    expect(issuesOf('route53', keys)).toEqual(['region: is required'])
  })

  it('refuses route53 configs that would use the platform AWS identity, unless allowed', () => {
    const role = 'arn:aws:iam::123456789012:role/dns'
    expect(issuesOf('route53', { region: 'us-east-1' })).toEqual([
      `accessKeyID: ${AMBIENT_MESSAGES.route53Keys}`,
    ])
    expect(issuesOf('route53', { region: 'us-east-1', role })).toEqual([
      `accessKeyID: ${AMBIENT_MESSAGES.route53Role}`,
    ])
    expect(issuesOf('route53', { region: 'us-east-1' }, AMBIENT)).toBe('ok')
    expect(issuesOf('route53', { region: 'us-east-1', role }, AMBIENT)).toBe('ok')
    expect(Route53Config.safeParse({ region: 'us-east-1', role }).success).toBe(false)
    expect(route53Config(AMBIENT).safeParse({ region: 'us-east-1', role }).success).toBe(true)
  })

  it('checks azure-dns credential forms', () => {
    const { tenantID, clientID, clientSecret, ...zone } = VALID_CONFIGS['azure-dns']
    expect(issuesOf('azure-dns', { ...zone, managedIdentity: { clientID } }, AMBIENT)).toBe('ok')
    expect(
      issuesOf('azure-dns', { ...zone, managedIdentity: { resourceID: '/subscriptions/x/id' } }, AMBIENT),
    ).toBe('ok')
    expect(issuesOf('azure-dns', { ...VALID_CONFIGS['azure-dns'], managedIdentity: { clientID } })).toEqual([
      'managedIdentity: cannot be combined with a service principal (tenantID, clientID, clientSecret)',
    ])
    expect(issuesOf('azure-dns', { ...zone, clientID, clientSecret })).toEqual([
      'tenantID: is required for a service principal (tenantID, clientID and clientSecret go together)',
    ])
    expect(
      issuesOf('azure-dns', { ...zone, managedIdentity: { clientID, resourceID: 'r' } }, AMBIENT),
    ).toEqual(['managedIdentity.resourceID: cannot be combined with clientID or tenantID'])
    expect(issuesOf('azure-dns', { ...zone, managedIdentity: { other: 1 } }, AMBIENT)).toEqual([
      'managedIdentity: has a field that is not part of managedIdentity (allowed: clientID, resourceID, tenantID)',
    ])
    expect(
      issuesOf('azure-dns', {
        ...VALID_CONFIGS['azure-dns'],
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

  it('refuses azure-dns configs that would use the platform Azure identity, unless allowed', () => {
    const { tenantID, clientID, clientSecret, ...zone } = VALID_CONFIGS['azure-dns']
    expect(issuesOf('azure-dns', zone)).toEqual(
      ['tenantID', 'clientID', 'clientSecret'].map(
        (field) => `${field}: ${AMBIENT_MESSAGES.azureServicePrincipal}`,
      ),
    )
    expect(issuesOf('azure-dns', { ...zone, managedIdentity: { clientID } })).toEqual([
      `managedIdentity: ${AMBIENT_MESSAGES.azureManagedIdentity}`,
    ])
    expect(issuesOf('azure-dns', { ...zone, managedIdentity: {} })).toEqual([
      `managedIdentity: ${AMBIENT_MESSAGES.azureManagedIdentity}`,
    ])
    expect(issuesOf('azure-dns', zone, AMBIENT)).toBe('ok')
    expect(azureDnsConfig(AMBIENT).safeParse({ ...zone, managedIdentity: {} }).success).toBe(true)
    void tenantID
    void clientSecret
  })

  it('accepts the cloud-dns key file as an object or a JSON string, and outputs the object', () => {
    const asString = acmeProviderConfig('cloud-dns').parse({
      project: 'p',
      serviceAccount: JSON.stringify(SERVICE_ACCOUNT),
    })
    expect(asString.serviceAccount).toEqual(SERVICE_ACCOUNT)
  })

  it('refuses a cloud-dns key file that is not a service account key', () => {
    expect(issuesOf('cloud-dns', { project: 'p', serviceAccount: '{"private_key": "SECRETVALUE' })).toEqual([
      'serviceAccount: must be a service account key file: a JSON object, or a string holding one',
    ])
    expect(
      issuesOf('cloud-dns', {
        project: 'p',
        serviceAccount: { type: 'user', private_key: 'SECRETVALUE' },
      }),
    ).toEqual([
      'serviceAccount.type: must be "service_account"',
      'serviceAccount.client_email: is required (a non-empty string)',
    ])
  })

  it('follows cert-manager: serviceAccount (serviceAccountSecretRef), not serviceAccountJSON', () => {
    expect(issuesOf('cloud-dns', { project: 'p', serviceAccountJSON: SERVICE_ACCOUNT })).toEqual([
      ': has a field that is not part of the cloud-dns config (allowed: project, hostedZoneName, serviceAccount)',
    ])
  })

  it('refuses a cloud-dns config without a key (workload identity), unless allowed', () => {
    expect(issuesOf('cloud-dns', { project: 'p' })).toEqual([
      `serviceAccount: ${AMBIENT_MESSAGES.cloudDnsKey}`,
    ])
    expect(issuesOf('cloud-dns', { project: 'p' }, AMBIENT)).toBe('ok')
    expect(cloudDnsConfig(AMBIENT).safeParse({ project: 'p' }).success).toBe(true)
    expect(CloudDnsConfig.safeParse({ project: 'p' }).success).toBe(false)
  })

  it('checks webhook fields', () => {
    expect(issuesOf('webhook', { groupName: 'acme.example.com', solverName: 's' })).toBe('ok')
    expect(issuesOf('webhook', { groupName: 'g', solverName: 's', config: 'SECRETVALUE' })).toEqual([
      'config: must be a JSON object',
    ])
  })
})
