import { z } from 'zod'

/** Most roles an actor may carry, and the longest role name. */
export const MAX_ROLES = 100
const MAX_ROLE_LENGTH = 64

const Id = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters' })

/**
 * Who is calling: a user of one account and the roles they hold there (at most 100, each at most
 * 64 characters). Any other field is ignored and dropped, so a platform's session object
 * (`{ accountId, userId, roles, email, ... }`) can be passed as it is.
 */
export const Actor = z.object({
  accountId: Id,
  userId: Id,
  roles: z
    .array(
      z
        .string({ error: 'expected a string' })
        .max(MAX_ROLE_LENGTH, { error: `must be at most ${MAX_ROLE_LENGTH} characters` }),
      {
        error: 'expected an array of role names',
      },
    )
    .max(MAX_ROLES, { error: `must list at most ${MAX_ROLES} roles` }),
})
export type Actor = z.infer<typeof Actor>
