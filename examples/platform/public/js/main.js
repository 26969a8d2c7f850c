// The platform's page: a demo sign-in, then My Account (Credentials, Audit log), Apps and Hosts.
import { api } from './api.js'
import { renderAppPage } from './app-page.js'
import { renderAuditPage } from './audit-page.js'
import { renderCredentialsPage } from './credentials-page.js'
import { h, mount } from './dom.js'
import { renderHostsPage } from './hosts-page.js'
import { renderSignIn } from './sign-in.js'

const main = document.getElementById('main')
const topbar = document.getElementById('topbar')
let session = null
/** Called when the page is left: stops the list polling. */
let leave = () => {}

async function loadSession() {
  try {
    session = await api('GET', '/session')
  } catch {
    session = null
  }
}

function renderTopbar() {
  const link = (href, text, match) => {
    const current = location.hash.startsWith(match)
    return h('a', { href, 'aria-current': current ? 'page' : null }, text)
  }
  const app = session?.account?.apps?.[0]
  mount(
    topbar,
    h(
      'a',
      { class: 'brand', href: '#/' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
      'Platform',
    ),
    session
      ? [
          h(
            'nav',
            { class: 'mainnav', 'aria-label': 'Main' },
            app ? link(`#/apps/${app.id}`, 'Apps', '#/apps') : null,
            link('#/hosts', 'Hosts', '#/hosts'),
            link('#/account', 'My Account', '#/account'),
          ),
          h(
            'div',
            { class: 'whoami' },
            h('span', { class: 'whoami-name' }, session.user.name),
            h('span', { class: 'whoami-role' }, `${session.user.roleLabel} · ${session.account.name}`),
            h('button', { class: 'ghost', type: 'button', onclick: signOut }, 'Switch user'),
          ),
        ]
      : null,
  )
}

async function signOut() {
  await api('DELETE', '/session')
  session = null
  location.hash = '#/sign-in'
}

function accountTabs(active) {
  const tab = (href, text, key) =>
    h('a', { href, class: 'tab', 'aria-current': key === active ? 'page' : null }, text)
  return h(
    'nav',
    { class: 'tabs', 'aria-label': 'My Account' },
    tab('#/account/profile', 'Profile', 'profile'),
    // Members don't see the Credentials tab; they still use the selects on Apps and Hosts.
    session.canManage ? tab('#/account/credentials', 'Credentials', 'credentials') : null,
    session.canReadAudit ? tab('#/account/audit', 'Audit log', 'audit') : null,
  )
}

function renderProfile(container) {
  mount(
    container,
    h(
      'dl',
      { class: 'profile' },
      h('dt', {}, 'Name'),
      h('dd', {}, session.user.name),
      h('dt', {}, 'Role'),
      h('dd', {}, session.user.roleLabel),
      h('dt', {}, 'Account'),
      h('dd', {}, session.account.name),
    ),
  )
}

async function route() {
  leave()
  leave = () => {}
  if (!session) await loadSession()
  renderTopbar()
  const hash = location.hash || '#/'
  if (!session) {
    renderSignIn(main, async () => {
      await loadSession()
      location.hash = session.canManage ? '#/account/credentials' : `#/apps/${session.account.apps[0].id}`
    })
    return
  }
  const [, section, sub] = hash.split('/')
  if (section === 'apps' && sub) return void renderAppPage(main, sub)
  if (section === 'hosts') return void renderHostsPage(main)
  if (section !== 'account') {
    location.hash = session.canManage ? '#/account/credentials' : '#/account/profile'
    return
  }
  const tab = sub ?? (session.canManage ? 'credentials' : 'profile')
  const panel = h('div', { class: 'tab-panel' })
  mount(main, h('h1', {}, 'My Account'), accountTabs(tab), panel)
  if (tab === 'credentials' && session.canManage) leave = renderCredentialsPage(panel)
  else if (tab === 'audit' && session.canReadAudit) renderAuditPage(panel)
  else renderProfile(panel)
}

window.addEventListener('hashchange', route)
window.addEventListener('signed-out', () => {
  session = null
  route()
})
route()
