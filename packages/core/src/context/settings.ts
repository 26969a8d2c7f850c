/** Tuning of the sync engine. */
export interface SyncSettings {
  /** Attempts before a (credential, region) stays `error` until `syncNow` (default 8). */
  readonly maxAttempts: number
  /** First retry delay; doubles each attempt, with full jitter (default 1 s). */
  readonly baseDelayMs: number
  /** Cap on the retry delay (default 5 min). */
  readonly maxDelayMs: number
  /** A region call slower than this fails (default 30 s). */
  readonly callTimeoutMs: number
  /** How long a claimed job stays leased to its worker (default 2 min; > callTimeoutMs). */
  readonly leaseMs: number
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 300_000,
  callTimeoutMs: 30_000,
  leaseMs: 120_000,
}

export function resolveSyncSettings(overrides: Partial<SyncSettings> = {}): SyncSettings {
  return { ...DEFAULT_SYNC_SETTINGS, ...overrides }
}
