import type { z } from 'zod'
import { type AcmeOptions, AMBIENT_MESSAGES } from './ambient.js'
import { addIssue, fields, text } from './fields.js'

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/

/**
 * AWS Route 53 DNS-01 config (cert-manager `route53` solver, secrets as literal values):
 * `region`, optional `hostedZoneID` and `role` (assumed with the keys), and `accessKeyID` +
 * `secretAccessKey` together. Without keys cert-manager would use the cluster's own AWS identity:
 * refused unless `allowAmbientCredentials`.
 */
export function route53Config(options: AcmeOptions = {}) {
  return fields('the route53 config', {
    region: text(32).regex(REGION, 'must be an AWS region such as us-east-1'),
    hostedZoneID: text(64).optional(),
    accessKeyID: text(128).optional(),
    secretAccessKey: text(256).optional(),
    role: text(2048)
      .regex(ROLE_ARN, 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)')
      .optional(),
  }).superRefine((config, ctx) => {
    if (config.accessKeyID !== undefined && config.secretAccessKey === undefined) {
      addIssue(ctx, ['secretAccessKey'], 'is required with accessKeyID')
    }
    if (config.secretAccessKey !== undefined && config.accessKeyID === undefined) {
      addIssue(ctx, ['accessKeyID'], 'is required with secretAccessKey')
    }
    const keys = config.accessKeyID !== undefined || config.secretAccessKey !== undefined
    if (keys || options.allowAmbientCredentials) return
    const message = config.role === undefined ? AMBIENT_MESSAGES.route53Keys : AMBIENT_MESSAGES.route53Role
    addIssue(ctx, ['accessKeyID'], message)
  })
}

/** `route53Config()` with the default options: access keys required. */
export const Route53Config = route53Config()
export type Route53Config = z.output<typeof Route53Config>
