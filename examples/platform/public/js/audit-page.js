import { api } from './api.js'
import { formatDateTime, h, mount } from './dom.js'

const ACTIONS = {
  'credential.created': 'Created',
  'credential.updated': 'Updated',
  'credential.deleted': 'Deleted',
  'credential.default-set': 'Set as default',
  'credential.default-cleared': 'Default cleared',
  'credential.revealed': 'Revealed',
  'credential.sync-requested': 'Sync requested',
  'credential.synced': 'Synced',
  'credential.sync-failed': 'Sync failed',
  'credential.removed-from-region': 'Removed from region',
  'credential.drift-healed': 'Drift healed',
  'credential.keys-rotated': 'Keys rotated',
  'credential.rolled-back': 'Rolled back',
  'credential.restored': 'Restored',
  'credential.purged': 'Deleted for good',
  'region.prepared': 'Region prepared',
}

const actorText = (actor) => (actor.type === 'user' ? actor.userId : `system (${actor.reason})`)

/** The account audit log, newest first, a page at a time. */
export async function renderAuditPage(container) {
  const body = h('tbody')
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load older events')
  let cursor = null

  const load = async () => {
    const page = await api('GET', `/audit${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`)
    for (const event of page.events) {
      body.append(
        h(
          'tr',
          { 'data-action': event.action, class: event.outcome === 'failure' ? 'failed' : null },
          h('td', { class: 'num' }, String(event.seq)),
          h('td', {}, formatDateTime(event.at)),
          h('td', {}, actorText(event.actor)),
          h('td', {}, ACTIONS[event.action] ?? event.action),
          h('td', {}, event.credential ? event.credential.name : '—'),
          h('td', {}, event.region ?? ''),
          h(
            'td',
            {},
            [event.fields?.length ? `fields: ${event.fields.join(', ')}` : null, event.message]
              .filter(Boolean)
              .join(' · '),
          ),
        ),
      )
    }
    cursor = page.nextCursor
    more.hidden = !cursor
  }
  more.addEventListener('click', load)

  mount(
    container,
    h(
      'div',
      { class: 'page-header' },
      h(
        'div',
        {},
        h('h2', { class: 'page-title' }, 'Audit log'),
        h(
          'p',
          { class: 'lede' },
          'Every credential operation of the account, newest first. Values are never recorded, only field names.',
        ),
      ),
    ),
    h(
      'table',
      { class: 'audit' },
      h('caption', { class: 'visually-hidden' }, 'Audit events'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['#', 'When', 'Who', 'Action', 'Credential', 'Region', 'Details'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      body,
    ),
    more,
  )
  await load()
}
