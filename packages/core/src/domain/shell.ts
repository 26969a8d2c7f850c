import { z } from 'zod'
import { CredentialType } from '../model/credential-type.js'
import { strictFields } from '../validate.js'

/** Control characters and other non-printables (the name shows up in selects). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u

/**
 * Display name: trimmed, NFC-normalised (so names that look the same are the same name), 1–64
 * printable characters counted as code points (zod 4's `max` counts code points, not UTF-16
 * units), unique per (account, type) ignoring case.
 */
export const CredentialName = z
  .string({ error: 'expected a string' })
  .trim()
  .normalize('NFC')
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' })
  .refine((name) => !NON_PRINTABLE.test(name), { error: 'must contain printable characters only' })
export type CredentialName = z.infer<typeof CredentialName>

/** Optional free text; empty means none. */
export const CredentialDescription = z
  .string({ error: 'expected a string' })
  .trim()
  .max(500, { error: 'must be at most 500 characters' })
  .nullable()
  .optional()
  .transform((value) => (value ? value : null))

/** Ids are opaque strings handed out by credkit (UUIDs by default). */
export const CredentialId = z
  .string({ error: 'expected a string' })
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters' })

/** The shell every create request shares; `data` is validated per type. */
export const CreateCredentialShell = strictFields({
  type: CredentialType,
  name: CredentialName,
  description: CredentialDescription,
  data: z.unknown(),
  isDefault: z.boolean({ error: 'expected a boolean' }).optional(),
})

/**
 * The version a caller last saw, for optimistic concurrency: a write whose `expectedVersion` is
 * not the credential's current version is refused with `CONFLICT`.
 */
export const ExpectedVersion = z
  .number({ error: 'expected a number' })
  .int({ error: 'expected a whole number' })
  .min(1, { error: 'must be at least 1' })
  .max(2_147_483_647, { error: 'must be at most 2147483647' })

/**
 * The shell of an update: every field optional, and a field left out keeps its value
 * (`description: null` or `''` clears it); `type` cannot be given.
 */
export const UpdateCredentialShell = strictFields({
  name: CredentialName.optional(),
  description: CredentialDescription.optional(),
  expectedVersion: ExpectedVersion.optional(),
  data: z.unknown().optional(),
  isDefault: z.boolean({ error: 'expected a boolean' }).optional(),
})
