// The organizations page: the 1+1+N tree (park committee → branches →
// groups), adding and editing, recording an election, dissolving.
import { call } from './api.js';
import { el, fill } from './dom.js';
import { getLang, t } from './i18n.js';
import { date } from './format.js';
import { formObject, openDialog, wireDialog } from './forms.js';

const $ = (id) => document.getElementById(id);
let page = null;
let ctx = null;
let acting = null;

export async function renderOrgs(context) {
  ctx = context;
  page = await call('orgs_page', { asOf: context.asOf(), lang: getLang() });
  wire();
  const byParent = new Map();
  const ids = new Set(page.organizations.map((o) => o.id));
  for (const o of page.organizations) {
    const key = o.parent && ids.has(o.parent) ? o.parent : '';
    if (!byParent.has(key)) byParent.set(key, []);
    byParent.get(key).push(o);
  }
  const branch = (parent) => (byParent.get(parent) ?? []).map((o) =>
    el('li', {}, orgLine(o), byParent.has(o.id) ? el('ul', {}, branch(o.id)) : null));
  fill($('org-tree'), branch(''));
}

function orgLine(o) {
  const meta = [
    t(`org.${o.kind}`),
    t('orgs.members', { full: o.full_members, prob: o.probationary_members }),
    o.unit_names.length ? t('orgs.covers', { n: o.unit_names.length }) : null,
    o.secretary_name ? `${t('detail.secretary')}：${o.secretary_name}` : null,
    o.election_due ? `${t('detail.electionDue')}：${date(o.election_due)}` : null,
    o.active ? null : t('orgs.inactive'),
  ].filter(Boolean).join(' · ');
  return el('div', { class: `org${o.active ? '' : ' inactive'}`, dataset: { org: o.id } },
    el('button', { type: 'button', class: 'link org-name', onclick: () => ctx.openDetail('org', o.id) }, o.name),
    el('span', { class: 'meta' }, meta),
    el('span', {}, o.gaps.map((g) => el('span', { class: `tag sev-${g.severity}`, title: g.message }, g.code))),
    el('span', { class: 'buttons' },
      el('button', { type: 'button', class: 'secondary edit', onclick: () => openOrgForm(o) }, t('edit')),
      o.active && o.kind !== 'group' && o.kind !== 'temporary_branch'
        ? el('button', { type: 'button', class: 'secondary election', onclick: () => openAction(o, 'election') }, t('orgs.election'))
        : null,
      o.active ? el('button', { type: 'button', class: 'secondary dissolve', onclick: () => openAction(o, 'dissolve') }, t('orgs.dissolve')) : null));
}

function choices(select, list, selected, none) {
  fill(select, el('option', { value: '' }, none), list.map((c) => el('option', { value: c.id, selected: c.id === selected }, c.name)));
}

export function openOrgForm(org, preset = {}) {
  const form = $('org-form');
  $('org-form-title').textContent = org ? t('orgs.edit', { name: org.name }) : t('orgs.add');
  choices(form.elements.parent, page.organizations.filter((o) => o.id !== org?.id), org?.parent ?? preset.parent, t('orgs.noParent'));
  choices(form.elements.secretary, page.people, org?.secretary, t('units.nobody'));
  const chosen = new Set(org?.units ?? preset.units ?? []);
  fill(form.querySelector('.picker-list'), page.units.map((u) =>
    el('label', { dataset: { name: u.name } }, el('input', { type: 'checkbox', value: u.id, checked: chosen.has(u.id) }), u.name)));
  form.querySelector('.picker-filter').value = '';
  const parkCommittee = page.organizations.find((o) => o.kind === 'committee' && !o.parent && o.active);
  const blank = {
    id: '', name: '', kind: 'branch', parent: parkCommittee?.id ?? '', founded_on: ctx.today(), secretary: '',
    committee_size: '0', approval_doc: '', last_election_on: '', dissolved_on: '',
  };
  openDialog($('org-dialog'), { ...blank, ...preset, ...(org ? { ...org, committee_size: String(org.committee_size) } : {}) });
}

function openAction(org, kind) {
  acting = { org, kind };
  $('org-action-title').textContent = t(kind === 'election' ? 'orgs.electionOf' : 'orgs.dissolveOf', { name: org.name });
  for (const e of $('org-action-form').querySelectorAll('.election-only')) e.hidden = kind !== 'election';
  openDialog($('org-action-dialog'), { on: ctx.today(), committee_size: String(org.committee_size || 3) });
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  $('org-add').addEventListener('click', () => openOrgForm(null));
  const form = $('org-form');
  form.querySelector('.picker-filter').addEventListener('input', (e) => {
    const q = e.target.value.trim();
    for (const label of form.querySelectorAll('.picker-list label')) label.hidden = q !== '' && !label.dataset.name.includes(q);
  });
  wireDialog($('org-dialog'), async (f) => {
    const data = formObject(f);
    data.units = [...f.querySelectorAll('.picker-list input:checked')].map((i) => i.value);
    const id = await call('save_org', { form: data });
    ctx.onNotice(t('saved', { id }));
    ctx.refresh();
  });
  wireDialog($('org-action-dialog'), async (f) => {
    const { on, committee_size: size } = formObject(f);
    if (acting.kind === 'election') await call('record_election', { id: acting.org.id, on, committeeSize: size });
    else await call('dissolve_org', { id: acting.org.id, on });
    ctx.onNotice(t('saved', { id: acting.org.id }));
    ctx.refresh();
  });
}
