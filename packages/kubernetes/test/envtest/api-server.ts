import { mkdir, writeFile } from 'node:fs/promises'
import { Agent, request } from 'node:https'
import { join } from 'node:path'
import { type IssuedCertificate, issueCertificate, serviceAccountKeys } from './certs.js'
import { freePort, type Started, startProcess, waitUntil } from './processes.js'

/** A bearer token of the API server's token file. */
export interface TokenUser {
  readonly token: string
  readonly user: string
  readonly groups: ReadonlyArray<string>
}

export interface ApiServerOptions {
  readonly binary: string
  readonly etcdUrl: string
  /** Folder for certificates, keys and the token file (created). */
  readonly dir: string
  readonly users: ReadonlyArray<TokenUser>
  /** Reuse a CA (a second API server in front of the same etcd); a new one otherwise. */
  readonly ca?: IssuedCertificate
}

export interface ApiServer {
  readonly url: string
  readonly ca: IssuedCertificate
  readonly process: Started
  stop(): Promise<void>
}

/**
 * Starts the real kube-apiserver on a free loopback port, RBAC on, token authentication, the flags
 * envtest uses, and the feature gates that turn on CEL rules and strict field validation. Ready
 * once `GET /readyz` answers 200.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  await mkdir(options.dir, { recursive: true })
  const ca = options.ca ?? (await issueCertificate({ commonName: 'credkit envtest CA', ca: true }))
  const serving = await issueCertificate({
    commonName: 'kube-apiserver',
    altNames: ['127.0.0.1', 'localhost'],
    issuer: ca,
  })
  const sa = serviceAccountKeys()
  const file = (name: string) => join(options.dir, name)
  await writeFile(file('ca.crt'), ca.certificatePem)
  await writeFile(file('serving.crt'), serving.certificatePem + ca.certificatePem)
  await writeFile(file('serving.key'), serving.privateKeyPem, { mode: 0o600 })
  await writeFile(file('sa.pub'), sa.publicKeyPem)
  await writeFile(file('sa.key'), sa.privateKeyPem, { mode: 0o600 })
  await writeFile(
    file('tokens.csv'),
    options.users
      .map((u, i) => `${u.token},${u.user},uid-${i}${u.groups.length > 0 ? `,"${u.groups.join(',')}"` : ''}`)
      .join('\n'),
    { mode: 0o600 },
  )
  const port = await freePort()
  const process = startProcess(options.binary, [
    `--etcd-servers=${options.etcdUrl}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--tls-cert-file=${file('serving.crt')}`,
    `--tls-private-key-file=${file('serving.key')}`,
    `--client-ca-file=${file('ca.crt')}`,
    `--token-auth-file=${file('tokens.csv')}`,
    `--service-account-key-file=${file('sa.pub')}`,
    `--service-account-signing-key-file=${file('sa.key')}`,
    '--service-account-issuer=https://kubernetes.default.svc',
    '--service-cluster-ip-range=10.96.0.0/16',
    '--authorization-mode=RBAC',
    '--endpoint-reconciler-type=none',
    `--cert-dir=${file('cert-dir')}`,
    '--feature-gates=CustomResourceValidationExpressions=true,ServerSideFieldValidation=true',
  ])
  const url = `https://127.0.0.1:${port}`
  const admin = options.users.find((u) => u.groups.includes('system:masters'))
  const agent = new Agent({ ca: ca.certificatePem })
  try {
    await waitUntil('kube-apiserver', process, () => readyz(url, agent, admin?.token), 90_000)
  } catch (error) {
    await process.stop()
    throw error
  } finally {
    agent.destroy()
  }
  return { url, ca, process, stop: () => process.stop(10_000) }
}

function readyz(url: string, agent: Agent, token: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      `${url}/readyz`,
      { agent, headers: token ? { authorization: `Bearer ${token}` } : {}, timeout: 2_000 },
      (res) => {
        res.resume()
        resolve(res.statusCode === 200)
      },
    )
    req.on('error', () => resolve(false))
    req.on('timeout', () => req.destroy())
    req.end()
  })
}
