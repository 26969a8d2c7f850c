import type { z } from 'zod'
import type { AcmeWildcardData } from '../acme/index.js'
import type { SecretDataByType } from '../model/credential-records.js'
import type { CredentialType } from '../model/credential-type.js'
import type { Secret } from '../model/secret.js'
import type { TlsCertificateData } from '../x509/index.js'
import type { BasicAuthData } from './kinds/basic-auth.js'
import type { ContainerRegistryData } from './kinds/container-registry.js'
import type { CredentialView } from './views.js'

/** The `data` a create request takes, per type (what the form sends). */
export interface CreateDataByType {
  'container-registry': ContainerRegistryData
  'basic-auth': BasicAuthData
  'tls-certificate': z.input<typeof TlsCertificateData>
  'acme-wildcard': z.input<typeof AcmeWildcardData>
}

/** A create request for type `T`. */
export interface CreateCredentialInputOf<T extends CredentialType> {
  readonly type: T
  readonly name: string
  readonly description?: string | null
  readonly data: CreateDataByType[T]
  /** Container registries only: promote to the account default. */
  readonly isDefault?: boolean
}

export type CreateCredentialInput = { [T in CredentialType]: CreateCredentialInputOf<T> }[CredentialType]

/** An update request: every field optional; `data` is a partial body of the credential's type. */
export interface UpdateCredentialInput {
  readonly name?: string
  /** Left out: kept. `null` (or `''`): cleared. */
  readonly description?: string | null
  readonly data?: Readonly<Record<string, unknown>>
  readonly isDefault?: boolean
  /** The version the caller last saw; `CONFLICT` (with `currentVersion`) when it moved on. */
  readonly expectedVersion?: number
}

/** The view of a credential of type `T`. */
export type CredentialViewOf<T extends CredentialType> = Extract<CredentialView, { type: T }>

/** Revealed secret fields, each wrapped, tagged with the credential type to narrow on. */
export type RevealedSecrets = {
  [T in CredentialType]: { readonly type: T } & {
    readonly [K in keyof SecretDataByType[T]]: Secret<SecretDataByType[T][K]>
  }
}[CredentialType]
