import { api } from './api.js'
import { h, mount } from './dom.js'

/** The demo sign-in: one button per user of the directory, with the role it has. */
export async function renderSignIn(main, onSignedIn) {
  const { items } = await api('GET', '/users')
  const choose = async (user) => {
    await api('POST', '/session', { userId: user.id })
    onSignedIn()
  }
  mount(
    main,
    h(
      'section',
      { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
      h('h1', { id: 'sign-in-title' }, 'Sign in'),
      h(
        'p',
        { class: 'lede' },
        'A demo sign-in: pick a user to see what their role may do. Admins and Account Credentials ',
        'Managers see the Credentials tab; members only use the credential selects on Apps and Hosts.',
      ),
      h(
        'ul',
        { class: 'user-list' },
        items.map((user) =>
          h(
            'li',
            {},
            h(
              'button',
              { type: 'button', class: 'user-choice', onclick: () => choose(user) },
              h('span', { class: 'user-name' }, user.name),
              h('span', { class: 'user-role' }, `${user.roleLabel} · ${user.accountName}`),
            ),
          ),
        ),
      ),
    ),
  )
  main.querySelector('button')?.focus()
}
