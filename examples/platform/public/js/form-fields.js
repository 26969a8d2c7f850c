// Form fields with a label, a hint and an error line wired for screen readers; credkit's
// validation issues land next to the field they name.
import { api } from './api.js'
import { h, mount, uid } from './dom.js'

/** A field: label, control, hint and error line. `key` is the issue path it answers (`data.server`). */
export function field(fields, { key, label, hint, control, wide }) {
  const id = control.id || uid('f')
  control.id = id
  control.name = key
  const hintId = hint ? uid('hint') : null
  const errorId = uid('err')
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '))
  const error = h('p', { class: 'field-error', id: errorId, 'data-error-for': key })
  fields.set(key, { control, error })
  return h(
    'div',
    { class: wide ? 'field wide' : 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    error,
  )
}

export const input = (props = {}) =>
  h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...props })
export const textarea = (props = {}) => h('textarea', { rows: '5', spellcheck: 'false', ...props })

/** A PEM box that takes a paste or an uploaded file. */
export function pemField(fields, { key, label, hint, value, placeholder, onInput }) {
  const box = textarea({ class: 'mono', placeholder, value: value ?? '', oninput: onInput })
  const upload = h('input', {
    type: 'file',
    accept: '.pem,.crt,.cer,.key,.txt',
    'aria-label': `Upload ${label.toLowerCase()} file`,
    onchange: async (event) => {
      const file = event.target.files?.[0]
      if (!file) return
      box.value = await file.text()
      box.dispatchEvent(new Event('input'))
    },
  })
  const wrapper = field(fields, { key, label, hint, control: box, wide: true })
  wrapper.append(
    h('div', { class: 'upload' }, h('span', { 'aria-hidden': 'true' }, 'or upload a file: '), upload),
  )
  return wrapper
}

/** Clears every error shown in the form. */
export function clearErrors(fields, banner) {
  for (const { control, error } of fields.values()) {
    control.removeAttribute('aria-invalid')
    error.textContent = ''
  }
  mount(banner)
  banner.hidden = true
}

/**
 * Shows credkit's issues next to their fields: `['data', 'providerConfig', 'apiToken']` lands on
 * the closest field that exists (`data.providerConfig`). Issues without a field go to the banner.
 * Focuses the first field at fault.
 */
export function showIssues(fields, banner, issues, fallback) {
  const loose = []
  let first = null
  for (const issue of issues) {
    const target = closestField(fields, issue.path)
    if (!target) {
      loose.push(issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)
      continue
    }
    const where = issue.path.slice(target.depth).join('.')
    const line = where ? `${where}: ${issue.message}` : issue.message
    target.entry.error.textContent = target.entry.error.textContent
      ? `${target.entry.error.textContent}; ${line}`
      : line
    target.entry.control.setAttribute('aria-invalid', 'true')
    first ??= target.entry.control
  }
  if (loose.length || (!first && fallback)) {
    mount(
      banner,
      h('p', {}, fallback ?? 'Please check the form.'),
      loose.length
        ? h(
            'ul',
            {},
            loose.map((l) => h('li', {}, l)),
          )
        : null,
    )
    banner.hidden = false
  }
  ;(first ?? banner).focus?.()
}

function closestField(fields, path) {
  for (let depth = path.length; depth > 0; depth--) {
    const key = path
      .slice(0, depth)
      .filter((part) => typeof part === 'string')
      .join('.')
    const entry = fields.get(key)
    if (entry) return { entry, depth }
  }
  return null
}

/** Debounced preview of a pasted certificate: CN, alt names and expiry, parsed by the backend. */
export function certificatePreview() {
  const box = h('div', { class: 'cert-preview', 'aria-live': 'polite' })
  let timer = 0
  let asked = 0
  const update = (pem) => {
    clearTimeout(timer)
    if (!pem.trim()) {
      mount(box)
      return
    }
    timer = setTimeout(async () => {
      const ticket = ++asked
      try {
        const cert = await api('POST', '/certificates/parse', { certificate: pem })
        if (ticket !== asked) return
        mount(
          box,
          h('p', { class: 'cert-preview-title' }, 'Parsed certificate'),
          h(
            'dl',
            {},
            h('dt', {}, 'Common name'),
            h('dd', { 'data-cert': 'commonName' }, cert.commonName ?? '(none)'),
            h('dt', {}, 'Alt names'),
            h('dd', { 'data-cert': 'altNames' }, cert.altNames.length ? cert.altNames.join(', ') : '(none)'),
            h('dt', {}, 'Expires'),
            h('dd', { 'data-cert': 'notAfter' }, new Date(cert.notAfter).toUTCString()),
            h('dt', {}, 'Issuer'),
            h('dd', {}, cert.issuer),
          ),
        )
      } catch {
        if (ticket === asked) mount(box, h('p', { class: 'hint' }, 'Not a PEM certificate yet.'))
      }
    }, 250)
  }
  return { box, update }
}

/**
 * A form whose submit clears the shown errors, runs `submit`, and on failure shows credkit's
 * issues next to their fields (or hands the error to `onError`). `fields` may be a function when
 * the form's fields change (the credential form's body per type).
 */
export function validatedForm({ fields, banner, submit, onError }, ...children) {
  const current = () => (typeof fields === 'function' ? fields() : fields)
  return h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault()
        clearErrors(current(), banner)
        try {
          await submit()
        } catch (error) {
          if (onError) onError(error)
          else showIssues(current(), banner, error.body?.issues ?? [], error.message)
        }
      },
    },
    banner,
    ...children,
  )
}
