// The history page: the audit trail, newest first, with filters; each
// entry shows which fields changed from what to what.
import { call } from './api.js';
import { el, fill } from './dom.js';
import { t } from './i18n.js';

const $ = (id) => document.getElementById(id);

function changes(entry) {
  const before = entry.old_value ?? {};
  const after = entry.new_value ?? {};
  if (typeof after !== 'object' || Array.isArray(after)) return [];
  return Object.keys(after)
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => `${k}: ${JSON.stringify(before[k] ?? null)} → ${JSON.stringify(after[k])}`);
}

export async function renderHistory() {
  wire();
  const entries = await call('history_page', { entity: $('history-entity').value || null, text: $('history-text').value || null });
  fill($('history-table').tBodies[0], entries.map((e) => {
    const diff = e.old_value ? changes(e) : [];
    return el('tr', {},
      el('td', {}, e.at.replace('T', ' ').slice(0, 19)),
      el('td', {}, e.who),
      el('td', {}, e.action),
      el('td', {}, e.summary, diff.length ? el('ul', { class: 'diff' }, diff.map((d) => el('li', {}, d))) : null));
  }));
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  $('history-entity').addEventListener('change', renderHistory);
  $('history-text').addEventListener('input', renderHistory);
}
