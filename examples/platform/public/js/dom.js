// A tiny DOM helper: h('button', { class: 'primary', onclick }, 'Save'). No framework, no build.

/**
 * Creates an element. Props: `class`, `text`, `on<event>` handlers, booleans (`disabled`,
 * `hidden`, …) and any other attribute; children are nodes, strings, arrays, or null (skipped).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag)
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value)
    else if (key === 'class') element.className = value
    else if (key === 'text') element.textContent = value
    else if (key === 'value') element.value = value
    else if (value === true) element.setAttribute(key, '')
    else element.setAttribute(key, String(value))
  }
  append(element, children)
  return element
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child)
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
}

/** Replaces the children of `element`. */
export function mount(element, ...children) {
  element.replaceChildren()
  append(element, children)
  return element
}

let toastTimer = 0
/** A short status line at the bottom of the page, read by screen readers. */
export function toast(message) {
  const box = document.getElementById('toast')
  box.textContent = message
  box.classList.add('visible')
  clearTimeout(toastTimer)
  toastTimer = setTimeout(() => box.classList.remove('visible'), 4000)
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

export const formatDateTime = (value) => (value ? dateTime.format(new Date(value)) : '')
export const formatDate = (value) => (value ? dateOnly.format(new Date(value)) : '')

let ids = 0
/** A unique id for label/description wiring. */
export const uid = (prefix) => `${prefix}-${++ids}`
