// The import/export page: workbook export, and importing units or
// meeting records with a preview that lists every problem by row and column.
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
  const pick = (what) => async () => {
    try {
      const preview = await call('import_preview', { what });
      if (preview) showPreview(preview);
    } catch (err) {
      $('import-preview').hidden = true;
      onError(err);
    }
  };
  $('import-pick').addEventListener('click', pick('units'));
  $('import-meetings-pick').addEventListener('click', pick('meetings'));
  $('import-apply').addEventListener('click', async () => {
    try {
      const changed = await call('import_apply');
      $('import-preview').hidden = true;
      onNotice(changed ? t('exchange.imported') : t('exchange.nothing'));
      onChanged();
    } catch (err) {
      onError(err);
    }
  });
  $('import-undo').addEventListener('click', async () => {
    try {
      await call('import_undo');
      onNotice(t('exchange.undone'));
      onChanged();
    } catch (err) {
      onError(err);
    }
  });
}

function showPreview({ file, what, plan, problems }) {
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
  $('import-summary').textContent = t(what === 'meetings' ? 'exchange.planMeetings' : 'exchange.plan', {
    added: plan.added.length, updated: plan.updated.length, unchanged: plan.unchanged,
  }) + (plan.new_people.length ? ` ${t('exchange.newPeople', { names: listOf(plan.new_people) })}` : '');
  const subject = what === 'meetings' ? t('exchange.record') : t('exchange.unit');
  fill(table.tHead, el('tr', {}, el('th', {}, t('exchange.row')), el('th', {}, t('exchange.action')), el('th', {}, subject), el('th', {}, t('exchange.fields'))));
  const rows = [
    ...plan.added.map((c) => [c, t('exchange.add')]),
    ...plan.updated.map((c) => [c, t('exchange.update')]),
  ];
  const describe = (c) => (what === 'meetings' ? `${date(c.date)} ${c.org} ${t(`meeting.${c.kind}`)}` : c.name);
  fill(table.tBodies[0], rows.map(([c, action]) =>
    el('tr', {}, el('td', {}, c.row), el('td', {}, action), el('td', {}, describe(c)), el('td', {}, listOf(c.fields)))));
  $('import-apply').disabled = rows.length === 0;
}
