import 'reflect-metadata'
import type { X509Certificate as NodeCertificate } from 'node:crypto'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { SubjectAlternativeNameExtension, type X509Certificate } from '@peculiar/x509'
import type { CertificateMetadata } from '../model/credential-records.js'
import { keyAlgorithm } from './key-algorithm.js'

/** The row metadata of a certificate, from its DER and both decoders. May throw on bad content. */
export function describeCertificate(
  der: Uint8Array,
  node: NodeCertificate,
  parsed: X509Certificate,
): CertificateMetadata {
  const commonName = parsed.subjectName.getField('CN')[0] ?? null
  const san = parsed.getExtension(SubjectAlternativeNameExtension)
  const altNames = (san?.names.items ?? [])
    .filter((name) => name.type === 'dns' || name.type === 'ip')
    .map((name) => name.value)
  return {
    commonName,
    altNames,
    notBefore: parsed.notBefore.toISOString(),
    notAfter: parsed.notAfter.toISOString(),
    issuer: parsed.issuer,
    serialNumber: node.serialNumber.toLowerCase(),
    fingerprintSha256: bytesToHex(sha256(der)),
    keyAlgorithm: keyAlgorithm(node.publicKey).name,
  }
}
