import { z } from 'zod'
import { type AcmeOptions, AMBIENT_MESSAGES } from './ambient.js'
import { addIssue, fields, isRecord, text } from './fields.js'

const MAX_KEY_FILE = 16 * 1024

/** A Google service account key: the key file as an object, or a string holding its JSON. */
const ServiceAccountKey = z.unknown().transform((value, ctx) => {
  let key: unknown = value
  if (typeof value === 'string') {
    if (value.length > MAX_KEY_FILE) {
      addIssue(ctx, [], `must be at most ${MAX_KEY_FILE} characters`)
      return z.NEVER
    }
    try {
      key = JSON.parse(value)
    } catch {
      key = undefined
    }
  }
  if (!isRecord(key)) {
    addIssue(ctx, [], 'must be a service account key file: a JSON object, or a string holding one')
    return z.NEVER
  }
  if (key['type'] !== 'service_account') addIssue(ctx, ['type'], 'must be "service_account"')
  for (const field of ['client_email', 'private_key'] as const) {
    const entry = key[field]
    if (typeof entry !== 'string' || entry.trim() === '')
      addIssue(ctx, [field], 'is required (a non-empty string)')
  }
  return key
})

/**
 * Google Cloud DNS DNS-01 config (cert-manager `cloudDNS` solver, secrets as literal values):
 * `project`, optional managed zone `hostedZoneName`, and `serviceAccount`, the key file that
 * cert-manager's `serviceAccountSecretRef` points to (an object or a JSON string; output as an
 * object). Without it cert-manager would use the cluster's own Google identity: refused unless
 * `allowAmbientCredentials`.
 */
export function cloudDnsConfig(options: AcmeOptions = {}) {
  return fields('the cloud-dns config', {
    project: text(128),
    hostedZoneName: text(63).optional(),
    serviceAccount: ServiceAccountKey.optional(),
  }).superRefine((config, ctx) => {
    if (options.allowAmbientCredentials || config.serviceAccount !== undefined) return
    addIssue(ctx, ['serviceAccount'], AMBIENT_MESSAGES.cloudDnsKey)
  })
}

/** `cloudDnsConfig()` with the default options: a service account key required. */
export const CloudDnsConfig = cloudDnsConfig()
export type CloudDnsConfig = z.output<typeof CloudDnsConfig>
