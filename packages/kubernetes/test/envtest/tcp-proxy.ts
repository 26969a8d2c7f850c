import { connect, createServer, type Socket } from 'node:net'

/**
 * A loopback TCP proxy in front of the API server: TLS passes through untouched. `hold()` stops
 * forwarding what clients send (a request then hangs, as against an overloaded server) and
 * resolves `held` once a request is stuck; `stop()` closes the port and every connection (the
 * server is gone: connection refused).
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>()
  let holding = false
  let onHeld: (() => void) | null = null
  const server = createServer((client) => {
    const upstream = connect(target)
    sockets.add(client).add(upstream)
    client.on('data', (chunk) => {
      if (holding) {
        onHeld?.()
        return
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk) => client.write(chunk))
    const close = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('close', close).on('error', close)
    upstream.on('close', close).on('error', close)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no port')
  return {
    url: `https://127.0.0.1:${address.port}`,
    /** Drops what clients send from now on; the promise resolves once a request was swallowed. */
    hold(): Promise<void> {
      holding = true
      return new Promise((resolve) => {
        onHeld = resolve
      })
    },
    async stop(): Promise<void> {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
