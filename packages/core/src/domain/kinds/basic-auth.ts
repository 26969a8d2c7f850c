import { z } from 'zod'
import { secret } from '../../model/secret.js'
import { parseInput, strictFields } from '../../validate.js'
import { type CredentialKind, dataFields } from './kind.js'

const Username = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'must not be empty' })
  .max(256, { error: 'must be at most 256 characters' })
  .refine((value) => !value.includes(':'), { error: 'must not contain ":"' })
  .refine((value) => !/[\p{Cc}\s]/u.test(value), { error: 'must not contain spaces or control characters' })
const Password = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'must not be empty' })
  .max(1024, { error: 'must be at most 1024 characters' })
  .refine((value) => !/[\r\n\0]/.test(value), { error: 'must not contain line breaks or NUL' })

/** Body of a `basic-auth` credential: one HTTP basic-auth user. */
export const BasicAuthData = strictFields({ username: Username, password: Password })
export type BasicAuthData = z.input<typeof BasicAuthData>

/** Partial body for updates; an omitted `password` keeps the stored one. */
export const BasicAuthUpdate = strictFields({
  username: Username.optional(),
  password: Password.optional(),
})
export type BasicAuthUpdate = z.input<typeof BasicAuthUpdate>

export const basicAuthKind: CredentialKind<'basic-auth'> = {
  type: 'basic-auth',
  secretFields: ['password'],
  create(data) {
    const body = parseInput(BasicAuthData, data, ['data'])
    return {
      publicData: { username: body.username },
      hostNames: [],
      secret: { password: body.password },
      fields: dataFields(body),
    }
  },
  async update(current, patch) {
    const body = parseInput(BasicAuthUpdate, patch, ['data'])
    return {
      publicData: { username: body.username ?? current.username },
      hostNames: [],
      secret: body.password === undefined ? null : { password: body.password },
      fields: dataFields(body),
    }
  },
  materialize(publicData, stored) {
    return { username: publicData.username, password: secret(stored.password) }
  },
}
