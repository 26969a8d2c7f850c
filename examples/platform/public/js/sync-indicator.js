import { formatDateTime, h, uid } from './dom.js'

const LABELS = { 'not-synced': 'Not synced yet', syncing: 'Syncing', synced: 'Synced', error: 'Error' }

function tooltipText(status) {
  switch (status.state) {
    case 'synced':
      return `Last synced ${formatDateTime(status.lastSyncedAt)}`
    case 'error': {
      const error = status.error ?? {}
      const detail = [error.status, error.reason].filter(Boolean).join(' ')
      const retry = status.nextAttemptAt ? ` Retrying at ${formatDateTime(status.nextAttemptAt)}.` : ''
      const message = (error.message ?? 'The last sync failed').replace(/\.?$/, '')
      return `${message}${detail ? ` (${detail})` : ''}.${retry}`
    }
    case 'syncing':
      return 'A push to this region is under way.'
    default:
      return status.version === null
        ? 'Waiting for the first push to this region.'
        : `The region holds version ${status.version}; the new version is waiting to be pushed.`
  }
}

/**
 * One region's indicator: a focusable chip whose tooltip (shown on hover and on keyboard focus)
 * says when it last synced or why it failed.
 */
export function syncIndicator(status) {
  const tip = uid('tip')
  return h(
    'span',
    {
      class: `sync sync-${status.state}`,
      tabindex: '0',
      'data-region': status.region,
      'data-state': status.state,
      'aria-describedby': tip,
    },
    h('span', { class: 'sync-dot', 'aria-hidden': 'true' }),
    h('span', { class: 'sync-region' }, status.region),
    h('span', { class: 'sync-label' }, LABELS[status.state] ?? status.state),
    h('span', { class: 'tooltip', role: 'tooltip', id: tip }, tooltipText(status)),
  )
}

/** All indicators of a row; an account without regions yet shows one "Not synced yet". */
export function syncIndicators(sync) {
  if (sync.length === 0) {
    return h(
      'div',
      { class: 'sync-list' },
      syncIndicator({ region: 'no region yet', state: 'not-synced', version: null }),
    )
  }
  return h(
    'div',
    { class: 'sync-list', role: 'group', 'aria-label': 'Sync status per region' },
    sync.map(syncIndicator),
  )
}
