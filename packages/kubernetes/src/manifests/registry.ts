import { DOCKER_HUB, DOCKER_HUB_AUTH_KEY, type MaterializedPayloadByType } from '@credkit/core'
import type { DesiredSecret } from './desired.js'

/**
 * A `kubernetes.io/dockerconfigjson` Secret: one entry under `auths`, keyed by
 * `https://index.docker.io/v1/` for Docker Hub and the bare host[:port] otherwise, with `auth`
 * (base64 of `user:password`, which skopeo and containerd require) and `email` only when set.
 * Keys in a fixed order: the same payload always gives the same bytes.
 */
export function registrySecret(
  name: string,
  payload: MaterializedPayloadByType['container-registry'],
): DesiredSecret {
  const password = payload.password.reveal()
  const key = payload.server === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : payload.server
  const entry = {
    username: payload.username,
    password,
    ...(payload.email ? { email: payload.email } : {}),
    auth: Buffer.from(`${payload.username}:${password}`, 'utf8').toString('base64'),
  }
  return {
    kind: 'Secret',
    name,
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': JSON.stringify({ auths: { [key]: entry } }) },
  }
}
