// The units page: a searchable, sortable, filterable table, and the form
// to add or edit a unit.
import { call } from './api.js';
import { el, fill, fillRows } from './dom.js';
import { getLang, t } from './i18n.js';
import { date } from './format.js';
import { openDialog, wireDialog, wireRemoval, wireWarnings, formObject } from './forms.js';

const $ = (id) => document.getElementById(id);
const STATUS_ORDER = ['own', 'joint', 'group', 'instructor', 'none'];
let page = null;
let sort = { key: 'name', dir: 1 };
let ctx = null;

function query() {
  return {
    text: $('unit-search').value,
    status: $('unit-filter-status').value,
    stage: $('unit-filter-stage').value,
    ownership: $('unit-filter-ownership').value,
    gap: $('unit-filter-gap').value,
    sort: sort.key,
    desc: sort.dir < 0,
    limit: 500,
  };
}

export async function renderUnits(context) {
  ctx = context;
  wire();
  await load();
}

/** Asks the core for the units matching the filters (at most a page). */
async function load() {
  page = await call('units_page', { asOf: ctx.asOf(), lang: getLang(), query: query() });
  fillFilters();
  renderTable();
}

function option(value, label, selected) {
  return el('option', { value, selected: value === selected }, label);
}

function fillFilters() {
  const keep = (id) => $(id).value;
  const status = keep('unit-filter-status');
  fill($('unit-filter-status'), option('', t('units.allStatus')), STATUS_ORDER.map((s) => option(s, t(`status.${s}`), status)));
  const stage = keep('unit-filter-stage');
  fill($('unit-filter-stage'), option('', t('units.allStage')), ['construction', 'operating'].map((s) => option(s, t(`stage.${s}`), stage)));
  const own = keep('unit-filter-ownership');
  fill($('unit-filter-ownership'), option('', t('units.allOwnership')),
    ['non_public', 'private', 'hmt', 'foreign', 'state', 'collective', 'other'].map((s) => option(s, t(`ownership.${s}`), own)));
  const gap = keep('unit-filter-gap');
  fill($('unit-filter-gap'), option('', t('units.allGaps')), option('*', t('units.anyGap'), gap), page.gap_codes.map((c) => option(c, t(`gap.${c}`), gap)));
}

function renderTable() {
  const { rows, matched, total } = page;
  // Rows come in the core's order (names by pinyin), whatever the limit.
  $('unit-count').textContent = rows.length < matched
    ? t('units.countLimited', { n: rows.length, matched, total })
    : t('units.count', { n: matched, total });
  for (const b of document.querySelectorAll('#units-table button.sort')) {
    if (b.dataset.sort === sort.key) b.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
    else b.removeAttribute('aria-sort');
  }
  const hint = total ? t('hint.unitsNoMatch') : t('hint.units', { add: t('units.add'), exchange: t('nav.exchange') });
  fillRows($('units-table').tBodies[0], rows.map((u) =>
    el('tr', { class: u.active ? '' : 'inactive', dataset: { unit: u.id } },
      el('td', {}, el('button', { type: 'button', class: 'link unit-name', onclick: () => ctx.openDetail('unit', u.id) }, u.name)),
      el('td', {}, t(`kind.${u.kind}`)),
      el('td', {}, t(`ownership.${u.ownership}`)),
      el('td', {}, t(`stage.${u.stage}`)),
      el('td', { class: 'num' }, u.employees),
      el('td', { class: 'num' }, u.members_full),
      el('td', {}, u.status ? t(`status.${u.status}`) : '—'),
      el('td', {}, u.commissioner_name || ''),
      el('td', {}, u.instructor_name || ''),
      el('td', {}, u.gaps.map((g) => el('span', { class: `tag sev-${g.severity}`, title: `${g.message}（${g.code}）`, dataset: { code: g.code } }, t(`gap.${g.code}`)))),
      el('td', {}, el('button', { type: 'button', class: 'secondary edit', onclick: () => openUnitForm(u).catch(ctx.onError) }, t('edit'))))), hint);
}

function peopleOptions(select, people, selected) {
  fill(select, el('option', { value: '' }, t('units.nobody')),
    people.map((p) => el('option', { value: p.id, selected: p.id === selected },
      p.party_member ? p.name : `${p.name}（${t('people.notMember')}）`)));
}

export async function openUnitForm(unit) {
  const form = $('unit-form');
  const { people } = await call('form_choices');
  $('unit-form-title').textContent = unit ? t('units.edit', { name: unit.name }) : t('units.add');
  peopleOptions(form.elements.commissioner, people, unit ? unit.commissioner : undefined);
  peopleOptions(form.elements.instructor, people, unit ? unit.instructor : undefined);
  const blank = {
    id: '', name: '', kind: 'enterprise', ownership: 'private', stage: 'operating', credit_code: '',
    wholly_owned: false, legal_rep_member: false, legal_rep_secretary: false,
    employees: '0', full_members: '0', probationary_members: '0', town: '', village: '', key_project: false,
    // A new unit starts today (editable): left empty it would count in
    // every past month and rewrite the figures already reported.
    commissioner: '', instructor: '', started_on: ctx.today() || '', closed_on: '',
  };
  // With the roster kept, the rules count its members: the typed counts
  // stay stored for when it is turned off, shown but not edited.
  const roster = Boolean(page && page.roster);
  for (const name of ['full_members', 'probationary_members']) form.elements[name].readOnly = roster;
  const note = $('unit-roster-note');
  note.hidden = !roster;
  note.textContent = roster ? t('units.rosterNote', {
    date: date(ctx.asOf() || ctx.today()), full: unit ? unit.members_full : 0, probationary: unit ? unit.members_probationary : 0,
  }) : '';
  openDialog($('unit-dialog'), { ...blank, ...(unit || {}) });
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  let pending = null;
  const reload = () => {
    clearTimeout(pending);
    pending = setTimeout(() => load().catch(ctx.onError), 200);
  };
  for (const id of ['unit-search', 'unit-filter-status', 'unit-filter-stage', 'unit-filter-ownership', 'unit-filter-gap']) {
    $(id).addEventListener('input', reload);
  }
  for (const b of document.querySelectorAll('#units-table button.sort')) {
    b.addEventListener('click', () => {
      sort = { key: b.dataset.sort, dir: sort.key === b.dataset.sort ? -sort.dir : 1 };
      load().catch(ctx.onError);
    });
  }
  $('unit-add').addEventListener('click', () => openUnitForm(null).catch(ctx.onError));
  wireDialog($('unit-dialog'), async (form) => {
    const data = formObject(form);
    await call('save_unit', { form: data });
    ctx.onNotice(t('saved', { name: data.name.trim() }));
    ctx.refresh();
  });
  wireRemoval($('unit-dialog'), (name) => {
    ctx.onNotice(t('removed', { name }));
    ctx.refresh();
  });
  wireWarnings($('unit-form'), 'unit', ['employees', 'full_members', 'probationary_members']);
}
