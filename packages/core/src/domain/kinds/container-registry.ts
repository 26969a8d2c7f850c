import { z } from 'zod'
import { validationFailed } from '../../errors.js'
import { secret } from '../../model/secret.js'
import { parseInput, strictFields } from '../../validate.js'
import { isDockerHub, normalizeRegistryServer } from '../registry-server.js'
import { type CredentialKind, dataFields } from './kind.js'

const Server = z.string({ error: 'expected a string' }).transform((value, ctx) => {
  const server = normalizeRegistryServer(value)
  if (server === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a registry host, host:port or https URL' })
    return z.NEVER
  }
  return server
})
const Email = z.email({ error: 'expected an email address' }).max(254).nullable().optional()
const Username = z
  .string({ error: 'expected a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(256, { error: 'must be at most 256 characters' })
const Password = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'must not be empty' })
  .max(8192, { error: 'must be at most 8192 characters' })

const dockerHubNeedsEmail = { error: 'is required for Docker Hub', path: ['email'] }

/** Body of a `container-registry` credential. Docker Hub requires `email`. */
export const ContainerRegistryData = strictFields({
  server: Server,
  email: Email,
  username: Username,
  password: Password,
}).refine((data) => !isDockerHub(data.server) || Boolean(data.email), dockerHubNeedsEmail)
export type ContainerRegistryData = z.input<typeof ContainerRegistryData>

/** Partial body for updates; an omitted `password` keeps the stored one. */
export const ContainerRegistryUpdate = strictFields({
  server: Server.optional(),
  email: Email,
  username: Username.optional(),
  password: Password.optional(),
})
export type ContainerRegistryUpdate = z.input<typeof ContainerRegistryUpdate>

export const containerRegistryKind: CredentialKind<'container-registry'> = {
  type: 'container-registry',
  secretFields: ['password'],
  create(data) {
    const body = parseInput(ContainerRegistryData, data, ['data'])
    return {
      publicData: { server: body.server, email: body.email ?? null, username: body.username },
      hostNames: [],
      secret: { password: body.password },
      fields: dataFields(body),
    }
  },
  async update(current, patch) {
    const body = parseInput(ContainerRegistryUpdate, patch, ['data'])
    const publicData = {
      server: body.server ?? current.server,
      email: body.email === undefined ? current.email : body.email,
      username: body.username ?? current.username,
    }
    if (isDockerHub(publicData.server) && !publicData.email) {
      throw validationFailed([{ path: ['data', 'email'], message: dockerHubNeedsEmail.error }])
    }
    const newSecret = body.password === undefined ? null : { password: body.password }
    return { publicData, hostNames: [], secret: newSecret, fields: dataFields(body) }
  },
  materialize(publicData, stored) {
    return { ...publicData, password: secret(stored.password) }
  },
}
