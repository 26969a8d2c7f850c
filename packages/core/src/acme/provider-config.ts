import { z } from 'zod'
import { AzureDnsConfig } from './azure-dns.js'
import { CloudDnsConfig } from './cloud-dns.js'
import { CloudflareConfig } from './cloudflare.js'
import { addIssue, isRecord } from './fields.js'
import { findPlaceholders, PLACEHOLDER_MESSAGE } from './placeholders.js'
import type { AcmeProvider } from './providers.js'
import { Route53Config } from './route53.js'
import { WebhookConfig } from './webhook.js'

/** Largest accepted `providerConfig` JSON text: 64 KiB. */
export const MAX_PROVIDER_CONFIG_LENGTH = 64 * 1024

/** The `providerConfig` schema of each provider (objects only; see `acmeProviderConfig`). */
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

/**
 * A provider config as the form sends it: a JSON object, or a string holding one, with no
 * template placeholder left in any string value. Output: the object.
 */
export const AcmeConfigObject = z.unknown().transform((value, ctx) => {
  let config: unknown = value
  if (typeof value === 'string') {
    if (value.length > MAX_PROVIDER_CONFIG_LENGTH) {
      addIssue(ctx, [], `must be at most ${MAX_PROVIDER_CONFIG_LENGTH} characters of JSON`)
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
  for (const path of findPlaceholders(config)) addIssue(ctx, path, PLACEHOLDER_MESSAGE)
  return config
})

/** The full `providerConfig` schema of `provider`: `AcmeConfigObject`, then the provider's fields. */
export function acmeProviderConfig<P extends AcmeProvider>(provider: P) {
  return AcmeConfigObject.pipe(ACME_PROVIDER_SCHEMAS[provider] as (typeof ACME_PROVIDER_SCHEMAS)[P])
}
