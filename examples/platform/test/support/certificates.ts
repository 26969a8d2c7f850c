// Real certificates for the TLS form, made the way core's own tests make them.
import { makeChain } from '@credkit/testing'

export interface TlsFixture {
  readonly certificatePem: string
  readonly privateKeyPem: string
  readonly chainPem: string
}

/** A leaf for `*.example.com` + `example.com`, signed by a test intermediate and root. */
export async function makeTlsFixture(): Promise<TlsFixture> {
  const chain = await makeChain({ commonName: '*.example.com', altNames: ['*.example.com', 'example.com'] })
  return {
    certificatePem: chain.leaf.certificatePem,
    privateKeyPem: chain.leaf.privateKeyPem,
    chainPem: chain.chainPem,
  }
}
