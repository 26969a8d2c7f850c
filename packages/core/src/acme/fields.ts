import { z } from 'zod'
import { normalizeHostName } from '../hosts/host-name.js'
import { unknownFieldsMessage } from '../validate.js'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether `value` is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A required string field, trimmed, 1–`max` characters. Messages never repeat the value. */
export function text(max = 1024) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
}

/** A GUID field (Azure subscription, tenant and client IDs). */
export function guid() {
  return text(36).regex(GUID, 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)')
}

/** A DNS zone name such as `example.com` (no wildcard), normalised like host names. */
export function zoneName() {
  return text(253).transform((value, ctx) => {
    const name = normalizeHostName(value)
    if (name === null || name.startsWith('*')) {
      ctx.addIssue({ code: 'custom', message: 'must be a DNS zone name such as example.com' })
      return z.NEVER
    }
    return name
  })
}

/**
 * An object of exactly these fields. Unknown fields make one issue on the object that counts them
 * and names the allowed fields, never the unknown keys (input: a secret pasted as a key).
 */
export function fields<S extends z.ZodRawShape>(what: string, shape: S) {
  const allowed = Object.keys(shape)
  return z
    .looseObject(shape, {
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be an object'),
    })
    .superRefine(
      (value, ctx) => {
        let unknown = 0
        for (const key in value) if (Object.hasOwn(value, key) && !allowed.includes(key)) unknown++
        if (unknown > 0) addIssue(ctx, [], unknownFieldsMessage(unknown, allowed, what))
      },
      // Report unknown fields even when known ones failed: a config for another provider shows up
      // as unknown fields, which is the useful message.
      { when: (payload) => isRecord(payload.value) },
    )
    .transform((value) => value as z.output<z.ZodObject<S>>)
}

/** Adds a custom issue at `path`. */
export function addIssue(ctx: z.RefinementCtx, path: Array<string | number>, message: string): void {
  ctx.addIssue({ code: 'custom', path, message })
}
