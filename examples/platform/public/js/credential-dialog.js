import { api, TYPE_LABELS } from './api.js'
import { BODIES, readBody } from './credential-bodies.js'
import { h, mount } from './dom.js'
import { clearErrors, field, input, showIssues, textarea, validatedForm } from './form-fields.js'
import { openModal } from './modal.js'

/**
 * The Add credential / edit modal: Type (Container Registry by default), Name, Description and
 * the body of the type. credkit validates; its issues are shown next to their fields.
 */
export function openCredentialDialog({ view, onSaved }) {
  const editing = Boolean(view)
  let fields = new Map()
  let version = view?.version

  openModal(
    editing ? `Edit ${view.name}` : 'Add credential',
    (close) => {
      const banner = h('div', { class: 'form-banner', role: 'alert', tabindex: '-1', hidden: true })
      const type = h(
        'select',
        { disabled: editing },
        Object.entries(TYPE_LABELS).map(([value, label]) =>
          h('option', { value, selected: value === (view?.type ?? 'container-registry') }, label),
        ),
      )
      const shell = new Map()
      const name = input({ value: view?.name ?? '', maxlength: '64' })
      const description = textarea({ rows: '2', value: view?.description ?? '' })
      const body = h('fieldset', { class: 'body' })
      const renderBody = () => {
        fields = new Map(shell)
        mount(body, h('legend', {}, `${TYPE_LABELS[type.value]} details`), BODIES[type.value](fields, view))
      }
      const submit = h(
        'button',
        { type: 'submit', class: 'primary' },
        editing ? 'Save changes' : 'Save credential',
      )

      const form = validatedForm(
        {
          fields: () => fields,
          banner,
          onError: (error) => showError(error, banner, () => reloadInto(view.id)),
          submit: async () => {
            const payload = {
              name: name.value,
              description: description.value.trim() === '' ? null : description.value,
              data: readBody(fields, type.value),
            }
            if (type.value === 'container-registry')
              payload.isDefault = fields.get('isDefault').control.checked
            submit.disabled = true
            try {
              const saved = editing
                ? await api('PATCH', `/credentials/${view.id}`, { ...payload, expectedVersion: version })
                : await api('POST', '/credentials', { type: type.value, ...payload })
              close()
              onSaved(saved, !editing)
            } finally {
              submit.disabled = false
            }
          },
        },
        h(
          'div',
          { class: 'grid' },
          field(shell, { key: 'type', label: 'Type', control: type }),
          field(shell, {
            key: 'name',
            label: 'Name',
            hint: 'Short and stable: it shows up in selects across the platform.',
            control: name,
          }),
          field(shell, {
            key: 'description',
            label: 'Description (optional)',
            control: description,
            wide: true,
          }),
        ),
        body,
        h(
          'div',
          { class: 'modal-actions' },
          h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'),
          submit,
        ),
      )
      type.addEventListener('change', renderBody)
      renderBody()

      const showError = (error, target, reload) => {
        const b = error.body ?? {}
        if (error.status === 400)
          return showIssues(fields, target, b.issues ?? [], 'The credential was not saved.')
        if (b.code === 'CONFLICT' && b.currentVersion !== undefined) {
          mount(
            target,
            h(
              'p',
              {},
              `Someone else changed this credential while you were editing it (it is now at version ${b.currentVersion}). Nothing was saved.`,
            ),
            h('button', { type: 'button', class: 'secondary', onclick: reload }, 'Load their changes'),
          )
          target.hidden = false
          return target.focus()
        }
        if (b.code === 'CONFLICT' && b.field)
          return showIssues(fields, target, [{ path: b.field.split('.'), message: b.message }])
        mount(target, h('p', {}, error.message))
        target.hidden = false
        target.focus()
      }
      const reloadInto = async (id) => {
        const fresh = await api('GET', `/credentials/${id}`)
        view = fresh
        version = fresh.version
        name.value = fresh.name
        description.value = fresh.description ?? ''
        clearErrors(fields, banner)
        renderBody()
      }
      setTimeout(() => (editing ? name : type).focus())
      return form
    },
    { wide: true },
  )
}
