import 'reflect-metadata'
import { createPrivateKey, generateKeyPairSync, randomBytes, webcrypto } from 'node:crypto'
import * as x509 from '@peculiar/x509'

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const
const DAY = 86_400_000

/** A certificate and its PKCS#8 key, as PEM, plus what signing further certificates needs. */
export interface IssuedCertificate {
  readonly certificatePem: string
  readonly privateKeyPem: string
  readonly certificate: x509.X509Certificate
  readonly keys: webcrypto.CryptoKeyPair
}

export interface IssueOptions {
  readonly commonName: string
  /** DNS names and IP addresses. */
  readonly altNames?: ReadonlyArray<string>
  readonly ca?: boolean
  readonly issuer?: IssuedCertificate
  readonly notAfter?: Date
}

/** Issues an ECDSA P-256 certificate, self-signed unless `issuer` is given. */
export async function issueCertificate(options: IssueOptions): Promise<IssuedCertificate> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair
  const subject = `CN=${options.commonName}`
  const signer = options.issuer?.keys ?? keys
  const extensions: x509.Extension[] = [
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey),
  ]
  if (options.ca) {
    extensions.push(new x509.BasicConstraintsExtension(true, undefined, true))
    extensions.push(
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    )
  } else {
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]))
  }
  const altNames = options.altNames ?? []
  if (altNames.length > 0) {
    const names = altNames.map((value) => ({
      type: /^[\d.]+$/.test(value) ? ('ip' as const) : ('dns' as const),
      value,
    }))
    extensions.push(new x509.SubjectAlternativeNameExtension(names))
  }
  const serial = randomBytes(12)
  serial[0] = (serial[0] ?? 0) & 0x7f
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject,
    issuer: options.issuer?.certificate.subject ?? subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 30 * DAY),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: signer.privateKey,
    extensions,
  })
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey))
  const privateKeyPem = String(
    createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }),
  )
  return { certificatePem: `${certificate.toString('pem')}\n`, privateKeyPem, certificate, keys }
}

/** An RSA key pair as PEM, for the API server's service-account token signing. */
export function serviceAccountKeys(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    publicKeyPem: String(publicKey.export({ type: 'spki', format: 'pem' })),
    privateKeyPem: String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
  }
}
