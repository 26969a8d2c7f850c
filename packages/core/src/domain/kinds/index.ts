import type { CredentialType } from '../../model/credential-type.js'
import { acmeWildcardKind } from './acme-wildcard.js'
import { basicAuthKind } from './basic-auth.js'
import { containerRegistryKind } from './container-registry.js'
import type { CredentialKind } from './kind.js'
import { tlsCertificateKind } from './tls-certificate.js'

const KINDS: { [T in CredentialType]: CredentialKind<T> } = {
  'container-registry': containerRegistryKind,
  'basic-auth': basicAuthKind,
  'tls-certificate': tlsCertificateKind,
  'acme-wildcard': acmeWildcardKind,
}

/** The per-type behaviour of a credential type. */
export function kindOf<T extends CredentialType>(type: T): CredentialKind<T> {
  return KINDS[type]
}

export type { BuiltBody, CredentialKind, KindContext } from './kind.js'
