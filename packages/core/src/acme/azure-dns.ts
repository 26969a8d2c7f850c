import { z } from 'zod'
import { type AcmeOptions, AMBIENT_MESSAGES } from './ambient.js'
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
 * Azure DNS DNS-01 config (cert-manager `azureDNS` solver, secrets as literal values): the zone's
 * `subscriptionID`, `resourceGroupName` and `hostedZoneName`, optional `environment`, and a service
 * principal (`tenantID` + `clientID` + `clientSecret`). A `managedIdentity`, or no credentials at
 * all, would make cert-manager use the cluster's own Azure identity: refused unless
 * `allowAmbientCredentials`, and never combined with a service principal.
 */
export function azureDnsConfig(options: AcmeOptions = {}) {
  return fields('the azure-dns config', {
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
    if (config.managedIdentity !== undefined && !options.allowAmbientCredentials) {
      addIssue(ctx, ['managedIdentity'], AMBIENT_MESSAGES.azureManagedIdentity)
      return
    }
    if (given.length === 0) {
      if (config.managedIdentity !== undefined || options.allowAmbientCredentials) return
      for (const field of SERVICE_PRINCIPAL) addIssue(ctx, [field], AMBIENT_MESSAGES.azureServicePrincipal)
      return
    }
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
}

/** `azureDnsConfig()` with the default options: a service principal required. */
export const AzureDnsConfig = azureDnsConfig()
export type AzureDnsConfig = z.output<typeof AzureDnsConfig>
