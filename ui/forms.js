// Form helpers: read fields, and show the core's problems next to them.

import { call, errorText } from './api.js';
import { t } from './i18n.js';

/** The form's named fields as an object of strings. */
export function values(form) {
  return Object.fromEntries(new FormData(form).entries());
}

/** Clears the messages and invalid marks of a form. */
export function clearProblems(form) {
  for (const small of form.querySelectorAll('.field-error')) small.textContent = '';
  for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
}

/**
 * Puts each problem of an error from the core next to its field (matched
 * by `field`, then by `data-for` aliases). Returns the problems no field
 * took, so the caller can show them elsewhere.
 */
export function showProblems(form, err) {
  clearProblems(form);
  const rest = [];
  for (const p of (err && err.problems) || []) {
    const slot = form.querySelector(`.field-error[data-for="${CSS.escape(p.field)}"]`);
    if (!slot) {
      rest.push(p);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent}；${p.message}` : p.message;
    const input = form.elements.namedItem(slot.dataset.for.replace(/_fen$/, ''));
    if (input && input.setAttribute) input.setAttribute('aria-invalid', 'true');
  }
  return rest;
}

/**
 * Once the clerk edits a field, its message is over with: the field's
 * own (and its invalid mark) at once, the form's general one too. The
 * core checks again on the next save.
 */
export function clearWhenEdited(form) {
  if (form.dataset.clearsWhenEdited) return;
  form.dataset.clearsWhenEdited = 'yes';
  form.addEventListener('input', (event) => {
    const field = event.target;
    if (!field || !field.name) return;
    field.removeAttribute('aria-invalid');
    for (const slot of form.querySelectorAll('.field-error')) {
      if (slot.dataset.for.replace(/_fen$/, '') === field.name) slot.textContent = '';
    }
    // The messages put right after the field's label are the field's own.
    const label = field.closest('label');
    for (let next = label && label.nextElementSibling; next && next.classList.contains('field-error'); next = next.nextElementSibling) {
      next.textContent = '';
    }
    const general = form.querySelector('.form-error');
    if (general) {
      general.textContent = '';
      general.hidden = true;
    }
  });
}

/** Fills a form's named fields from an object (checkboxes from booleans). */
export function setValues(form, data) {
  for (const field of form.elements) {
    if (!field.name || !(field.name in data)) continue;
    const value = data[field.name];
    if (field.type === 'checkbox') field.checked = Boolean(value);
    else field.value = value == null ? '' : value;
  }
}

/** The form as the core's form object: text fields, checkboxes as booleans. */
export function formObject(form) {
  const out = {};
  for (const field of form.elements) {
    if (!field.name || field.type === 'submit' || field.type === 'button') continue;
    out[field.name] = field.type === 'checkbox' ? field.checked : field.value;
  }
  return out;
}

/**
 * Wires a dialog's form: cancel buttons close it; submit calls `save` with
 * the form, closes on success, and shows problems next to their fields
 * (and any others at the bottom of the form) on failure.
 */
export function wireDialog(dialog, save) {
  const form = dialog.querySelector('form');
  const general = form.querySelector('.form-error');
  for (const b of form.querySelectorAll('[data-close]')) b.addEventListener('click', () => dialog.close());
  clearWhenEdited(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(form);
    general.textContent = '';
    general.hidden = true;
    try {
      await save(form);
      dialog.close();
    } catch (err) {
      const rest = showProblems(form, err);
      const text = err && err.problems ? rest.map((p) => p.message).join('\n') : errorText(err);
      general.textContent = text;
      general.hidden = !text;
    }
  });
}

/** Opens a dialog's form fresh, filled with `data`. */
export function openDialog(dialog, data) {
  const form = dialog.querySelector('form');
  form.reset();
  clearProblems(form);
  const general = form.querySelector('.form-error');
  general.textContent = '';
  general.hidden = true;
  const warning = form.querySelector('.form-warning');
  if (warning) warning.hidden = true;
  setValues(form, data);
  // A record already saved may be removed, if entered by mistake.
  for (const b of form.querySelectorAll('.remove-record')) b.hidden = !(form.elements.id && form.elements.id.value);
  dialog.showModal();
}

/**
 * Asks the clerk to confirm `text` in the page's own dialog (old engines
 * and the window's web view have no reliable `confirm()`); true when the
 * button `ok` was pressed.
 */
export function confirmDialog(text, ok) {
  const dialog = document.getElementById('confirm-dialog');
  const form = document.getElementById('confirm-form');
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = ok;
  return new Promise((resolve) => {
    const done = (answer) => {
      form.onsubmit = null;
      document.getElementById('confirm-cancel').onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    form.onsubmit = (event) => {
      event.preventDefault();
      done(true);
    };
    document.getElementById('confirm-cancel').onclick = () => done(false);
    dialog.onclose = () => done(false);
    dialog.showModal();
    document.getElementById('confirm-ok').focus();
  });
}

/**
 * The dialog's 删除（录入有误） button: asks, then removes the record
 * (`remove_record`); a refusal (something still refers to it, named by
 * the core) is shown in the form. `done(name)` follows a removal.
 */
export function wireRemoval(dialog, done) {
  const form = dialog.querySelector('form');
  const button = form.querySelector('.remove-record');
  if (!button) return;
  button.addEventListener('click', async () => {
    const name = form.elements.name.value.trim();
    const general = form.querySelector('.form-error');
    if (!await confirmDialog(t('removeConfirm', { name }), t('remove'))) return;
    try {
      await call('remove_record', { what: button.dataset.what, id: form.elements.id.value });
      dialog.close();
      done(name);
    } catch (err) {
      general.textContent = errorText(err);
      general.hidden = false;
      if (general.scrollIntoView) general.scrollIntoView({ block: 'nearest' });
    }
  });
}

/**
 * Counts in the form that contradict each other, said as a warning (the
 * core's `form_warnings`) when one of `fields` changes; saving stays open.
 */
export function wireWarnings(form, kind, fields) {
  const box = form.querySelector('.form-warning');
  let asked = 0;
  form.addEventListener('change', async (event) => {
    if (!event.target || !fields.includes(event.target.name)) return;
    const mine = ++asked;
    try {
      const said = await call('form_warnings', { kind, form: formObject(form) });
      // Only the answer for the form as it is now.
      if (mine !== asked) return;
      box.textContent = said.join('\n');
      box.hidden = !said.length;
    } catch (err) {
      box.hidden = true;
    }
  });
}
