import { z } from 'zod'
import { DnsName } from '../hosts/dns-name.js'
import { certificateHostNames } from '../hosts/host-match.js'
import { isRecord } from './fields.js'
import { AcmeConfigObject, acmeProviderConfig } from './provider-config.js'
import { ACME_PROVIDERS, AcmeProvider } from './providers.js'

/** Most names one ACME certificate may carry (Let's Encrypt's limit). */
export const MAX_ACME_NAMES = 100

const altNames = z.array(DnsName, { error: 'must be a list of DNS names' }).max(MAX_ACME_NAMES - 1)
const email = z.email({ error: 'must be an email address' }).nullish()

/** Parses `config` for `provider` (just `AcmeConfigObject` when the provider is unknown). */
function parseConfig(provider: unknown, config: unknown) {
  return (ACME_PROVIDERS as ReadonlyArray<unknown>).includes(provider)
    ? acmeProviderConfig(provider as AcmeProvider).safeParse(config)
    : AcmeConfigObject.safeParse(config)
}

/** Adds the issues of `config` under `providerConfig`. */
function reportConfig(provider: unknown, config: unknown, ctx: z.RefinementCtx): void {
  if (config === undefined) return
  for (const issue of parseConfig(provider, config).error?.issues ?? []) {
    ctx.addIssue({ code: 'custom', path: ['providerConfig', ...issue.path], message: issue.message })
  }
}

// Check providerConfig even when other fields failed, so the form shows every problem at once.
// The data may then hold unvalidated fields: `parseConfig` takes `unknown`.
const EVEN_AFTER_ISSUES = { when: (payload: { value: unknown }) => isRecord(payload.value) }

/** The parsed config (reached only when `reportConfig` found no issue). */
function parsedConfig(provider: unknown, config: unknown): Record<string, unknown> {
  const result = parseConfig(provider, config)
  return result.success ? result.data : {}
}

/**
 * An ACME wildcard credential: `provider`, `commonName` (typically `*.example.com`), `altNames`,
 * optional ACME account `email`, and `providerConfig` (an object or a JSON string) validated for
 * the provider, with issue paths under `providerConfig`. Names are output normalised.
 */
export const AcmeWildcardData = z
  .strictObject({
    provider: AcmeProvider,
    commonName: DnsName,
    altNames: altNames.default([]),
    email,
    providerConfig: z.unknown().refine((value) => value !== undefined, 'is required'),
  })
  .superRefine((data, ctx) => reportConfig(data.provider, data.providerConfig, ctx), EVEN_AFTER_ISSUES)
  .transform((data) => ({ ...data, providerConfig: parsedConfig(data.provider, data.providerConfig) }))
export type AcmeWildcardData = z.output<typeof AcmeWildcardData>

/**
 * An ACME wildcard update for a credential whose stored provider is `current`: every field
 * optional; an omitted `providerConfig` keeps the stored one, but changing the provider requires
 * a new `providerConfig`, and a new `providerConfig` is validated for the resulting provider.
 */
export function acmeWildcardUpdateFor(current?: AcmeProvider) {
  return z
    .strictObject({
      provider: AcmeProvider.optional(),
      commonName: DnsName.optional(),
      altNames: altNames.optional(),
      email,
      providerConfig: z.unknown().optional(),
    })
    .superRefine(
      (data, ctx) => reportConfig(data.provider ?? current, data.providerConfig, ctx),
      EVEN_AFTER_ISSUES,
    )
    .superRefine((data, ctx) => {
      if (data.providerConfig === undefined && data.provider !== undefined && data.provider !== current) {
        ctx.addIssue({
          code: 'custom',
          path: ['providerConfig'],
          message: 'is required when the provider changes',
        })
      }
    })
    .transform((data) => {
      const { providerConfig, ...rest } = data
      if (providerConfig === undefined) return rest
      return { ...rest, providerConfig: parsedConfig(data.provider ?? current, providerConfig) }
    })
}

/**
 * `acmeWildcardUpdateFor` without the stored provider: a `providerConfig` given alone is only
 * checked to be a JSON object free of placeholders; re-check it with `acmeProviderConfig`.
 */
export const AcmeWildcardUpdate = acmeWildcardUpdateFor()
export type AcmeWildcardUpdate = z.output<typeof AcmeWildcardUpdate>

/** The host index keys of an ACME wildcard credential (its common name and alt names). */
export function acmeHostNames(data: {
  readonly commonName: string
  readonly altNames?: ReadonlyArray<string>
}): string[] {
  if (!isRecord(data)) return []
  return certificateHostNames([data.commonName, ...(data.altNames ?? [])])
}
