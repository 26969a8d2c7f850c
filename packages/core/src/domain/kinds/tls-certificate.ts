import { validationFailed } from '../../errors.js'
import type { TlsPublicData } from '../../model/credential-records.js'
import { secret } from '../../model/secret.js'
import { parseInput, textIssues } from '../../validate.js'
import {
  type CertificateBundleResult,
  certificateIssues,
  parseCertificateBundle,
  TlsCertificateData,
  TlsCertificateUpdate,
} from '../../x509/index.js'
import { type BuiltBody, type CredentialKind, dataFields } from './kind.js'

function build(
  result: CertificateBundleResult,
  fields: string[],
  keepKey: boolean,
): BuiltBody<'tls-certificate'> {
  if (!result.ok) throw validationFailed(certificateIssues(result))
  if (textIssues(result.metadata).length > 0) {
    throw validationFailed([
      {
        path: ['data', 'certificate'],
        message: 'holds names that are not storable text (NUL or invalid Unicode)',
      },
    ])
  }
  const publicData: TlsPublicData = {
    ...result.metadata,
    certificate: result.certificatePem,
    chain: result.chainPem,
  }
  return {
    publicData,
    hostNames: result.hostNames,
    secret: keepKey ? null : { privateKey: result.privateKeyPem },
    fields,
  }
}

export const tlsCertificateKind: CredentialKind<'tls-certificate'> = {
  type: 'tls-certificate',
  secretFields: ['privateKey'],
  create(data, { now }) {
    const body = parseInput(TlsCertificateData, data, ['data'])
    return build(parseCertificateBundle(body, { now }), dataFields(body), false)
  },
  async update(current, patch, { now }, loadSecret) {
    const body = parseInput(TlsCertificateUpdate, patch, ['data'])
    const bundle = {
      certificate: body.certificate ?? current.certificate,
      chain: body.chain === undefined ? current.chain : body.chain,
      privateKey: body.privateKey ?? (await loadSecret()).privateKey,
    }
    return build(parseCertificateBundle(bundle, { now }), dataFields(body), body.privateKey === undefined)
  },
  materialize(publicData, stored) {
    return {
      certificate: publicData.certificate,
      chain: publicData.chain,
      privateKey: secret(stored.privateKey),
    }
  },
}
