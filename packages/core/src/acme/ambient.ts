/**
 * Options for ACME provider configs. By default a config must carry its own cloud credentials:
 * one that would make cert-manager fall back to the identity of the cluster it runs in (AWS
 * instance or pod credentials, an Azure managed identity, Google workload identity) is refused,
 * because in a multi-tenant platform that identity is the platform's, not the account's.
 */
export interface AcmeOptions {
  /**
   * Accept configs that use the platform's own cloud identity (Route 53 without access keys or
   * with only a role, Azure DNS with a managed identity or no service principal, Cloud DNS without
   * a service account key). For single-tenant installs, where that identity is yours. Default false.
   */
  readonly allowAmbientCredentials?: boolean
}

/** The end of each refusal: what the option is called, for the developer reading the error. */
const HOW_TO_ALLOW = 'allowed only with the acme.allowAmbientCredentials option'

/** Messages of the ambient-credential refusals, per provider field. */
export const AMBIENT_MESSAGES = {
  route53Keys: `is required with secretAccessKey: without access keys the solver would use the platform's own AWS identity (${HOW_TO_ALLOW})`,
  route53Role: `is required with secretAccessKey: a role alone would be assumed with the platform's own AWS identity (${HOW_TO_ALLOW})`,
  azureManagedIdentity: `is not allowed: a managed identity is the platform's own Azure identity; give a service principal instead (${HOW_TO_ALLOW})`,
  azureServicePrincipal: `is required: without a service principal (tenantID, clientID, clientSecret) the solver would use the platform's own Azure identity (${HOW_TO_ALLOW})`,
  cloudDnsKey: `is required: without a service account key the solver would use the platform's own Google identity (${HOW_TO_ALLOW})`,
} as const
