import type { Random } from '../ports/random.js'
import type { SyncSettings } from './settings.js'

/**
 * Delay before retry number `attempts` (1 = after the first failure): exponential backoff with
 * full jitter, uniform in [1, min(maxDelayMs, baseDelayMs * 2^(attempts-1))]. Never 0, so a
 * failed job is not due again within the same `runDueJobs` pass.
 */
export function retryDelayMs(
  settings: Pick<SyncSettings, 'baseDelayMs' | 'maxDelayMs'>,
  attempts: number,
  random: Random,
): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 52))
  const cap = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** exponent)
  const draw = random.float()
  const jitter = Number.isFinite(draw) ? Math.min(Math.max(draw, 0), 1) : 1
  return Math.max(1, Math.ceil(jitter * cap))
}

/** When retry number `attempts` is due, from `now`. */
export function retryAt(
  now: Date,
  settings: Pick<SyncSettings, 'baseDelayMs' | 'maxDelayMs'>,
  attempts: number,
  random: Random,
): Date {
  return new Date(now.getTime() + retryDelayMs(settings, attempts, random))
}
