// The units page: a searchable, sortable, filterable table, and the form
// to add or edit a unit.
import { call } from './api.js';
import { el, fill } from './dom.js';
import { getLang, t } from './i18n.js';
import { openDialog, wireDialog, formObject } from './forms.js';

const $ = (id) => document.getElementById(id);
const STATUS_ORDER = ['own', 'joint', 'group', 'instructor', 'none'];
let page = null;
let sort = { key: 'name', dir: 1 };
let ctx = null;

export async function renderUnits(context) {
  ctx = context;
  page = await call('units_page', { asOf: context.asOf(), lang: getLang() });
  wire();
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
    ['non_public', 'state', 'collective', 'foreign', 'other'].map((s) => option(s, t(`ownership.${s}`), own)));
  const gap = keep('unit-filter-gap');
  const codes = [...new Set(page.units.flatMap((u) => u.gaps.map((g) => g.code)))].sort();
  fill($('unit-filter-gap'), option('', t('units.allGaps')), option('*', t('units.anyGap'), gap), codes.map((c) => option(c, c, gap)));
}

function sortValue(u, key) {
  switch (key) {
    case 'status': return u.status ? STATUS_ORDER.indexOf(u.status) : 9;
    case 'gaps': return u.gaps.length;
    case 'employees': case 'full_members': return u[key];
    default: return String(u[key] ?? '');
  }
}

function visibleUnits() {
  const q = $('unit-search').value.trim().toLowerCase();
  const status = $('unit-filter-status').value;
  const stage = $('unit-filter-stage').value;
  const ownership = $('unit-filter-ownership').value;
  const gap = $('unit-filter-gap').value;
  return page.units
    .filter((u) => !q || [u.name, u.credit_code, u.town, u.village].some((v) => (v ?? '').toLowerCase().includes(q)))
    .filter((u) => !status || u.status === status)
    .filter((u) => !stage || u.stage === stage)
    .filter((u) => !ownership || u.ownership === ownership)
    .filter((u) => !gap || (gap === '*' ? u.gaps.length > 0 : u.gaps.some((g) => g.code === gap)))
    .sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const c = typeof x === 'number' ? x - y : x.localeCompare(y, 'zh-CN');
      return c * sort.dir;
    });
}

function renderTable() {
  const units = visibleUnits();
  $('unit-count').textContent = t('units.count', { n: units.length, total: page.units.length });
  for (const b of document.querySelectorAll('#units-table button.sort')) {
    if (b.dataset.sort === sort.key) b.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
    else b.removeAttribute('aria-sort');
  }
  fill($('units-table').tBodies[0], units.map((u) =>
    el('tr', { class: u.active ? '' : 'inactive', dataset: { unit: u.id } },
      el('td', {}, el('button', { type: 'button', class: 'link unit-name', onclick: () => ctx.openDetail('unit', u.id) }, u.name)),
      el('td', {}, t(`kind.${u.kind}`)),
      el('td', {}, t(`ownership.${u.ownership}`)),
      el('td', {}, t(`stage.${u.stage}`)),
      el('td', { class: 'num' }, u.employees),
      el('td', { class: 'num' }, u.full_members),
      el('td', {}, u.status ? t(`status.${u.status}`) : '—'),
      el('td', {}, u.commissioner_name ?? ''),
      el('td', {}, u.instructor_name ?? ''),
      el('td', {}, u.gaps.map((g) => el('span', { class: `tag sev-${g.severity}`, title: g.message }, g.code))),
      el('td', {}, el('button', { type: 'button', class: 'secondary edit', onclick: () => openUnitForm(u) }, t('edit'))))));
}

function peopleOptions(select, selected) {
  fill(select, el('option', { value: '' }, t('units.nobody')),
    page.people.map((p) => el('option', { value: p.id, selected: p.id === selected },
      p.party_member ? p.name : `${p.name}（${t('people.notMember')}）`)));
}

export function openUnitForm(unit) {
  const form = $('unit-form');
  $('unit-form-title').textContent = unit ? t('units.edit', { name: unit.name }) : t('units.add');
  peopleOptions(form.elements.commissioner, unit?.commissioner);
  peopleOptions(form.elements.instructor, unit?.instructor);
  const blank = {
    id: '', name: '', kind: 'enterprise', ownership: 'non_public', stage: 'operating', credit_code: '',
    employees: '0', full_members: '0', probationary_members: '0', town: '', village: '', key_project: false,
    commissioner: '', instructor: '', started_on: '', closed_on: '',
  };
  openDialog($('unit-dialog'), { ...blank, ...(unit ?? {}) });
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  for (const id of ['unit-search', 'unit-filter-status', 'unit-filter-stage', 'unit-filter-ownership', 'unit-filter-gap']) {
    $(id).addEventListener('input', renderTable);
  }
  for (const b of document.querySelectorAll('#units-table button.sort')) {
    b.addEventListener('click', () => {
      sort = { key: b.dataset.sort, dir: sort.key === b.dataset.sort ? -sort.dir : 1 };
      renderTable();
    });
  }
  $('unit-add').addEventListener('click', () => openUnitForm(null));
  wireDialog($('unit-dialog'), async (form) => {
    const id = await call('save_unit', { form: formObject(form) });
    ctx.onNotice(t('saved', { id }));
    ctx.refresh();
  });
}
