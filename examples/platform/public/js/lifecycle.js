// A credential's past in the Credentials tab: its versions (with rollback) and the credentials
// deleted in the last days (restore, delete for good). credkit decides what is allowed.
import { api, TYPE_LABELS } from './api.js'
import { formatDate, formatDateTime, h, mount } from './dom.js'
import { openModal } from './modal.js'

/** Versions of a credential, newest first, each earlier one with a "Roll back" button. */
export function openHistoryDialog(view, onDone) {
  openModal(
    `History of ${view.name}`,
    (close) => {
      const banner = h('div', { class: 'form-banner', role: 'alert', tabindex: '-1', hidden: true })
      const body = h('tbody')
      // The version the dialog shows as current: a rollback from it is refused if it moved on.
      let shownVersion = view.version
      const rollback = async (entry) => {
        try {
          const next = await api('POST', `/credentials/${view.id}/rollback`, {
            toVersion: entry.version,
            expectedVersion: shownVersion,
          })
          close()
          onDone(
            `Rolled ${view.name} back to the content of version ${entry.version}, as version ${next.version}`,
          )
        } catch (error) {
          mount(banner, h('p', {}, error.message))
          banner.hidden = false
          banner.focus()
        }
      }
      api('GET', `/credentials/${view.id}/history`).then(
        (page) => {
          shownVersion = page.items.find((entry) => entry.current)?.version ?? view.version
          mount(
            body,
            page.items.map((entry) =>
              h(
                'tr',
                { 'data-version': String(entry.version) },
                h('td', { class: 'num' }, `v${entry.version}`),
                h('td', {}, formatDateTime(entry.at)),
                h('td', {}, entry.by),
                h('td', {}, entry.fields.length ? entry.fields.join(', ') : 'not recorded'),
                h(
                  'td',
                  {},
                  entry.current
                    ? 'current'
                    : h(
                        'button',
                        {
                          type: 'button',
                          'aria-label': `Roll back to version ${entry.version}`,
                          onclick: () => rollback(entry),
                        },
                        'Roll back',
                      ),
                ),
              ),
            ),
          )
        },
        (error) => {
          mount(banner, h('p', {}, error.message))
          banner.hidden = false
        },
      )
      return h(
        'div',
        {},
        h(
          'p',
          {},
          'Each change keeps the version it replaced. Rolling back makes a new version with the old content and pushes it to every region.',
        ),
        banner,
        h(
          'table',
          { class: 'audit history' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Version', 'When', 'By', 'Changed', ''].map((title) => h('th', {}, title)),
            ),
          ),
          body,
        ),
        h(
          'div',
          { class: 'modal-actions' },
          h('button', { type: 'button', class: 'secondary', onclick: close }, 'Close'),
        ),
      )
    },
    { wide: true },
  )
}

/**
 * The "Recently deleted" section under the groups, or null when nothing is deleted. `act` runs a
 * call, shows `done` and reloads the page.
 */
export function deletedSection(items, act) {
  if (items.length === 0) return null
  const row = (view) =>
    h(
      'li',
      { class: 'row', 'data-id': view.id, 'aria-label': view.name },
      h(
        'div',
        { class: 'row-main' },
        h('div', { class: 'row-title' }, h('span', { class: 'row-name' }, view.name)),
        h(
          'div',
          { class: 'row-details' },
          `${TYPE_LABELS[view.type]} · deleted by ${view.deletedBy} on ${formatDateTime(view.deletedAt)} · `,
          `deleted for good on ${formatDate(view.purgeAfter)}`,
        ),
      ),
      h(
        'div',
        { class: 'row-actions' },
        h(
          'button',
          {
            type: 'button',
            'data-key': `restore:${view.id}`,
            onclick: () =>
              act(
                () => api('POST', `/deleted-credentials/${view.id}/restore`, {}),
                `Restored ${view.name}; it is pushed to every region again`,
              ),
          },
          'Restore',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'danger-text',
            'data-key': `purge:${view.id}`,
            onclick: () =>
              act(() => api('DELETE', `/deleted-credentials/${view.id}`), `Deleted ${view.name} for good`),
          },
          'Delete for good',
        ),
      ),
    )
  return h(
    'section',
    { class: 'group deleted', 'aria-labelledby': 'group-deleted' },
    h('h3', { id: 'group-deleted' }, 'Recently deleted', h('span', { class: 'count' }, String(items.length))),
    h(
      'p',
      { class: 'group-hint' },
      'Removed from every region and every select. Restore one to bring it back as it was; its name stays taken until it is deleted for good.',
    ),
    h('ul', { class: 'rows' }, items.map(row)),
  )
}
