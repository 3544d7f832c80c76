// The people page: commissioners, instructors and secretaries, with the
// units each serves (an instructor's workload).
import { call } from './api.js';
import { el, fill, fillRows } from './dom.js';
import { listOf, t } from './i18n.js';
import { formObject, openDialog, wireDialog, wireRemoval } from './forms.js';

const $ = (id) => document.getElementById(id);
let ctx = null;

export async function renderPeople(context) {
  ctx = context;
  const { rows, total } = await call('people_page');
  wire();
  $('people-count').textContent = rows.length < total ? t('people.countLimited', { n: rows.length, total }) : '';
  fillRows($('people-table').tBodies[0], rows.map((p) =>
    el('tr', { dataset: { person: p.id } },
      el('td', {}, p.name),
      el('td', {}, p.party_member ? t('yes') : t('no')),
      el('td', {}, p.phone || ''),
      el('td', {}, p.unit_name || ''),
      el('td', {}, listOf(p.commissioner_of)),
      el('td', {}, p.instructor_of.length ? `${listOf(p.instructor_of)}（${p.instructor_of.length}）` : ''),
      el('td', {}, listOf(p.secretary_of)),
      el('td', {}, el('button', { type: 'button', class: 'secondary edit', onclick: () => openPersonForm(p) }, t('edit'))))),
    t('hint.people', { add: t('people.add') }));
}

function openPersonForm(person) {
  $('person-form-title').textContent = person ? t('people.edit', { name: person.name }) : t('people.add');
  openDialog($('person-dialog'), { id: '', name: '', party_member: true, phone: '', unit_name: '', ...(person || {}) });
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  $('person-add').addEventListener('click', () => openPersonForm(null));
  wireDialog($('person-dialog'), async (form) => {
    const data = formObject(form);
    await call('save_person', { form: data });
    ctx.onNotice(t('saved', { name: data.name.trim() }));
    ctx.refresh();
  });
  wireRemoval($('person-dialog'), (name) => {
    ctx.onNotice(t('removed', { name }));
    ctx.refresh();
  });
}
