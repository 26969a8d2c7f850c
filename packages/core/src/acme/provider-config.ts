import { z } from 'zod'
import type { AcmeOptions } from './ambient.js'
import { AzureDnsConfig, azureDnsConfig } from './azure-dns.js'
import { CloudDnsConfig, cloudDnsConfig } from './cloud-dns.js'
import { CloudflareConfig } from './cloudflare.js'
import { addIssue, isRecord } from './fields.js'
import { jsonSize, MAX_CONFIG_DEPTH } from './json-size.js'
import { findPlaceholders, PLACEHOLDER_MESSAGE } from './placeholders.js'
import type { AcmeProvider } from './providers.js'
import { Route53Config, route53Config } from './route53.js'
import { WebhookConfig } from './webhook.js'

/** Largest accepted `providerConfig`, as JSON text (string form) or its JSON size (object form): 64 KiB. */
export const MAX_PROVIDER_CONFIG_LENGTH = 64 * 1024

/**
 * The `providerConfig` schema of each provider under the default options (own credentials
 * required), objects only; see `acmeProviderConfig`.
 */
export const ACME_PROVIDER_SCHEMAS = {
  cloudflare: CloudflareConfig,
  route53: Route53Config,
  'azure-dns': AzureDnsConfig,
  'cloud-dns': CloudDnsConfig,
  webhook: WebhookConfig,
} as const satisfies Record<AcmeProvider, z.ZodType>

/** A validated provider config, per provider. */
export type AcmeProviderConfigByProvider = {
  [P in AcmeProvider]: z.output<(typeof ACME_PROVIDER_SCHEMAS)[P]>
}

const SIZE_MESSAGES = {
  'too-large': `must be at most ${MAX_PROVIDER_CONFIG_LENGTH} characters as JSON`,
  'too-deep': `must be at most ${MAX_CONFIG_DEPTH} levels deep`,
  'not-json': 'must hold only JSON values (strings, finite numbers, booleans, null, arrays, objects)',
} as const

/**
 * A provider config as the form sends it: a JSON object, or a string holding one, of at most
 * `MAX_PROVIDER_CONFIG_LENGTH` characters of JSON in either form, with no template placeholder
 * left in any string value. Output: the object.
 */
export const AcmeConfigObject = z.unknown().transform((value, ctx) => {
  let config: unknown = value
  if (typeof value === 'string') {
    if (value.length > MAX_PROVIDER_CONFIG_LENGTH) {
      addIssue(ctx, [], SIZE_MESSAGES['too-large'])
      return z.NEVER
    }
    try {
      config = JSON.parse(value)
    } catch {
      config = undefined
    }
  }
  if (!isRecord(config)) {
    addIssue(ctx, [], 'must be a JSON object')
    return z.NEVER
  }
  const size = jsonSize(config, MAX_PROVIDER_CONFIG_LENGTH)
  if (!size.ok) {
    addIssue(ctx, [], SIZE_MESSAGES[size.reason])
    return z.NEVER
  }
  for (const path of findPlaceholders(config)) addIssue(ctx, path, PLACEHOLDER_MESSAGE)
  return config
})

/** The provider schemas when `allowAmbientCredentials` is set. */
const AMBIENT_PROVIDER_SCHEMAS = {
  ...ACME_PROVIDER_SCHEMAS,
  route53: route53Config({ allowAmbientCredentials: true }),
  'azure-dns': azureDnsConfig({ allowAmbientCredentials: true }),
  'cloud-dns': cloudDnsConfig({ allowAmbientCredentials: true }),
} as const satisfies typeof ACME_PROVIDER_SCHEMAS

/**
 * The full `providerConfig` schema of `provider`: `AcmeConfigObject`, then the provider's fields.
 * Configs that would use the platform's own cloud identity are refused unless `options` allow them.
 */
export function acmeProviderConfig<P extends AcmeProvider>(provider: P, options: AcmeOptions = {}) {
  const schemas = options.allowAmbientCredentials ? AMBIENT_PROVIDER_SCHEMAS : ACME_PROVIDER_SCHEMAS
  return AcmeConfigObject.pipe(schemas[provider] as (typeof ACME_PROVIDER_SCHEMAS)[P])
}
