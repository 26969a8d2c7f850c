import { z } from 'zod'

/** DNS providers an ACME wildcard credential can solve DNS-01 challenges with. */
export const ACME_PROVIDERS = ['cloudflare', 'route53', 'azure-dns', 'cloud-dns', 'webhook'] as const

/** One of `ACME_PROVIDERS`. */
export const AcmeProvider = z.enum(ACME_PROVIDERS, {
  error: () => `must be one of ${ACME_PROVIDERS.join(', ')}`,
})
export type AcmeProvider = z.output<typeof AcmeProvider>
