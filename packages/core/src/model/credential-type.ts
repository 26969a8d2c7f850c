import { z } from 'zod'

/** The four credential types, as kebab-case strings. A credential's type never changes. */
export const CREDENTIAL_TYPES = [
  'container-registry',
  'basic-auth',
  'tls-certificate',
  'acme-wildcard',
] as const

export const CredentialType = z.enum(CREDENTIAL_TYPES)
export type CredentialType = z.infer<typeof CredentialType>
