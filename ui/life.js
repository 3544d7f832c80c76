// The organizational-life page: the grid of organizations × periods (what
// was held, missed, still open, in colour and in text), the form that
// records a meeting or training, and the list of records with filters.
// Every state comes from the core; the page only lays it out.
import { call } from './api.js';
import { el, fill, fillRows } from './dom.js';
import { date } from './format.js';
import { getLang, t } from './i18n.js';
import { formObject, openDialog, wireDialog, wireWarnings } from './forms.js';

const $ = (id) => document.getElementById(id);
const PER_PAGE = 50;
const SIGN = { held: '✓', missed: '✗', open: '…' };
let ctx = null;
let gridPage = 0;
/** The organizations the form offers, with the kinds that fit each. */
let orgKinds = new Map();

export async function renderLife(context) {
  ctx = context;
  wire();
  choicesFilled = null;
  fillKindFilter();
  const [grid] = await Promise.all([showGrid(), showRecords()]);
  // The organizations to choose from: at district scale tens of thousands,
  // fetched only when a list or the form is first used.
  if (grid.matched <= EAGER_CHOICES) await fillChoices();
}

const EAGER_CHOICES = 2000;

async function showGrid() {
  const query = { text: $('life-search').value, missed_only: $('life-missed').checked, page: gridPage, per_page: PER_PAGE };
  const grid = await call('life_grid', { asOf: ctx.asOf(), lang: getLang(), query });
  gridPage = grid.page;
  const table = $('life-grid');
  fill(table.tHead, el('tr', {},
    el('th', { scope: 'col' }, t('life.org')),
    ...grid.columns.map((c) => el('th', { scope: 'col', class: `col-${c.frequency}` }, c.label))));
  fill(table.tBodies[0], grid.rows.map((row) =>
    el('tr', { dataset: { org: row.org } },
      el('th', { scope: 'row' }, row.name),
      ...row.cells.map((marks, i) => gridCell(row, grid.columns[i], marks)))));
  $('life-count').textContent = t('life.count', { n: grid.matched });
  $('life-page').textContent = t('life.page', { page: grid.page + 1, pages: grid.pages });
  $('life-prev').disabled = grid.page === 0;
  $('life-next').disabled = grid.page + 1 >= grid.pages;
  return grid;
}

/** One cell: each rule's state as a sign and its kind's name; a button
 * that opens the form for the first rule not yet held. */
function gridCell(row, column, marks) {
  if (!marks.length) return el('td', { class: 'none' }, '—');
  const worst = marks.some((m) => m.state === 'missed') ? 'missed' : marks.some((m) => m.state === 'open') ? 'open' : 'held';
  const lines = marks.map((m) => `${SIGN[m.state]} ${t(`meeting.${m.kind}`)}`);
  const title = `${row.name} ${column.label}\n${marks.map((m) => t('labelled', { label: t(`meeting.${m.kind}`), value: t(`life.${m.state}`) })).join('\n')}`;
  const todo = marks.find((m) => m.state !== 'held');
  return el('td', { class: worst, dataset: { state: worst } },
    el('button', {
      type: 'button',
      class: 'cell',
      title,
      'aria-label': title,
      onclick: () => openMeetingForm(null, { org: row.org, kind: (todo || marks[0]).kind, date: suggestedDate(column) }),
    }, lines.join('\n')));
}

/** A date inside the column's period: its last day, or today when the
 * period is still open. */
function suggestedDate(column) {
  const today = ctx.today();
  return today && column.last > today ? today : column.last;
}

async function showRecords() {
  const query = { org: $('life-filter-org').value, kind: $('life-filter-kind').value, period: $('life-filter-period').value.trim(), limit: 200 };
  const list = await call('life_records', { query });
  $('life-records-count').textContent = list.rows.length < list.matched
    ? t('life.recordsLimited', { n: list.rows.length, total: list.matched })
    : t('life.recordsCount', { n: list.matched });
  fillRows($('life-records').tBodies[0], list.rows.map((m) =>
    el('tr', { dataset: { meeting: m.id } },
      el('td', {}, date(m.date)),
      el('td', {}, m.org_name),
      el('td', {}, t(`meeting.${m.kind}`)),
      el('td', {}, m.topic),
      el('td', {}, m.expected == null ? '—' : m.expected),
      el('td', {}, m.attended),
      el('td', {}, m.hours ? String(m.hours) : ''),
      el('td', {}, m.host_name || ''),
      el('td', {},
        el('button', { type: 'button', class: 'secondary edit', onclick: () => openMeetingForm(m) }, t('edit')),
        el('button', { type: 'button', class: 'secondary remove', onclick: () => removeMeeting(m) }, t('life.remove'))))),
    t('hint.records', { add: t('life.add'), exchange: t('nav.exchange') }));
}

/** The kinds to filter by (no round trip: every kind). */
function fillKindFilter() {
  const kindFilter = $('life-filter-kind');
  const was = kindFilter.value;
  fill(kindFilter, el('option', { value: '' }, t('life.allKinds')),
    ...KINDS.map((k) => el('option', { value: k }, t(`meeting.${k}`))));
  kindFilter.value = was;
}

let choicesFilled = null;
/** The organizations (with the kinds that fit each) and people for the
 * organization filter and the form, fetched once per showing of the page. */
function fillChoices() {
  if (!choicesFilled) choicesFilled = call('form_choices').then((choices) => {
    const orgFilter = $('life-filter-org');
    const was = orgFilter.value;
    fill(orgFilter, el('option', { value: '' }, t('life.allOrgs')),
      ...choices.organizations.map((o) => el('option', { value: o.id }, o.name)));
    orgFilter.value = was;
    orgKinds = new Map(choices.organizations.map((o, i) => [o.id, choices.meeting_kinds[i]]));
    fill($('meeting-org'), el('option', { value: '' }, t('life.chooseOrg')),
      ...choices.organizations.map((o) => el('option', { value: o.id }, o.name)));
    fill($('meeting-host'), el('option', { value: '' }, t('units.nobody')),
      ...choices.people.map((p) => el('option', { value: p.id }, p.name)));
  });
  return choicesFilled;
}

const KINDS = ['member_meeting', 'committee_meeting', 'group_meeting', 'party_lecture', 'theme_day', 'life_meeting', 'democratic_review', 'training'];

/** The kind select offers only the kinds that fit the chosen organization
 * (from the core; every kind until the organization is known). */
function offerKinds(orgId, kind) {
  const fits = orgKinds.get(orgId) || KINDS;
  const select = $('meeting-kind');
  fill(select, ...fits.map((k) => el('option', { value: k }, t(`meeting.${k}`))));
  if (kind && fits.includes(kind)) select.value = kind;
}

async function openMeetingForm(meeting, preset = {}) {
  await fillChoices().catch(ctx.onError);
  const data = meeting
    ? { ...meeting, expected: meeting.expected == null ? '' : meeting.expected, hours: meeting.hours ? String(meeting.hours) : '', host: meeting.host || '' }
    : { id: '', org: '', kind: '', date: ctx.today() || '', topic: '', expected: '', attended: '', hours: '', host: '', note: '', ...preset };
  $('meeting-form-title').textContent = meeting ? t('life.editTitle', { date: date(meeting.date) }) : t('life.add');
  offerKinds(data.org, data.kind);
  openDialog($('meeting-dialog'), data);
}

async function removeMeeting(m) {
  if (!window.confirm(t('life.confirmRemove', { date: date(m.date), org: m.org_name, kind: t(`meeting.${m.kind}`) }))) return;
  try {
    await call('remove_meeting', { id: m.id });
    ctx.onNotice(t('life.removed', { id: m.id }));
    ctx.refresh();
  } catch (err) {
    ctx.onError(err);
  }
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  $('life-add').addEventListener('click', () => openMeetingForm(null));
  const again = (resetPage) => () => {
    if (resetPage) gridPage = 0;
    showGrid().catch(ctx.onError);
  };
  let typing = null;
  $('life-search').addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(again(true), 250);
  });
  $('life-missed').addEventListener('change', again(true));
  $('life-prev').addEventListener('click', () => { gridPage -= 1; again(false)(); });
  $('life-next').addEventListener('click', () => { gridPage += 1; again(false)(); });
  for (const event of ['focus', 'pointerdown']) $('life-filter-org').addEventListener(event, () => fillChoices().catch(ctx.onError));
  for (const id of ['life-filter-org', 'life-filter-kind']) $(id).addEventListener('change', () => showRecords().catch(ctx.onError));
  $('life-filter-period').addEventListener('change', () => showRecords().catch(ctx.onError));
  $('meeting-org').addEventListener('change', (e) => offerKinds(e.target.value, $('meeting-kind').value));
  wireDialog($('meeting-dialog'), async (form) => {
    const data = formObject(form);
    await call('save_meeting', { form: data });
    ctx.onNotice(t('saved', { name: `${date(data.date)} ${t(`meeting.${data.kind}`)}` }));
    ctx.refresh();
  });
  wireWarnings($('meeting-form'), 'meeting', ['attended', 'org', 'date']);
}
