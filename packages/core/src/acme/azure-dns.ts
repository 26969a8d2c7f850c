import { z } from 'zod'
import { addIssue, fields, guid, text, zoneName } from './fields.js'

/** Azure clouds cert-manager's `azureDNS` solver knows. */
export const AZURE_ENVIRONMENTS = [
  'AzurePublicCloud',
  'AzureChinaCloud',
  'AzureGermanCloud',
  'AzureUSGovernmentCloud',
] as const

const ManagedIdentity = fields('managedIdentity', {
  clientID: guid().optional(),
  resourceID: text(1024).optional(),
  tenantID: guid().optional(),
}).superRefine((identity, ctx) => {
  if (
    identity.resourceID !== undefined &&
    (identity.clientID !== undefined || identity.tenantID !== undefined)
  ) {
    addIssue(ctx, ['resourceID'], 'cannot be combined with clientID or tenantID')
  }
})

const SERVICE_PRINCIPAL = ['tenantID', 'clientID', 'clientSecret'] as const

/**
 * Azure DNS DNS-01 config (cert-manager `azureDNS` solver): the zone's `subscriptionID`,
 * `resourceGroupName` and `hostedZoneName`, optional `environment`, and either a service
 * principal (`tenantID` + `clientID` + `clientSecret`) or a `managedIdentity`, not both. With
 * neither, cert-manager uses the cluster's default managed identity.
 */
export const AzureDnsConfig = fields('the azure-dns config', {
  subscriptionID: guid(),
  resourceGroupName: text(90),
  hostedZoneName: zoneName(),
  environment: z
    .enum(AZURE_ENVIRONMENTS, { error: () => `must be one of ${AZURE_ENVIRONMENTS.join(', ')}` })
    .optional(),
  tenantID: guid().optional(),
  clientID: guid().optional(),
  clientSecret: text(1024).optional(),
  managedIdentity: ManagedIdentity.optional(),
}).superRefine((config, ctx) => {
  const given = SERVICE_PRINCIPAL.filter((field) => config[field] !== undefined)
  if (given.length > 0 && config.managedIdentity !== undefined) {
    addIssue(
      ctx,
      ['managedIdentity'],
      'cannot be combined with a service principal (tenantID, clientID, clientSecret)',
    )
    return
  }
  if (given.length === 0) return
  for (const field of SERVICE_PRINCIPAL) {
    if (config[field] === undefined) {
      addIssue(
        ctx,
        [field],
        'is required for a service principal (tenantID, clientID and clientSecret go together)',
      )
    }
  }
})
export type AzureDnsConfig = z.output<typeof AzureDnsConfig>
