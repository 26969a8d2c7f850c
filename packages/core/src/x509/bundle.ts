import { createPublicKey } from 'node:crypto'
import { certificateHostNames } from '../hosts/host-match.js'
import {
  bundleFailure,
  type CertificateBundleFailure,
  type CertificateBundleResult,
  type CertificateField,
} from './bundle-result.js'
import { type DecodedCertificate, readCertificates } from './certificate.js'
import { checkChainOrder } from './chain.js'
import { keyAlgorithm, SUPPORTED_KEYS } from './key-algorithm.js'
import { writePem } from './pem.js'
import { readPrivateKey } from './private-key.js'

/** The three boxes of the TLS certificate form. */
export interface CertificateBundleInput {
  readonly certificate: string
  readonly privateKey: string
  readonly chain?: string | null | undefined
}

/** Options of `parseCertificateBundle`. */
export interface CertificateBundleOptions {
  /** The time the validity window is checked against; defaults to now. */
  readonly now?: Date | undefined
}

/**
 * Parses and checks an uploaded certificate bundle. Never throws: every problem with the input is
 * an `ok: false` outcome naming the box and the problem, never echoing the input.
 *
 * The certificate box holds the leaf first. When the chain box is empty, further certificates in
 * the certificate box are taken as the chain (a pasted `fullchain.pem` works); when the chain box
 * is filled too, extra certificates are refused as `multiple-certificates`. The key must match
 * the leaf, the chain must run leaf → issuer → …, and the leaf must be valid at `now`.
 */
export function parseCertificateBundle(
  input: CertificateBundleInput,
  options: CertificateBundleOptions = {},
): CertificateBundleResult {
  try {
    return parse(input, options.now ?? new Date())
  } catch {
    return bundleFailure('certificate', 'malformed-pem', 'certificate could not be parsed')
  }
}

function parse(input: CertificateBundleInput, now: Date): CertificateBundleResult {
  const text = textOf(input, 'certificate')
  if (typeof text !== 'string') return text
  const leafRead = readCertificates(text, 'certificate')
  if (!leafRead.ok) return leafRead
  const [leaf, ...extra] = leafRead.certificates
  if (leaf === undefined) {
    return bundleFailure('certificate', 'not-a-certificate', 'certificate holds no certificate')
  }

  const keyText = textOf(input, 'privateKey')
  if (typeof keyText !== 'string') return keyText
  const keyRead = readPrivateKey(keyText)
  if (!keyRead.ok) return keyRead

  const chain = readChain(input.chain, extra)
  if (!Array.isArray(chain)) return chain

  const algorithm = keyAlgorithm(leaf.node.publicKey)
  if (!algorithm.supported) {
    return bundleFailure(
      'certificate',
      'unsupported-key',
      `certificate has a ${algorithm.name} key; supported keys are ${SUPPORTED_KEYS}`,
    )
  }
  // Key material comparison (EVP_PKEY_eq), so encoding differences of the same key do not matter.
  if (!leaf.node.publicKey.equals(createPublicKey(keyRead.key))) {
    return bundleFailure(
      'privateKey',
      'key-mismatch',
      'privateKey does not match the public key of certificate',
    )
  }
  const order = checkChainOrder(leaf, chain)
  if (order !== null) return order

  const { metadata } = leaf
  if (now.getTime() < Date.parse(metadata.notBefore)) {
    return bundleFailure(
      'certificate',
      'not-yet-valid',
      `certificate is not valid before ${metadata.notBefore}`,
    )
  }
  if (now.getTime() > Date.parse(metadata.notAfter)) {
    return bundleFailure('certificate', 'expired', `certificate expired on ${metadata.notAfter}`)
  }
  return {
    ok: true,
    metadata,
    certificatePem: writePem('CERTIFICATE', leaf.der),
    chainPem: chain.length > 0 ? chain.map((c) => writePem('CERTIFICATE', c.der)).join('') : null,
    privateKeyPem: String(keyRead.key.export({ type: 'pkcs8', format: 'pem' })),
    hostNames: certificateHostNames([
      ...(metadata.commonName === null ? [] : [metadata.commonName]),
      ...metadata.altNames,
    ]),
  }
}

function readChain(
  chain: unknown,
  extra: DecodedCertificate[],
): DecodedCertificate[] | CertificateBundleFailure {
  if (chain === undefined || chain === null || (typeof chain === 'string' && chain.trim() === '')) {
    return extra
  }
  if (typeof chain !== 'string') return bundleFailure('chain', 'malformed-pem', 'chain must be PEM text')
  if (extra.length > 0) {
    return bundleFailure(
      'certificate',
      'multiple-certificates',
      'certificate holds more than one certificate while chain is also given; put only the leaf in certificate',
    )
  }
  const read = readCertificates(chain, 'chain')
  return read.ok ? read.certificates : read
}

function textOf(input: CertificateBundleInput, field: CertificateField): string | CertificateBundleFailure {
  const value: unknown = input?.[field as 'certificate' | 'privateKey']
  if (typeof value === 'string' && value.trim() !== '') return value
  return bundleFailure(field, 'malformed-pem', `${field} must be non-empty PEM text`)
}
