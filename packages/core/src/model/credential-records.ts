import type { CredentialType } from './credential-type.js'

/** What the row of a TLS certificate shows, parsed from the leaf certificate. */
export interface CertificateMetadata {
  readonly commonName: string | null
  /** DNS names and IP addresses from the subjectAltName extension. */
  readonly altNames: ReadonlyArray<string>
  readonly notBefore: string
  readonly notAfter: string
  readonly issuer: string
  readonly serialNumber: string
  readonly fingerprintSha256: string
  readonly keyAlgorithm: string
}

export interface RegistryPublicData {
  /** Normalised registry host[:port]; Docker Hub is always `docker.io`. */
  readonly server: string
  readonly email: string | null
  readonly username: string
}

export interface BasicAuthPublicData {
  readonly username: string
}

export interface TlsPublicData extends CertificateMetadata {
  readonly certificate: string
  readonly chain: string | null
}

export interface AcmePublicData {
  readonly provider: string
  readonly commonName: string
  readonly altNames: ReadonlyArray<string>
  /** ACME account email, if given. */
  readonly email: string | null
}

/** Non-secret fields per type, stored in clear. */
export interface PublicDataByType {
  'container-registry': RegistryPublicData
  'basic-auth': BasicAuthPublicData
  'tls-certificate': TlsPublicData
  'acme-wildcard': AcmePublicData
}

/** Secret fields per type: serialised and sealed into the envelope, never stored in clear. */
export interface SecretDataByType {
  'container-registry': { readonly password: string }
  'basic-auth': { readonly password: string }
  'tls-certificate': { readonly privateKey: string }
  'acme-wildcard': { readonly providerConfig: Readonly<Record<string, unknown>> }
}

/**
 * One credential as a `StoragePort` stores it. Every field is needed to rebuild the view and to
 * open the envelope; `hostNames` and `isDefault` are derived copies kept as columns so that host
 * lookups and the one-default rule can be indexed.
 */
export interface CredentialRecord<T extends CredentialType = CredentialType> {
  readonly id: string
  readonly accountId: string
  readonly type: T
  readonly name: string
  readonly description: string | null
  /** Bumped on every change; the version regions report holding. */
  readonly version: number
  readonly isDefault: boolean
  readonly publicData: PublicDataByType[T]
  /** Lower-case A-label names a host may match (TLS CN + DNS alt names, ACME names). */
  readonly hostNames: ReadonlyArray<string>
  /** Versioned encryption envelope of the secret fields (see crypto/envelope.ts). */
  readonly envelope: Uint8Array
  /** Id of the key-encryption key that wraps the envelope's data key. */
  readonly keyId: string
  /** Credential version at which the secret fields were last sealed; bound into the AEAD. */
  readonly secretVersion: number
  readonly createdAt: Date
  readonly createdBy: string
  readonly updatedAt: Date
  readonly updatedBy: string
  /**
   * Names of the fields the change that made this version touched (`name`, `data.password`):
   * names only, what the version history shows. Empty on rows written before history existed.
   */
  readonly updatedFields: ReadonlyArray<string>
  /**
   * Soft delete: when the credential was deleted, null while it is live. A deleted row is out of
   * lists, host lookups and the default, but keeps its name until it is purged.
   */
  readonly deletedAt: Date | null
  /** Who deleted it (user id), null while live. */
  readonly deletedBy: string | null
  /** When a deleted row is due to be purged for good (rows and history), null while live. */
  readonly purgeAfter: Date | null
}
