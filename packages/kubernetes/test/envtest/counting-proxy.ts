import { createServer } from 'node:http'
import { request } from 'node:https'

/** One request the proxy forwarded: verb, path, and the label selector when there was one. */
export interface SeenRequest {
  readonly method: string
  readonly path: string
  readonly labelSelector: string | null
}

/**
 * A loopback HTTP proxy in front of the API server that records every request: the client speaks
 * plain HTTP to it (loopback only), the proxy forwards over TLS with the server's CA and returns
 * the answer untouched. `requests` lists what went through, `reset()` forgets it.
 */
export async function startCountingProxy(target: { server: string; caPem: string }) {
  const upstream = new URL(target.server)
  const requests: SeenRequest[] = []
  const server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://proxy')
    requests.push({
      method: incoming.method ?? '',
      path: url.pathname,
      labelSelector: url.searchParams.get('labelSelector'),
    })
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
        ca: target.caPem,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      },
    )
    forward.on('error', () => outgoing.destroy())
    incoming.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    reset(): void {
      requests.length = 0
    },
    async stop(): Promise<void> {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
