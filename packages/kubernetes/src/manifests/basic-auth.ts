import { createHash } from 'node:crypto'
import type { MaterializedPayloadByType } from '@credkit/core'
import bcrypt from 'bcryptjs'
import type { DesiredSecret } from './desired.js'

/** Cost factor of the htpasswd bcrypt hash (htpasswd -B uses 5; 10 is bcrypt's usual default). */
export const DEFAULT_BCRYPT_COST = 10
const CACHE_LIMIT = 1_000

/**
 * Computes htpasswd lines, byte-stable for a credential version: the bcrypt salt derives from the
 * credential id and content hash (public values, so the salt reveals nothing and a guess still
 * costs a full bcrypt), so the same version always gives the same line and a new password gets a
 * new salt. Lines are cached in memory: a resync does not pay bcrypt again.
 */
export function createHtpasswd(cost = DEFAULT_BCRYPT_COST) {
  const cache = new Map<string, string>()
  return function htpasswdLine(
    credentialId: string,
    contentHash: string,
    username: string,
    password: string,
  ): string {
    const key = createHash('sha256')
      .update(JSON.stringify([credentialId, contentHash, username, password, cost]))
      .digest('hex')
    const cached = cache.get(key)
    if (cached) return cached
    const seed = createHash('sha256')
      .update(`credkit/htpasswd-salt\0${credentialId}\0${contentHash}`)
      .digest()
    const salt = `$2y$${String(cost).padStart(2, '0')}$${bcrypt.encodeBase64(seed, 16)}`
    const line = `${username}:${bcrypt.hashSync(password, salt)}`
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
    cache.set(key, line)
    return line
  }
}

export type HtpasswdLine = ReturnType<typeof createHtpasswd>

/** An `Opaque` Secret with the single key `auth`: one `user:$2y$…` line (ingress-nginx, Traefik). */
export function basicAuthSecret(
  name: string,
  credential: { credentialId: string; contentHash: string },
  payload: MaterializedPayloadByType['basic-auth'],
  htpasswd: HtpasswdLine,
): DesiredSecret {
  const line = htpasswd(
    credential.credentialId,
    credential.contentHash,
    payload.username,
    payload.password.reveal(),
  )
  return { kind: 'Secret', name, type: 'Opaque', data: { auth: line } }
}
