import 'reflect-metadata'
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto'
import { isIP } from 'node:net'
import * as x509 from '@peculiar/x509'

// Test helper shared by the suites that need real certificates; not part of the public API.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

type CryptoKeyPair = webcrypto.CryptoKeyPair
type KeyAlgorithm = webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams | webcrypto.Algorithm

/** Key types the helpers can generate. */
export type TestKeyType = 'rsa-2048' | 'rsa-1024' | 'ecdsa-p256' | 'ecdsa-p384' | 'ed25519'

/** A generated certificate with its key, as PEM and as objects for signing further certificates. */
export interface TestCertificate {
  readonly certificatePem: string
  /** PKCS#8 PEM. */
  readonly privateKeyPem: string
  readonly certificate: x509.X509Certificate
  readonly keys: CryptoKeyPair
  readonly keyType: TestKeyType
}

export interface MakeCertificateOptions {
  readonly keyType?: TestKeyType
  readonly commonName?: string | null
  readonly altNames?: ReadonlyArray<string>
  readonly notBefore?: Date
  readonly notAfter?: Date
  /** Marks the certificate as a CA (basic constraints + keyCertSign). */
  readonly ca?: boolean
  /** Signs with this certificate's key and names it as issuer; self-signed when absent. */
  readonly issuer?: TestCertificate
  /** Reuse a key pair (for a second certificate of the same key). */
  readonly keys?: CryptoKeyPair
}

const DAY = 86_400_000

function algorithm(keyType: TestKeyType): KeyAlgorithm {
  switch (keyType) {
    case 'rsa-2048':
    case 'rsa-1024':
      return {
        name: 'RSASSA-PKCS1-v1_5',
        hash: 'SHA-256',
        publicExponent: new Uint8Array([1, 0, 1]),
        modulusLength: keyType === 'rsa-2048' ? 2048 : 1024,
      } as webcrypto.RsaHashedKeyGenParams
    case 'ecdsa-p256':
      return { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as webcrypto.EcKeyGenParams
    case 'ecdsa-p384':
      return { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' } as webcrypto.EcKeyGenParams
    case 'ed25519':
      return { name: 'Ed25519' }
  }
}

/** Generates a key pair of `keyType` with WebCrypto. */
export async function generateKeys(keyType: TestKeyType): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(algorithm(keyType), true, ['sign', 'verify'])) as CryptoKeyPair
}

/** Issues a certificate (self-signed unless `issuer` is given). Defaults: ECDSA P-256, valid ±1 year. */
export async function makeCertificate(options: MakeCertificateOptions = {}): Promise<TestCertificate> {
  const keyType = options.keyType ?? 'ecdsa-p256'
  const keys = options.keys ?? (await generateKeys(keyType))
  const commonName = options.commonName === undefined ? 'example.com' : options.commonName
  const subject = commonName === null ? 'O=credkit tests' : `CN=${commonName}, O=credkit tests`
  const issuer = options.issuer
  const signer = issuer?.keys ?? keys
  const extensions: x509.Extension[] = [
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey),
  ]
  if (options.ca) {
    extensions.push(new x509.BasicConstraintsExtension(true, undefined, true))
    extensions.push(
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    )
  }
  const altNames = options.altNames ?? []
  if (altNames.length > 0) {
    const names = altNames.map((value) => ({ type: isIP(value) ? ('ip' as const) : ('dns' as const), value }))
    extensions.push(new x509.SubjectAlternativeNameExtension(names))
  }
  const serial = randomBytes(12)
  serial[0] = (serial[0] ?? 0) & 0x7f
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject,
    issuer: issuer?.certificate.subject ?? subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: algorithm(issuer?.keyType ?? keyType),
    publicKey: keys.publicKey,
    signingKey: signer.privateKey,
    extensions,
  })
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey))
  const privateKeyPem = String(
    createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }),
  )
  return { certificatePem: `${certificate.toString('pem')}\n`, privateKeyPem, certificate, keys, keyType }
}

/** A self-signed leaf certificate; see `makeCertificate` for defaults. */
export function makeSelfSigned(
  options: Omit<MakeCertificateOptions, 'issuer' | 'ca'> = {},
): Promise<TestCertificate> {
  return makeCertificate(options)
}

/** A root → intermediate → leaf chain; `chainPem` is intermediate then root (the correct order). */
export async function makeChain(options: Omit<MakeCertificateOptions, 'issuer' | 'ca'> = {}): Promise<{
  root: TestCertificate
  intermediate: TestCertificate
  leaf: TestCertificate
  chainPem: string
}> {
  const keyType = options.keyType ?? 'ecdsa-p256'
  const root = await makeCertificate({ keyType, commonName: 'credkit Test Root CA', ca: true })
  const intermediate = await makeCertificate({
    keyType,
    commonName: 'credkit Test Intermediate CA',
    ca: true,
    issuer: root,
  })
  const leaf = await makeCertificate({ ...options, keyType, issuer: intermediate })
  return { root, intermediate, leaf, chainPem: intermediate.certificatePem + root.certificatePem }
}

/** A PKCS#10 certificate signing request as PEM. */
export async function makeCsr(
  keyType: TestKeyType = 'ecdsa-p256',
  commonName = 'example.com',
): Promise<string> {
  const keys = await generateKeys(keyType)
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${commonName}`,
    keys,
    signingAlgorithm: algorithm(keyType),
  })
  return `${csr.toString('pem')}\n`
}

/** Re-encodes a PKCS#8 PEM key as PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`). */
export function convertKey(privateKeyPem: string, type: 'pkcs1' | 'sec1'): string {
  return String(createPrivateKey(privateKeyPem).export({ type, format: 'pem' }))
}

/** Encrypts a key with a passphrase: PKCS#8 (`ENCRYPTED PRIVATE KEY`) or legacy PKCS#1 (`Proc-Type`). */
export function encryptKey(
  privateKeyPem: string,
  passphrase: string,
  type: 'pkcs8' | 'pkcs1' = 'pkcs8',
): string {
  return String(
    createPrivateKey(privateKeyPem).export({ type, format: 'pem', cipher: 'aes-256-cbc', passphrase }),
  )
}
