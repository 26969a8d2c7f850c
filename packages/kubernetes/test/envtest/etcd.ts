import { join } from 'node:path'
import { freePort, type Started, startProcess, waitUntil } from './processes.js'

export interface Etcd {
  readonly url: string
  readonly process: Started
  stop(): Promise<void>
}

/** Starts etcd on two free loopback ports with its data in `dataDir`; ready once /health answers. */
export async function startEtcd(binary: string, dataDir: string): Promise<Etcd> {
  const client = await freePort()
  const peer = await freePort()
  const url = `http://127.0.0.1:${client}`
  const peerUrl = `http://127.0.0.1:${peer}`
  const process = startProcess(binary, [
    '--data-dir',
    join(dataDir, 'etcd'),
    '--listen-client-urls',
    url,
    '--advertise-client-urls',
    url,
    '--listen-peer-urls',
    peerUrl,
    '--initial-advertise-peer-urls',
    peerUrl,
    '--initial-cluster',
    `default=${peerUrl}`,
    '--name',
    'default',
  ])
  try {
    await waitUntil('etcd', process, async () => (await fetch(`${url}/health`)).ok)
  } catch (error) {
    await process.stop()
    throw error
  }
  return { url, process, stop: () => process.stop() }
}
