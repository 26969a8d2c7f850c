import { z } from 'zod'
import { fields, text } from './fields.js'

/**
 * Webhook DNS-01 config (cert-manager `webhook` solver): the solver's API `groupName` and
 * `solverName`, and its free-form `config` object (default `{}`).
 */
export const WebhookConfig = fields('the webhook config', {
  groupName: text(253),
  solverName: text(63),
  config: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }).optional(),
})
export type WebhookConfig = z.output<typeof WebhookConfig>
