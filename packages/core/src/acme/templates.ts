import { validationFailed } from '../errors.js'
import { ACME_PROVIDERS, type AcmeProvider } from './providers.js'

const TEMPLATES: Record<AcmeProvider, Record<string, unknown>> = {
  cloudflare: {
    apiToken: '<Cloudflare API token with Zone:Read and DNS:Edit permissions>',
  },
  route53: {
    region: '<AWS region, e.g. us-east-1>',
    hostedZoneID: '<optional: hosted zone ID, or remove this field>',
    accessKeyID: '<AWS access key ID>',
    secretAccessKey: '<AWS secret access key>',
  },
  'azure-dns': {
    subscriptionID: '<subscription ID (GUID)>',
    resourceGroupName: '<resource group of the DNS zone>',
    hostedZoneName: '<DNS zone name, e.g. example.com>',
    environment: 'AzurePublicCloud',
    tenantID: '<service principal tenant ID (GUID)>',
    clientID: '<service principal client ID (GUID)>',
    clientSecret: '<service principal client secret>',
  },
  'cloud-dns': {
    project: '<Google Cloud project ID>',
    hostedZoneName: '<optional: Cloud DNS managed zone name, or remove this field>',
    serviceAccount: '<service account key file: replace this string with the JSON object>',
  },
  webhook: {
    groupName: '<API group of the webhook solver, e.g. acme.example.com>',
    solverName: '<solver name>',
    config: {},
  },
}

/**
 * The provider config skeleton for the "Use template" button, as pretty JSON. Every value to
 * fill in is a `<...>` placeholder, which `acmeProviderConfig` refuses until it is replaced.
 * @throws CredentialsError `VALIDATION_FAILED` when `provider` is not one of `ACME_PROVIDERS`.
 */
export function acmeTemplate(provider: AcmeProvider): string {
  if (!(ACME_PROVIDERS as ReadonlyArray<unknown>).includes(provider)) {
    throw validationFailed([{ path: ['provider'], message: `must be one of ${ACME_PROVIDERS.join(', ')}` }])
  }
  return JSON.stringify(TEMPLATES[provider], null, 2)
}
