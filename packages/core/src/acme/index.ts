export type { AcmeOptions } from './ambient.js'
export { AZURE_ENVIRONMENTS, AzureDnsConfig, azureDnsConfig } from './azure-dns.js'
export { CloudDnsConfig, cloudDnsConfig } from './cloud-dns.js'
export { CloudflareConfig } from './cloudflare.js'
export { MAX_CONFIG_DEPTH } from './json-size.js'
export { PLACEHOLDER_MESSAGE } from './placeholders.js'
export {
  ACME_PROVIDER_SCHEMAS,
  AcmeConfigObject,
  type AcmeProviderConfigByProvider,
  acmeProviderConfig,
  MAX_PROVIDER_CONFIG_LENGTH,
} from './provider-config.js'
export { ACME_PROVIDERS, AcmeProvider } from './providers.js'
export { Route53Config, route53Config } from './route53.js'
export { acmeTemplate } from './templates.js'
export { WebhookConfig } from './webhook.js'
export {
  AcmeWildcardData,
  AcmeWildcardUpdate,
  acmeHostNames,
  acmeWildcardData,
  acmeWildcardUpdateFor,
  MAX_ACME_NAMES,
} from './wildcard.js'
