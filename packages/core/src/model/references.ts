/** A platform object that uses a credential (see `attach`). */
export interface CredentialReference {
  readonly kind: 'app' | 'host' | 'environment'
  readonly id: string
  readonly purpose?: string | undefined
}

/** A stored reference: which platform object uses which credential of the account, since when. */
export interface ReferenceRecord extends CredentialReference {
  readonly accountId: string
  readonly credentialId: string
  readonly createdAt: Date
}
