// The history page: the audit trail, newest first, with filters; each
// entry shows which fields changed from what to what.
import { call } from './api.js';
import { el, fill } from './dom.js';
import { getLang, t } from './i18n.js';

const $ = (id) => document.getElementById(id);

// Rows come from the core in the clerk's words: the action's label (its
// code in the tooltip) and each changed field with its form label.
export function changeList(row) {
  if (row.changes.length === 0) return null;
  return el('ul', { class: 'diff' }, row.changes.map((c) =>
    el('li', { title: c.field }, t('history.change', c))));
}

export async function renderHistory() {
  wire();
  const rows = await call('history_page', {
    entity: $('history-entity').value || null,
    text: $('history-text').value || null,
    lang: getLang(),
  });
  fill($('history-table').tBodies[0], rows.map((r) => el('tr', {},
    el('td', {}, r.at),
    el('td', {}, r.who),
    el('td', { title: r.action }, r.action_label),
    el('td', {}, r.summary, changeList(r)))));
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  $('history-entity').addEventListener('change', renderHistory);
  $('history-text').addEventListener('input', renderHistory);
}
