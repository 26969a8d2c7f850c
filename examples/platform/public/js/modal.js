import { h, uid } from './dom.js'

/**
 * A modal `<dialog>`: focus stays inside, Escape closes it, focus returns to the button that
 * opened it. `build(close)` returns the dialog's content below its title.
 */
export function openModal(title, build, { wide = false } = {}) {
  const opener = document.activeElement
  // The list may re-render while the dialog is open: find the opener again by its key.
  const openerKey = opener?.getAttribute?.('data-key')
  const titleId = uid('dialog-title')
  const dialog = h('dialog', { class: wide ? 'modal wide' : 'modal', 'aria-labelledby': titleId })
  const close = () => dialog.close()
  dialog.addEventListener('close', () => {
    dialog.remove()
    const target = opener?.isConnected
      ? opener
      : openerKey && document.querySelector(`[data-key="${openerKey}"]`)
    target?.focus()
  })
  dialog.append(
    h(
      'div',
      { class: 'modal-header' },
      h('h2', { id: titleId }, title),
      h('button', { type: 'button', class: 'icon close', 'aria-label': 'Close', onclick: close }, '×'),
    ),
    build(close),
  )
  document.body.append(dialog)
  dialog.showModal()
  return { dialog, close }
}
