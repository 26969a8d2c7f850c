import type { z } from 'zod'
import { addIssue, fields, text } from './fields.js'

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/

/**
 * AWS Route 53 DNS-01 config (cert-manager `route53` solver): `region`, optional `hostedZoneID`
 * and `role`, and `accessKeyID` + `secretAccessKey` together (or neither, for ambient credentials).
 */
export const Route53Config = fields('the route53 config', {
  region: text(32).regex(REGION, 'must be an AWS region such as us-east-1'),
  hostedZoneID: text(64).optional(),
  accessKeyID: text(128).optional(),
  secretAccessKey: text(256).optional(),
  role: text(2048).regex(ROLE_ARN, 'must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)').optional(),
}).superRefine((config, ctx) => {
  if (config.accessKeyID !== undefined && config.secretAccessKey === undefined) {
    addIssue(ctx, ['secretAccessKey'], 'is required with accessKeyID')
  }
  if (config.secretAccessKey !== undefined && config.accessKeyID === undefined) {
    addIssue(ctx, ['accessKeyID'], 'is required with secretAccessKey')
  }
})
export type Route53Config = z.output<typeof Route53Config>
