import { z } from 'zod'
import { addIssue, fields, text } from './fields.js'

/**
 * Cloudflare DNS-01 config (cert-manager `cloudflare` solver, secrets as literal values): an
 * `apiToken` (recommended; `email` then optional and unused) or the legacy `email` + global
 * `apiKey`, never both forms.
 */
export const CloudflareConfig = fields('the cloudflare config', {
  apiToken: text(512).optional(),
  email: z.email({ error: 'must be an email address' }).optional(),
  apiKey: text(512).optional(),
}).superRefine((config, ctx) => {
  if (config.apiToken !== undefined && config.apiKey !== undefined) {
    addIssue(ctx, [], 'give either apiToken or the legacy email + apiKey, not both')
  } else if (config.apiToken === undefined && config.apiKey === undefined) {
    addIssue(ctx, ['apiToken'], 'is required (or the legacy email + apiKey)')
  } else if (config.apiKey !== undefined && config.email === undefined) {
    addIssue(ctx, ['email'], 'is required with apiKey')
  }
})
export type CloudflareConfig = z.output<typeof CloudflareConfig>
