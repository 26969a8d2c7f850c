import type { CertificateMetadata } from '../model/credential-records.js'
import { decodeCertificate } from './certificate.js'
import { readPem } from './pem.js'

/**
 * Metadata of the first certificate in `pem` (the leaf of a `tls.crt`-style bundle, as cert-manager
 * writes issued ACME certificates), or `null` when it holds no valid certificate. Never throws.
 */
export function parseCertificateMetadata(pem: string): CertificateMetadata | null {
  try {
    const read = readPem(pem)
    const block = read.ok ? read.blocks.find((b) => b.label === 'CERTIFICATE') : undefined
    if (block?.der == null) return null
    const certificate = decodeCertificate(block.der)
    return certificate?.metadata ?? null
  } catch {
    return null
  }
}
