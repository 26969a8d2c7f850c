import { z } from 'zod'

const Id = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters' })

/** Who is calling: a user of one account and the roles they hold there. */
export const Actor = z.strictObject({
  accountId: Id,
  userId: Id,
  roles: z.array(z.string({ error: 'expected a string' }).max(64), {
    error: 'expected an array of role names',
  }),
})
export type Actor = z.infer<typeof Actor>
