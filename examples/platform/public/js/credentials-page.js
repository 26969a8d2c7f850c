import { openDeleteDialog, openRevealDialog } from './action-dialogs.js'
import { api, TYPE_LABELS, TYPE_USES } from './api.js'
import { openCredentialDialog } from './credential-dialog.js'
import { formatDate, h, mount, toast } from './dom.js'
import { deletedSection, openHistoryDialog } from './lifecycle.js'
import { syncIndicators } from './sync-indicator.js'

const TYPES = Object.keys(TYPE_LABELS)
const POLL_MS = 1000

function details(view) {
  const d = view.data
  switch (view.type) {
    case 'container-registry':
      return [d.server, d.username, d.email].filter(Boolean).join(' · ')
    case 'basic-auth':
      return `user ${d.username}`
    case 'tls-certificate':
      return [
        `CN ${d.commonName ?? '(none)'}`,
        d.altNames.length ? `alt names ${d.altNames.join(', ')}` : null,
        `expires ${formatDate(d.notAfter)}`,
      ]
        .filter(Boolean)
        .join(' · ')
    case 'acme-wildcard':
      return [d.provider, d.commonName, ...d.altNames].join(' · ')
  }
  return ''
}

/** The Credentials tab: the empty state, or the credentials grouped by type. Returns a stop function. */
export function renderCredentialsPage(container) {
  let items = null
  let deleted = []
  let shown = ''
  let timer = 0
  let stopped = false

  const reload = async () => {
    const [page, gone] = await Promise.all([api('GET', '/credentials'), api('GET', '/deleted-credentials')])
    items = page.items
    deleted = gone.items
    const json = JSON.stringify([items, deleted])
    if (json !== shown) {
      shown = json
      render()
    }
  }
  const poll = async () => {
    if (stopped) return
    try {
      await reload()
    } catch {
      // The next poll tries again; a 401 already sent the page back to sign-in.
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS)
  }
  const act = async (work, done) => {
    try {
      await work()
      if (done) toast(done)
    } catch (error) {
      toast(error.message)
    }
    await reload()
  }

  const syncNow = async (view) => {
    const { results } = await api('POST', `/credentials/${view.id}/sync`)
    const failed = results.filter((result) => result.state === 'error')
    toast(
      failed.length === 0
        ? `Pushed ${view.name} to every region`
        : `${view.name} could not be pushed to ${failed.map((result) => result.region).join(', ')}`,
    )
  }
  const addButton = () =>
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        'data-key': 'add',
        onclick: () => openCredentialDialog({ onSaved: saved }),
      },
      'Add credential',
    )
  const saved = (view, created) => {
    toast(`${created ? 'Added' : 'Saved'} ${view.name}`)
    reload()
  }

  function row(view) {
    const isRegistry = view.type === 'container-registry'
    const key = (action) => `${action}:${view.id}`
    return h(
      'li',
      { class: 'row', 'data-id': view.id, 'aria-label': view.name },
      h(
        'div',
        { class: 'row-main' },
        h(
          'div',
          { class: 'row-title' },
          h('span', { class: 'row-name' }, view.name),
          isRegistry && view.data.isDefault ? h('span', { class: 'badge' }, 'Default') : null,
        ),
        view.description ? h('div', { class: 'row-description' }, view.description) : null,
        h('div', { class: 'row-details' }, details(view)),
      ),
      syncIndicators(view.sync),
      h(
        'div',
        { class: 'row-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'icon',
            'data-key': key('sync'),
            'aria-label': `Sync now: ${view.name}`,
            title: 'Sync now',
            onclick: () => act(() => syncNow(view)),
          },
          h('span', { 'aria-hidden': 'true' }, '↻'),
        ),
        isRegistry && !view.data.isDefault
          ? h(
              'button',
              {
                type: 'button',
                'data-key': key('default'),
                onclick: () =>
                  act(
                    () => api('POST', `/credentials/${view.id}/default`, { expectedVersion: view.version }),
                    `${view.name} is now the default registry`,
                  ),
              },
              'Set as default',
            )
          : null,
        h(
          'button',
          {
            type: 'button',
            'data-key': key('history'),
            onclick: () =>
              openHistoryDialog(view, (message) => {
                toast(message)
                reload()
              }),
          },
          'History',
        ),
        h(
          'button',
          { type: 'button', 'data-key': key('reveal'), onclick: () => openRevealDialog(view, reload) },
          'Reveal',
        ),
        h(
          'button',
          {
            type: 'button',
            'data-key': key('edit'),
            onclick: () => openCredentialDialog({ view, onSaved: saved }),
          },
          'Edit',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'danger-text',
            'data-key': key('delete'),
            onclick: () => openDeleteDialog(view, reload),
          },
          'Delete',
        ),
      ),
    )
  }

  function render() {
    const focused = document.activeElement?.getAttribute?.('data-key')
    const header = h(
      'div',
      { class: 'page-header' },
      h(
        'div',
        {},
        h('h2', { class: 'page-title' }, 'Credentials'),
        h(
          'p',
          { class: 'lede' },
          'Registry logins, basic-auth users and certificates your apps and hosts use.',
        ),
      ),
      items.length ? addButton() : null,
    )
    const body = items.length === 0 ? emptyState() : TYPES.map((type) => group(type)).filter(Boolean)
    mount(container, header, body, deletedSection(deleted, act))
    if (focused) container.querySelector(`[data-key="${focused}"]`)?.focus()
  }

  function group(type) {
    const rows = items.filter((view) => view.type === type)
    if (rows.length === 0) return null
    const title = `group-${type}`
    return h(
      'section',
      { class: 'group', 'aria-labelledby': title, 'data-type': type },
      h('h3', { id: title }, TYPE_LABELS[type], h('span', { class: 'count' }, String(rows.length))),
      h('p', { class: 'group-hint' }, TYPE_USES[type]),
      h('ul', { class: 'rows' }, rows.map(row)),
    )
  }

  function emptyState() {
    return h(
      'div',
      { class: 'empty' },
      h('img', { class: 'empty-mark', src: '/key.svg', alt: '', width: '48', height: '48' }),
      h('h3', {}, 'Keep your credentials in one place'),
      h(
        'p',
        {},
        'Store the Docker registry logins, HTTP basic-auth users, TLS certificates and ACME wildcard ',
        'configurations your apps and environments need. They are encrypted at rest, scoped to this account, ',
        'pickable from the selects on the App, Hosts and Environment pages, and pushed to every region the account deploys to.',
      ),
      addButton(),
    )
  }

  poll()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
