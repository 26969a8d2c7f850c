export { AZURE_ENVIRONMENTS, AzureDnsConfig } from './azure-dns.js'
export { CloudDnsConfig } from './cloud-dns.js'
export { CloudflareConfig } from './cloudflare.js'
export { PLACEHOLDER_MESSAGE } from './placeholders.js'
export {
  ACME_PROVIDER_SCHEMAS,
  AcmeConfigObject,
  type AcmeProviderConfigByProvider,
  acmeProviderConfig,
  MAX_PROVIDER_CONFIG_LENGTH,
} from './provider-config.js'
export { ACME_PROVIDERS, AcmeProvider } from './providers.js'
export { Route53Config } from './route53.js'
export { acmeTemplate } from './templates.js'
export { WebhookConfig } from './webhook.js'
export {
  AcmeWildcardData,
  AcmeWildcardUpdate,
  acmeHostNames,
  acmeWildcardUpdateFor,
  MAX_ACME_NAMES,
} from './wildcard.js'
