import type { MaterializedCredential } from '@credkit/core'
import { objectNames } from '../names.js'
import { type AcmeOptions, acmeObjects } from './acme.js'
import { basicAuthSecret, type HtpasswdLine } from './basic-auth.js'
import type { DesiredObject } from './desired.js'
import { registrySecret } from './registry.js'
import { tlsSecret } from './tls.js'

export interface MaterializeDeps {
  readonly acme: AcmeOptions | undefined
  readonly htpasswd: HtpasswdLine
}

/** The objects a credential version becomes, in the order they are written. */
export function desiredObjects(credential: MaterializedCredential, deps: MaterializeDeps): DesiredObject[] {
  const names = objectNames(credential.credentialId, credential.type)
  switch (credential.type) {
    case 'container-registry':
      return [registrySecret(names.secret, credential.payload)]
    case 'basic-auth':
      return [basicAuthSecret(names.secret, credential, credential.payload, deps.htpasswd)]
    case 'tls-certificate':
      return [tlsSecret(names.secret, credential.payload)]
    case 'acme-wildcard':
      if (!deps.acme) throw new Error('ACME credentials need the adapter option `acme.server`')
      return acmeObjects(names, credential.payload, deps.acme)
  }
}

/** Every object name a credential of this type may own, by kind (for reads and removal). */
export function ownedObjects(ref: Pick<MaterializedCredential, 'credentialId' | 'type'>) {
  const names = objectNames(ref.credentialId, ref.type)
  return ref.type === 'acme-wildcard'
    ? [
        { kind: 'Secret' as const, name: names.secret },
        { kind: 'Issuer' as const, name: names.issuer },
        { kind: 'Certificate' as const, name: names.certificate },
      ]
    : [{ kind: 'Secret' as const, name: names.secret }]
}
