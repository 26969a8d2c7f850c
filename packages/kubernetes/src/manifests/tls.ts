import type { MaterializedPayloadByType } from '@credkit/core'
import type { DesiredSecret } from './desired.js'

const withNewline = (pem: string) => (pem.endsWith('\n') ? pem : `${pem}\n`)

/** A `kubernetes.io/tls` Secret: `tls.crt` = leaf then chain, `tls.key`, `ca.crt` when a chain exists. */
export function tlsSecret(
  name: string,
  payload: MaterializedPayloadByType['tls-certificate'],
): DesiredSecret {
  const leaf = withNewline(payload.certificate.trim())
  const chain = payload.chain?.trim() ? withNewline(payload.chain.trim()) : null
  return {
    kind: 'Secret',
    name,
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': chain ? leaf + chain : leaf,
      'tls.key': withNewline(payload.privateKey.reveal().trim()),
      ...(chain ? { 'ca.crt': chain } : {}),
    },
  }
}
