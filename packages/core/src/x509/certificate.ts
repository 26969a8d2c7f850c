import 'reflect-metadata'
import { X509Certificate as NodeCertificate } from 'node:crypto'
import { X509Certificate } from '@peculiar/x509'
import type { CertificateMetadata } from '../model/credential-records.js'
import { bundleFailure, type CertificateBundleFailure, type CertificateField } from './bundle-result.js'
import { describeCertificate } from './certificate-metadata.js'
import { readPem } from './pem.js'

/** One certificate, decoded by both node:crypto (keys, signatures) and @peculiar/x509 (names). */
export interface DecodedCertificate {
  readonly der: Uint8Array
  readonly node: NodeCertificate
  readonly parsed: X509Certificate
  readonly metadata: CertificateMetadata
}

/** Outcome of reading the certificates of one input box. */
export type CertificatesRead =
  | { readonly ok: true; readonly certificates: DecodedCertificate[] }
  | CertificateBundleFailure

/** Decodes one DER certificate, or returns `null` when the bytes are not one. */
export function decodeCertificate(der: Uint8Array): DecodedCertificate | null {
  if (!isOneSequence(der)) return null
  try {
    const node = new NodeCertificate(Buffer.from(der))
    const parsed = new X509Certificate(der)
    // Computed now so that a malformed name, date or extension fails here, as "not a certificate".
    const metadata = describeCertificate(der, node, parsed)
    return { der, node, parsed, metadata }
  } catch {
    return null
  }
}

/** Whether `der` is exactly one DER SEQUENCE: decoders ignore trailing bytes, the fingerprint would not. */
function isOneSequence(der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false
  const first = der[1] ?? 0
  if (first < 0x80) return der.length === 2 + first
  const count = first & 0x7f
  if (count === 0 || count > 4 || der.length < 2 + count) return false
  let length = 0
  for (let index = 0; index < count; index++) length = length * 256 + (der[2 + index] ?? 0)
  return der.length === 2 + count + length
}

/** Reads the CERTIFICATE blocks of `text` (at least one); any other block is refused. */
export function readCertificates(text: string, field: CertificateField): CertificatesRead {
  const pem = readPem(text)
  if (!pem.ok) return malformed(field, pem.reason)
  const certificates: DecodedCertificate[] = []
  for (const [index, block] of pem.blocks.entries()) {
    const where = pem.blocks.length > 1 ? ` (block ${index + 1})` : ''
    if (block.label !== 'CERTIFICATE') return wrongBlock(field, block.label, where)
    if (block.der === null) {
      return bundleFailure(
        field,
        'malformed-pem',
        `${field} has a CERTIFICATE block${where} that is not valid base64`,
      )
    }
    const certificate = decodeCertificate(block.der)
    if (certificate === null) {
      return bundleFailure(
        field,
        'not-a-certificate',
        `${field} has a CERTIFICATE block${where} that is not a valid X.509 certificate`,
      )
    }
    certificates.push(certificate)
  }
  return { ok: true, certificates }
}

/** The failure for text that is not PEM at all. */
export function malformed(
  field: CertificateField,
  reason: 'binary' | 'no-block' | 'unterminated',
): CertificateBundleFailure {
  const expected = field === 'privateKey' ? 'PRIVATE KEY' : 'CERTIFICATE'
  const message = {
    binary: `${field} looks like binary (DER) data; paste it PEM-encoded (-----BEGIN ${expected}-----)`,
    'no-block': `${field} holds no PEM block; expected -----BEGIN ${expected}----- … -----END ${expected}-----`,
    unterminated: `${field} has a PEM block that is truncated or not closed by its matching END line`,
  }[reason]
  return bundleFailure(field, 'malformed-pem', message)
}

function wrongBlock(field: CertificateField, label: string, where: string): CertificateBundleFailure {
  const found = label.includes('CERTIFICATE REQUEST')
    ? 'a certificate signing request (CSR), not a certificate'
    : label.includes('PRIVATE KEY')
      ? 'a private key; paste the key in privateKey'
      : label.includes('PUBLIC KEY')
        ? 'a public key, not a certificate'
        : 'a PEM block that is not a CERTIFICATE'
  return bundleFailure(field, 'not-a-certificate', `${field}${where} holds ${found}`)
}
