import { createPrivateKey, type KeyObject } from 'node:crypto'
import { bundleFailure, type CertificateBundleFailure } from './bundle-result.js'
import { malformed } from './certificate.js'
import { keyAlgorithm, SUPPORTED_KEYS } from './key-algorithm.js'
import { readPem } from './pem.js'

/** Outcome of reading the private key box. */
export type PrivateKeyRead = { readonly ok: true; readonly key: KeyObject } | CertificateBundleFailure

const FORMATS: Record<string, { type: 'pkcs8' | 'pkcs1' | 'sec1'; name: string }> = {
  'PRIVATE KEY': { type: 'pkcs8', name: 'PKCS#8' },
  'RSA PRIVATE KEY': { type: 'pkcs1', name: 'PKCS#1 RSA' },
  'EC PRIVATE KEY': { type: 'sec1', name: 'SEC1 EC' },
}
const FIELD = 'privateKey'

/**
 * Reads exactly one unencrypted private key: PKCS#8 (`PRIVATE KEY`), PKCS#1 (`RSA PRIVATE KEY`)
 * or SEC1 (`EC PRIVATE KEY`, with or without its `EC PARAMETERS` block), of a supported type.
 */
export function readPrivateKey(text: string): PrivateKeyRead {
  const pem = readPem(text)
  if (!pem.ok) return malformed(FIELD, pem.reason)
  const blocks = pem.blocks.filter((block) => block.label !== 'EC PARAMETERS')
  const other = blocks.find((block) => !block.label.endsWith('PRIVATE KEY'))
  if (other !== undefined) return notAKey(other.label)
  const [block, extra] = blocks
  if (block === undefined) return notAKey('EC PARAMETERS')
  if (extra !== undefined) {
    return bundleFailure(
      FIELD,
      'multiple-keys',
      `${FIELD} holds ${blocks.length} private keys; paste exactly one`,
    )
  }
  if (block.label === 'ENCRYPTED PRIVATE KEY' || block.encrypted) {
    return bundleFailure(
      FIELD,
      'encrypted-key',
      `${FIELD} is encrypted with a passphrase; export it unencrypted (openssl pkey -in key.pem -out plain.pem)`,
    )
  }
  const format = FORMATS[block.label]
  if (format === undefined) {
    return bundleFailure(
      FIELD,
      'unsupported-key',
      `${FIELD} is in an unsupported format; use PKCS#8 (PRIVATE KEY)`,
    )
  }
  if (block.der === null) {
    return bundleFailure(
      FIELD,
      'malformed-pem',
      `${FIELD} has a ${format.name} block that is not valid base64`,
    )
  }
  let key: KeyObject
  try {
    key = createPrivateKey({ key: Buffer.from(block.der), format: 'der', type: format.type })
  } catch {
    return bundleFailure(
      FIELD,
      'not-a-private-key',
      `${FIELD} has a ${format.name} block that is not a valid key`,
    )
  }
  const algorithm = keyAlgorithm(key)
  if (!algorithm.supported) {
    return bundleFailure(
      FIELD,
      'unsupported-key',
      `${FIELD} is ${algorithm.name}; supported keys are ${SUPPORTED_KEYS}`,
    )
  }
  return { ok: true, key }
}

function notAKey(label: string): CertificateBundleFailure {
  const found = label.includes('CERTIFICATE REQUEST')
    ? 'a certificate signing request (CSR), not a private key'
    : label === 'CERTIFICATE'
      ? 'a certificate, not a private key; paste the certificate in certificate'
      : label.includes('PUBLIC KEY')
        ? 'a public key, not a private key'
        : 'a PEM block that is not a private key'
  return bundleFailure(FIELD, 'not-a-private-key', `${FIELD} holds ${found}`)
}
