import { z } from 'zod'
import { DnsName } from '../hosts/dns-name.js'
import { certificateHostNames } from '../hosts/host-match.js'
import { strictFields } from '../validate.js'
import type { AcmeOptions } from './ambient.js'
import { isRecord } from './fields.js'
import { AcmeConfigObject, acmeProviderConfig } from './provider-config.js'
import { ACME_PROVIDERS, AcmeProvider } from './providers.js'

/** Most names one ACME certificate may carry (Let's Encrypt's limit). */
export const MAX_ACME_NAMES = 100

const altNames = z
  .array(DnsName, { error: 'must be a list of DNS names' })
  .max(MAX_ACME_NAMES - 1, { error: `must hold at most ${MAX_ACME_NAMES - 1} names` })
const email = z.email({ error: 'must be an email address' }).nullish()

/** Parses `config` for `provider` (just `AcmeConfigObject` when the provider is unknown). */
function parseConfig(provider: unknown, config: unknown, options: AcmeOptions) {
  return (ACME_PROVIDERS as ReadonlyArray<unknown>).includes(provider)
    ? acmeProviderConfig(provider as AcmeProvider, options).safeParse(config)
    : AcmeConfigObject.safeParse(config)
}

/** Adds the issues of `config` under `providerConfig`. */
function reportConfig(provider: unknown, config: unknown, options: AcmeOptions, ctx: z.RefinementCtx): void {
  if (config === undefined) return
  for (const issue of parseConfig(provider, config, options).error?.issues ?? []) {
    ctx.addIssue({ code: 'custom', path: ['providerConfig', ...issue.path], message: issue.message })
  }
}

// Check providerConfig even when other fields failed, so the form shows every problem at once.
// The data may then hold unvalidated fields: `parseConfig` takes `unknown`.
const EVEN_AFTER_ISSUES = { when: (payload: { value: unknown }) => isRecord(payload.value) }

/** The parsed config (reached only when `reportConfig` found no issue). */
function parsedConfig(provider: unknown, config: unknown, options: AcmeOptions): Record<string, unknown> {
  const result = parseConfig(provider, config, options)
  return result.success ? result.data : {}
}

function buildWildcardData(options: AcmeOptions) {
  return strictFields({
    provider: AcmeProvider,
    commonName: DnsName,
    altNames: altNames.default([]),
    email,
    providerConfig: z.unknown().refine((value) => value !== undefined, 'is required'),
  })
    .superRefine(
      (data, ctx) => reportConfig(data.provider, data.providerConfig, options, ctx),
      EVEN_AFTER_ISSUES,
    )
    .transform((data) => ({
      ...data,
      providerConfig: parsedConfig(data.provider, data.providerConfig, options),
    }))
}

/**
 * An ACME wildcard credential: `provider`, `commonName` (typically `*.example.com`), `altNames`,
 * optional ACME account `email`, and `providerConfig` (an object or a JSON string) validated for
 * the provider, with issue paths under `providerConfig`. Names are output normalised. Configs
 * that would use the platform's own cloud identity are refused (see `acmeWildcardData`).
 */
export const AcmeWildcardData = buildWildcardData({})
export type AcmeWildcardData = z.output<typeof AcmeWildcardData>

const AMBIENT_WILDCARD_DATA = buildWildcardData({ allowAmbientCredentials: true })

/** `AcmeWildcardData` under `options` (with `allowAmbientCredentials`, ambient configs pass). */
export function acmeWildcardData(options: AcmeOptions = {}): typeof AcmeWildcardData {
  return options.allowAmbientCredentials ? AMBIENT_WILDCARD_DATA : AcmeWildcardData
}

/**
 * An ACME wildcard update for a credential whose stored provider is `current`: every field
 * optional; an omitted `providerConfig` keeps the stored one, but changing the provider requires
 * a new `providerConfig`, and a new `providerConfig` is validated for the resulting provider.
 */
export function acmeWildcardUpdateFor(current?: AcmeProvider, options: AcmeOptions = {}) {
  return strictFields({
    provider: AcmeProvider.optional(),
    commonName: DnsName.optional(),
    altNames: altNames.optional(),
    email,
    providerConfig: z.unknown().optional(),
  })
    .superRefine(
      (data, ctx) => reportConfig(data.provider ?? current, data.providerConfig, options, ctx),
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
      return { ...rest, providerConfig: parsedConfig(data.provider ?? current, providerConfig, options) }
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
