import { z } from 'zod'
import { parseInput } from '../validate.js'

/** How long a credential's past stays: earlier versions, and deleted credentials. */
export interface LifecycleSettings {
  /** Earlier versions each credential keeps (default 10; 0 keeps none). */
  readonly keepVersions: number
  /** Days a deleted credential can be restored before it is purged (default 7; 0 purges at once). */
  readonly recoveryDays: number
}

export const DEFAULT_LIFECYCLE: LifecycleSettings = { keepVersions: 10, recoveryDays: 7 }

const Count = (max: number) =>
  z
    .number({ error: 'expected a number' })
    .int({ error: 'expected a whole number' })
    .min(0, { error: 'must be at least 0' })
    .max(max, { error: `must be at most ${max}` })

const LifecycleOptions = z.strictObject({
  history: z.strictObject({ keep: Count(1000).optional() }).optional(),
  deletion: z.strictObject({ recoveryDays: Count(3650).optional() }).optional(),
})

/**
 * The lifecycle settings of `createCredentials` options `history` and `deletion`.
 * @throws CredentialsError VALIDATION_FAILED (field `history.keep` or `deletion.recoveryDays`)
 */
export function resolveLifecycle(options: { history?: unknown; deletion?: unknown }): LifecycleSettings {
  const parsed = parseInput(LifecycleOptions, { history: options.history, deletion: options.deletion })
  return {
    keepVersions: parsed.history?.keep ?? DEFAULT_LIFECYCLE.keepVersions,
    recoveryDays: parsed.deletion?.recoveryDays ?? DEFAULT_LIFECYCLE.recoveryDays,
  }
}
