// The organizations page: the 1+1+N tree (park committee → branches →
// groups), adding and editing, recording an election, dissolving.
import { call } from './api.js';
import { el, fill } from './dom.js';
import { getLang, leaderTitle, t } from './i18n.js';
import { date } from './format.js';
import { formObject, openDialog, wireDialog, wireRemoval } from './forms.js';

const $ = (id) => document.getElementById(id);
let page = null;
let ctx = null;
let acting = null;
/** The units offered in the picker: the chosen ones and this many matches. */
const PICKER_SHOWN = 100;
let choices = null;
let chosen = new Set();

export async function renderOrgs(context) {
  ctx = context;
  page = await call('orgs_page', { asOf: context.asOf(), lang: getLang() });
  wire();
  const byParent = new Map();
  const ids = new Set(page.map((o) => o.id));
  for (const o of page) {
    const key = o.parent && ids.has(o.parent) ? o.parent : '';
    if (!byParent.has(key)) byParent.set(key, []);
    byParent.get(key).push(o);
  }
  // A district's tree can hold tens of thousands: the core sends each
  // level's first few hundred and says how many more there are.
  const branch = (parent) => (byParent.get(parent) || []).map((o) =>
    el('li', {}, orgLine(o),
      byParent.has(o.id) || o.more_children
        ? el('ul', {}, branch(o.id), o.more_children ? el('li', { class: 'muted' }, t('orgs.more', { n: o.more_children })) : null)
        : null));
  fill($('org-tree'), page.length ? branch('') : el('li', { class: 'empty-hint' }, t('hint.orgs', { add: t('orgs.add') })));
}

function orgLine(o) {
  const meta = [
    t(`orgOne.${o.kind}`),
    t('orgs.members', { full: o.full_members, prob: o.probationary_members }),
    o.unit_names.length ? t('orgs.covers', { n: o.unit_names.length }) : null,
    o.secretary_name ? t('labelled', { label: leaderTitle(o.kind), value: o.secretary_name }) : null,
    o.election_due ? t('labelled', { label: t('detail.electionDue'), value: date(o.election_due) }) : null,
    o.active ? null : t('orgs.inactive'),
  ].filter(Boolean).join(' · ');
  return el('div', { class: `org${o.active ? '' : ' inactive'}`, dataset: { org: o.id } },
    el('button', { type: 'button', class: 'link org-name', onclick: () => ctx.openDetail('org', o.id) }, o.name),
    el('span', { class: 'meta' }, meta),
    el('span', {}, o.gaps.map((g) => el('span', { class: `tag sev-${g.severity}`, title: `${g.message}（${g.code}）`, dataset: { code: g.code } }, t(`gap.${g.code}`)))),
    el('span', { class: 'buttons' },
      el('button', { type: 'button', class: 'secondary edit', onclick: () => openOrgForm(o).catch(ctx.onError) }, t('edit')),
      o.active && o.kind !== 'group' && o.kind !== 'temporary_branch'
        ? el('button', { type: 'button', class: 'secondary election', onclick: () => openAction(o, 'election') }, t('orgs.election'))
        : null,
      o.active ? el('button', { type: 'button', class: 'secondary dissolve', onclick: () => openAction(o, 'dissolve') }, t('orgs.dissolve')) : null));
}

function choose(select, list, selected, none) {
  fill(select, el('option', { value: '' }, none), list.map((c) => el('option', { value: c.id, selected: c.id === selected }, c.name)));
}

/** The picker lists the chosen units first, then up to PICKER_SHOWN matches. */
function renderPicker() {
  const form = $('org-form');
  const q = form.querySelector('.picker-filter').value.trim();
  const picked = choices.units.filter((u) => chosen.has(u.id));
  const matches = choices.units.filter((u) => !chosen.has(u.id) && (q === '' || u.name.includes(q))).slice(0, PICKER_SHOWN);
  fill(form.querySelector('.picker-list'), [...picked, ...matches].map((u) =>
    el('label', { dataset: { name: u.name } },
      el('input', { type: 'checkbox', value: u.id, checked: chosen.has(u.id), onchange: (e) => (e.target.checked ? chosen.add(u.id) : chosen.delete(u.id)) }),
      u.name)));
}

export async function openOrgForm(org, preset = {}) {
  const form = $('org-form');
  choices = await call('form_choices');
  $('org-form-title').textContent = org ? t('orgs.edit', { name: org.name }) : t('orgs.add');
  choose(form.elements.parent, choices.organizations.filter((o) => !org || o.id !== org.id), (org && org.parent) || preset.parent, t('orgs.noParent'));
  choose(form.elements.secretary, choices.people, org ? org.secretary : undefined, t('units.nobody'));
  chosen = new Set((org && org.units) || preset.units || []);
  form.querySelector('.picker-filter').value = '';
  renderPicker();
  const parkCommittee = page.find((o) => o.kind === 'committee' && !o.parent && o.active);
  const blank = {
    id: '', name: '', kind: 'branch', parent: parkCommittee ? parkCommittee.id : '', founded_on: ctx.today(), secretary: '',
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
  $('org-add').addEventListener('click', () => openOrgForm(null).catch(ctx.onError));
  const form = $('org-form');
  form.querySelector('.picker-filter').addEventListener('input', renderPicker);
  wireDialog($('org-dialog'), async (f) => {
    const data = formObject(f);
    data.units = [...chosen];
    await call('save_org', { form: data });
    ctx.onNotice(t('saved', { name: data.name.trim() }));
    ctx.refresh();
  });
  wireRemoval($('org-dialog'), (name) => {
    ctx.onNotice(t('removed', { name }));
    ctx.refresh();
  });
  wireDialog($('org-action-dialog'), async (f) => {
    const { on, committee_size: size } = formObject(f);
    if (acting.kind === 'election') await call('record_election', { id: acting.org.id, on, committeeSize: size });
    else await call('dissolve_org', { id: acting.org.id, on });
    ctx.onNotice(t('saved', { name: acting.org.name }));
    ctx.refresh();
  });
}
