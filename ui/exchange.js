// The import/export page: workbook export, and importing units, meeting
// records or the roster (花名册, started from the 党员 page) with a
// preview that lists every problem by row and column.
import { call } from './api.js';
import { el, fill } from './dom.js';
import { listOf, t } from './i18n.js';
import { date } from './format.js';

const $ = (id) => document.getElementById(id);
let wired = false;

export function renderExchange({ asOf, onError, onNotice, onChanged }) {
  if (wired) return;
  wired = true;
  const exportAs = (format) => async () => {
    try {
      const path = await call('export_workbook', { asOf: asOf(), format });
      if (!path) return;
      const box = $('export-result');
      box.textContent = t('exchange.exported', { path });
      box.hidden = false;
    } catch (err) {
      onError(err);
    }
  };
  $('export-xlsx').addEventListener('click', exportAs('xlsx'));
  $('export-csv').addEventListener('click', exportAs('csv'));
  const hooks = { onError, onNotice, onChanged };
  $('import-pick').addEventListener('click', () => previewImport('units', $('page-exchange'), hooks));
  $('import-meetings-pick').addEventListener('click', () => previewImport('meetings', $('page-exchange'), hooks));
  $('import-members-pick').addEventListener('click', () => previewImport('members', $('page-exchange'), hooks));
  $('import-undo').addEventListener('click', () => undoImport(hooks));
}

// The one import flow, whichever page starts it: the preview shows on
// that page, and the page's own hooks say what was done and refresh it.
let importHooks = null;
let previewed = null;
let importWired = false;

function wireImport() {
  if (importWired) return;
  importWired = true;
  $('import-apply').addEventListener('click', async () => {
    const { onError, onNotice, onChanged } = importHooks;
    try {
      const changed = await call('import_apply');
      $('import-preview').hidden = true;
      onNotice(changed ? imported(previewed) : t('exchange.nothing'));
      onChanged();
    } catch (err) {
      onError(err);
    }
  });
}

/** The notice after an import: for a roster, how many members. */
function imported({ what, plan }) {
  if (what !== 'members') return t('exchange.imported');
  return t('exchange.importedMembers', { added: plan.added.length, updated: plan.updated.length });
}

/**
 * Asks for a sheet of kind `what` (units, meetings or members) and shows
 * its preview in `host`; nothing is written until the clerk confirms.
 * Called from the clerk's click: the browser's file chooser opens at once.
 */
export async function previewImport(what, host, hooks) {
  wireImport();
  importHooks = hooks;
  const panel = $('import-preview');
  try {
    const preview = await call('import_preview', { what });
    if (!preview) return;
    if (panel.parentNode !== host) host.append(panel);
    showPreview(preview);
  } catch (err) {
    panel.hidden = true;
    hooks.onError(err);
  }
}

/** Undoes the last import (of whichever kind), while it is the last change. */
export async function undoImport({ onError, onNotice, onChanged }) {
  try {
    await call('import_undo');
    $('import-preview').hidden = true;
    onNotice(t('exchange.undone'));
    onChanged();
  } catch (err) {
    onError(err);
  }
}

function showPreview({ file, what, plan, problems }) {
  previewed = { what, plan };
  $('import-preview').hidden = false;
  $('import-file').textContent = file;
  const table = $('import-table');
  if (problems.length) {
    $('import-summary').textContent = t('exchange.problems', { n: problems.length });
    fill(table.tHead, el('tr', {}, el('th', {}, t('exchange.where')), el('th', {}, t('exchange.column')), el('th', {}, t('exchange.what'))));
    fill(table.tBodies[0], problems.map((p) =>
      el('tr', {}, el('td', {}, p.path), el('td', {}, p.field), el('td', { class: 'problem' }, p.message))));
    $('import-apply').disabled = true;
    return;
  }
  const summary = { units: 'exchange.plan', meetings: 'exchange.planMeetings', members: 'exchange.planMembers' }[what];
  $('import-summary').textContent = t(summary, {
    added: plan.added.length, updated: plan.updated.length, unchanged: plan.unchanged,
  }) + (plan.new_people.length ? ` ${t('exchange.newPeople', { names: listOf(plan.new_people) })}` : '');
  // What each change is, under its own headers.
  const columns = {
    units: [[t('exchange.unit'), (c) => c.name]],
    meetings: [[t('exchange.record'), (c) => `${date(c.date)} ${c.org} ${t(`meeting.${c.kind}`)}`]],
    members: [[t('exchange.name'), (c) => c.name], [t('exchange.workUnit'), (c) => c.unit || '']],
  }[what];
  fill(table.tHead, el('tr', {}, el('th', {}, t('exchange.row')), el('th', {}, t('exchange.action')),
    columns.map(([head]) => el('th', {}, head)), el('th', {}, t('exchange.fields'))));
  const rows = [
    ...plan.added.map((c) => [c, t('exchange.add')]),
    ...plan.updated.map((c) => [c, t('exchange.update')]),
  ];
  fill(table.tBodies[0], rows.map(([c, action]) =>
    el('tr', { dataset: { row: String(c.row) } }, el('td', {}, String(c.row)), el('td', { class: 'import-action' }, action),
      columns.map(([, cell]) => el('td', {}, cell(c))), el('td', {}, listOf(c.fields)))));
  $('import-apply').disabled = rows.length === 0;
}
