import { InvalidArgumentError } from 'commander'

const UNIT_DAYS: Record<string, number> = { d: 1, w: 7 }

/**
 * A window in whole days: `30d`, `2w`, or a bare number of days. At most 3650 days (ten years),
 * as `expiringCertificates` accepts.
 * @throws InvalidArgumentError (a usage error) naming the expected form, never echoing the input
 */
export function parseDays(value: string): number {
  const match = /^(\d{1,5})([dw]?)$/.exec(value.trim())
  if (!match) throw new InvalidArgumentError('expected a duration like 30d or 2w (days or weeks)')
  const days = Number(match[1]) * (UNIT_DAYS[match[2] || 'd'] ?? 1)
  if (days > 3650) throw new InvalidArgumentError('expected at most 3650 days')
  return days
}

/** A whole number from `min` to `max`, for count flags such as `--batch-size`. */
export function parseCount(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d{1,9}$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number')
    const count = Number(value)
    if (count < min || count > max) throw new InvalidArgumentError(`expected a number from ${min} to ${max}`)
    return count
  }
}
