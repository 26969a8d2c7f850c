import { type AcmeIssuance, parseCertificateMetadata } from '@credkit/core'
import type { KubeObject } from './client.js'

interface Condition {
  readonly type?: string
  readonly status?: string
  readonly reason?: string
  readonly message?: string
}

const MAX_MESSAGE = 300

/**
 * cert-manager's issuance state from a `Certificate`: `issued` once its `Ready` condition is True
 * (certificate metadata from the issued Secret's `tls.crt`, else from the status' `notBefore` /
 * `notAfter` and the spec's names), `issuing` while the `Issuing` condition is True, `failed`
 * when Ready is False after a failure, `pending` otherwise.
 */
export function issuanceOf(certificate: KubeObject | null, issuedSecret: KubeObject | null): AcmeIssuance {
  const status = (certificate?.['status'] ?? {}) as {
    conditions?: Condition[]
    notAfter?: string
    notBefore?: string
    lastFailureTime?: string
  }
  const conditions = status.conditions ?? []
  const ready = conditions.find((c) => c.type === 'Ready')
  if (ready?.status === 'True') {
    const pem = (issuedSecret?.['data'] as Record<string, string> | undefined)?.['tls.crt']
    const parsed = pem ? parseCertificateMetadata(Buffer.from(pem, 'base64').toString('utf8')) : null
    if (parsed) return { state: 'issued', certificate: parsed }
    const names = ((certificate?.['spec'] as { dnsNames?: string[] } | undefined)?.dnsNames ?? []).slice()
    return {
      state: 'issued',
      certificate: {
        commonName: names[0] ?? null,
        altNames: names,
        notBefore: status.notBefore ?? '',
        notAfter: status.notAfter ?? '',
        issuer: '',
        serialNumber: '',
        fingerprintSha256: '',
        keyAlgorithm: '',
      },
    }
  }
  if (conditions.some((c) => c.type === 'Issuing' && c.status === 'True')) return { state: 'issuing' }
  if (ready?.status === 'False' && status.lastFailureTime) {
    const message = (ready.message ?? ready.reason ?? 'issuance failed').replace(/\s+/g, ' ').trim()
    return { state: 'failed', message: message.slice(0, MAX_MESSAGE) }
  }
  return { state: 'pending' }
}
