// Form helpers: read fields, and show the core's problems next to them.

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
  for (const p of err?.problems ?? []) {
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
