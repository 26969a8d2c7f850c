import { api } from './api.js'
import { h, mount } from './dom.js'
import { openModal } from './modal.js'

const SECRET_LABELS = {
  password: 'Password',
  privateKey: 'Private key',
  providerConfig: 'Provider configuration',
}
const SECRET_OF = {
  'container-registry': 'password',
  'basic-auth': 'password',
  'tls-certificate': 'private key',
  'acme-wildcard': 'provider configuration',
}

/** Reveal: an explicit second click shows the secret value; the backend audits each reveal. */
export function openRevealDialog(view, onDone) {
  openModal(`Reveal the ${SECRET_OF[view.type]} of ${view.name}`, (close) => {
    const out = h('div', { class: 'revealed', 'aria-live': 'polite' })
    const reveal = h(
      'button',
      {
        type: 'button',
        class: 'primary',
        onclick: async () => {
          reveal.disabled = true
          try {
            const { fields } = await api('POST', `/credentials/${view.id}/reveal`)
            mount(
              out,
              ...Object.entries(fields).map(([key, value]) => {
                const id = `revealed-${key}`
                return h(
                  'div',
                  { class: 'field wide' },
                  h('label', { for: id }, SECRET_LABELS[key] ?? key),
                  h('textarea', {
                    id,
                    class: 'mono',
                    readonly: true,
                    rows: value.includes('\n') ? '8' : '1',
                    value,
                  }),
                )
              }),
              h('p', { class: 'hint' }, 'This reveal was recorded in the account audit log.'),
            )
            reveal.replaceWith(
              h('button', { type: 'button', class: 'primary', onclick: close }, 'Hide and close'),
            )
            out.querySelector('textarea')?.focus()
            onDone()
          } catch (error) {
            mount(out, h('p', { class: 'form-banner', role: 'alert' }, error.message))
            reveal.disabled = false
          }
        },
      },
      `Reveal ${SECRET_OF[view.type]}`,
    )
    setTimeout(() => reveal.focus())
    return h(
      'div',
      {},
      h(
        'p',
        {},
        `The value is shown on this screen only. Every reveal is written to the account audit log with your name.`,
      ),
      out,
      h(
        'div',
        { class: 'modal-actions' },
        h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'),
        reveal,
      ),
    )
  })
}

function describeReference(reference) {
  const kind = { app: 'App', host: 'Host', environment: 'Environment of' }[reference.kind] ?? reference.kind
  return `${kind} ${reference.id}${reference.purpose ? ` (${reference.purpose})` : ''}`
}

/** Delete with confirmation; a credential still in use is refused and the users are listed. */
export function openDeleteDialog(view, onDone) {
  openModal(`Delete ${view.name}?`, (close) => {
    const banner = h('div', { class: 'form-banner', role: 'alert', tabindex: '-1', hidden: true })
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'danger',
        onclick: async () => {
          remove.disabled = true
          try {
            await api('DELETE', `/credentials/${view.id}?expectedVersion=${view.version}`)
            close()
            onDone()
          } catch (error) {
            const b = error.body ?? {}
            mount(
              banner,
              h(
                'p',
                {},
                b.code === 'IN_USE'
                  ? `${view.name} is in use, so it was not deleted. Pick another credential in these places first:`
                  : error.message,
              ),
              b.references?.length
                ? h(
                    'ul',
                    {},
                    b.references.map((r) => h('li', {}, describeReference(r))),
                  )
                : null,
            )
            banner.hidden = false
            banner.focus()
          }
        },
      },
      'Delete credential',
    )
    setTimeout(() => remove.focus())
    return h(
      'div',
      {},
      h(
        'p',
        {},
        `${view.name} is removed from this account and from every region it was pushed to. `,
        'You can restore it from Recently deleted for 7 days.',
      ),
      banner,
      h(
        'div',
        { class: 'modal-actions' },
        h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'),
        remove,
      ),
    )
  })
}
