import type { KeyObject } from 'node:crypto'
import { bundleFailure, type CertificateBundleFailure } from './bundle-result.js'
import type { DecodedCertificate } from './certificate.js'

/**
 * Checks that each certificate is issued and signed by the next one: the issuer name (and key
 * identifiers, when present) match the next subject, and the signature verifies with the next
 * certificate's public key. Returns the failure for the first broken link, or `null`.
 */
export function checkChainOrder(
  leaf: DecodedCertificate,
  chain: ReadonlyArray<DecodedCertificate>,
): CertificateBundleFailure | null {
  const all = [leaf, ...chain]
  for (let index = 0; index + 1 < all.length; index++) {
    const child = all[index]!
    const parent = all[index + 1]!
    if (issuedBy(child, parent)) continue
    const message =
      index === 0
        ? 'chain must start with the certificate that issued and signed the leaf certificate'
        : `chain is out of order: certificate ${index} of the chain is not issued and signed by certificate ${index + 1}`
    return bundleFailure('chain', 'chain-out-of-order', message)
  }
  return null
}

/** Whether `child` names `parent` as its issuer and carries a signature by `parent`'s key. */
export function issuedBy(child: DecodedCertificate, parent: DecodedCertificate): boolean {
  try {
    const key: KeyObject = parent.node.publicKey
    return child.node.checkIssued(parent.node) && child.node.verify(key)
  } catch {
    return false
  }
}
