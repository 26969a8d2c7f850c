import type { AcmeProvider } from '@credkit/core'

// Shared by the acme tests: a filled-in, valid config per provider (fake secrets).
export const SERVICE_ACCOUNT = {
  type: 'service_account',
  project_id: 'my-project',
  private_key_id: 'abc123',
  private_key: '-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n',
  client_email: 'dns01@my-project.iam.gserviceaccount.com',
}

export const VALID_CONFIGS: Record<AcmeProvider, Record<string, unknown>> = {
  cloudflare: { apiToken: 'cf-token-SECRETVALUE' },
  route53: {
    region: 'eu-west-1',
    hostedZoneID: 'Z0123456789ABC',
    accessKeyID: 'AKIAEXAMPLE',
    secretAccessKey: 'aws-secret-SECRETVALUE',
  },
  'azure-dns': {
    subscriptionID: '11111111-2222-3333-4444-555555555555',
    resourceGroupName: 'dns-rg',
    hostedZoneName: 'example.com',
    environment: 'AzurePublicCloud',
    tenantID: '66666666-7777-8888-9999-000000000000',
    clientID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    clientSecret: 'azure-secret-SECRETVALUE',
  },
  'cloud-dns': { project: 'my-project', serviceAccount: SERVICE_ACCOUNT },
  webhook: { groupName: 'acme.example.com', solverName: 'my-dns', config: { apiKey: 'hook-SECRETVALUE' } },
}

/** Replaces each `<...>` placeholder string of a template with the value at the same key in `values`. */
export function fillTemplate(template: string, values: Record<string, unknown>): Record<string, unknown> {
  const parsed = JSON.parse(template) as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string' && value.startsWith('<')) {
      if (key in values) out[key] = values[key]
    } else out[key] = value
  }
  return out
}
