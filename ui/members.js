// The 党员 page: the roster at the 统计日期 (ID numbers masked), filtered
// by organization, unit and status, searched by name; the member dialog
// (every field of the core's MemberForm, the whole ID number only there)
// with the status actions (转正, 延长预备期, 失去联系, 停止党籍, 转出/出党),
// each asking its date. When the park does not keep its roster, the page
// says so and shows the typed counts beside the roster's before the clerk
// switches it on. The clerk's 花名册 is imported here through the import
// page's one flow (ui/exchange.js): previewed, then confirmed. Every rule
// is the core's.
import { call } from './api.js';
import { el, fill, fillRows, pairs } from './dom.js';
import { date } from './format.js';
import { getLang, t } from './i18n.js';
import { formObject, openDialog, wireDialog } from './forms.js';
import { previewImport, undoImport } from './exchange.js';

const $ = (id) => document.getElementById(id);
const LIMIT = 500;
const COUNTS = ['full', 'probationary', 'elsewhere', 'lost_contact', 'stopped'];
let ctx = null;
let status = '';
let choices = null;

export async function renderMembers(context) {
  ctx = context;
  wire();
  choices = null;
  await fillChoices();
  await load();
}

/** The organizations and units for the filters and the dialog. */
async function fillChoices() {
  if (choices) return choices;
  choices = await call('form_choices');
  const keep = (select, first, list) => {
    const was = select.value;
    fill(select, el('option', { value: '' }, first), list.map((c) => el('option', { value: c.id }, c.name)));
    select.value = was;
    if (select.value !== was) select.value = '';
  };
  keep($('member-filter-org'), t('members.allOrgs'), choices.organizations);
  keep($('member-filter-unit'), t('members.allUnits'), choices.units);
  keep($('member-org'), t('members.none'), choices.organizations);
  keep($('member-unit'), t('members.none'), choices.units);
  return choices;
}

function query() {
  return {
    org: $('member-filter-org').value,
    unit: $('member-filter-unit').value,
    status,
    text: $('member-search').value,
    limit: LIMIT,
  };
}

async function load() {
  const page = await call('members_page', { asOf: ctx.asOf(), lang: getLang(), query: query() });
  showRosterSetting(page);
  pairs($('member-counts'), COUNTS.map((c) => [t(`members.count.${c}`), t('members.people', { n: page.counts[c] }), `member-count-${c}`]));
  $('member-count').textContent = page.rows.length < page.matched
    ? t('members.countLimited', { n: page.rows.length, matched: page.matched })
    : t('members.count', { n: page.matched });
  for (const chip of document.querySelectorAll('#member-status .chip')) {
    chip.setAttribute('aria-pressed', chip.dataset.status === status ? 'true' : 'false');
  }
  fillRows($('members-table').tBodies[0], page.rows.map((p) => memberRow(p, page.as_of)),
    t('members.hint', { add: t('members.add') }));
}

function memberRow(p, asOf) {
  const m = p.membership || {};
  const marks = [];
  if (m.relationship === 'elsewhere') marks.push(el('span', { class: 'tag mark-elsewhere', dataset: { mark: 'elsewhere' } }, t('members.elsewhere')));
  if (m.lost_contact_on && m.lost_contact_on <= asOf && (p.status === 'full' || p.status === 'probationary')) {
    marks.push(el('span', { class: 'tag sev-warning', dataset: { mark: 'lost' }, title: date(m.lost_contact_on) }, t('members.lost')));
  }
  return el('tr', { class: p.status === 'left' || p.status === 'stopped' ? 'inactive' : '', dataset: { person: p.id } },
    el('td', {}, el('button', { type: 'button', class: 'link member-name', onclick: () => openMember(p.id).catch(ctx.onError) }, p.name)),
    el('td', {}, p.gender ? t(`gender.${p.gender}`) : ''),
    el('td', { class: 'id-number' }, p.id_number || ''),
    el('td', {}, p.member_unit_name || ''),
    el('td', {}, p.member_org_name || ''),
    el('td', {}, memberDate(m, 'joined_on')),
    el('td', {}, memberDate(m, 'full_on')),
    el('td', { class: 'member-status', dataset: { status: p.status } }, statusText(p.status, m.left_reason)),
    el('td', {}, marks));
}

/** A membership's date, to the month when only the month is known. */
function memberDate(m, field) {
  const iso = m[field];
  if (!iso) return '';
  if (!(m.approximate || []).includes(field)) return date(iso);
  const [y, mo] = iso.split('-').map(Number);
  return getLang() === 'en' ? iso.slice(0, 7) : `${y}年${mo}月`;
}

function statusText(s, reason) {
  if (s === 'left' && reason) return `${t('members.status.left')}（${t(`left.${reason}`)}）`;
  return t(`members.status.${s}`);
}

/** The park without its roster: what switching it on changes, and the
 * typed counts beside the roster's, unit by unit. */
function showRosterSetting(page) {
  $('roster-off').hidden = page.roster;
  if (page.roster) return;
  $('reconcile-summary').textContent = page.reconcile_total
    ? t('members.reconcileSummary', { n: page.reconcile_total, differ: page.reconcile_differ, date: date(page.as_of) })
    : t('members.reconcileNone');
  const cell = (typed, roster) => el('td', { class: typed === roster ? 'num' : 'num differs' }, String(roster));
  fill($('reconcile-table').tBodies[0], page.reconcile.map((r) =>
    el('tr', { dataset: { unit: r.id } },
      el('td', {}, r.name),
      el('td', { class: 'num' }, String(r.typed_full)),
      cell(r.typed_full, r.roster_full),
      el('td', { class: 'num' }, String(r.typed_probationary)),
      cell(r.typed_probationary, r.roster_probationary))));
  $('reconcile-table').hidden = !page.reconcile.length;
}

const BLANK = {
  id: '', name: '', phone: '', gender: '', ethnicity: '', birth_date: '', id_number: '', education: '',
  org: '', unit: '', joined_on: '', full_on: '', relationship: 'here', arrived_on: '',
  probation_extended_to: '', lost_contact_on: '', stopped_on: '', left_on: '', left_reason: '',
};

/** The member dialog: a new member (no id), or the one stored. */
export async function openMember(id) {
  await fillChoices();
  const actions = $('member-actions');
  if (!id) {
    $('member-form-title').textContent = t('members.add');
    actions.hidden = true;
    $('member-status-dates').hidden = true;
    openDialog($('member-dialog'), BLANK);
    return;
  }
  const detail = await call('member_detail', { id, asOf: ctx.asOf(), lang: getLang() });
  const form = { ...BLANK, ...detail.form };
  if (!form.relationship) form.relationship = 'here';
  $('member-form-title').textContent = t('members.edit', { name: form.name });
  actions.hidden = false;
  $('member-status-dates').hidden = false;
  actions.dataset.id = id;
  actions.dataset.name = form.name;
  $('member-standing').textContent = standing(detail);
  const s = detail.status;
  const member = s === 'full' || s === 'probationary';
  const enable = { full: s === 'probationary', extend: s === 'probationary', lost: member && !detail.lost_contact_on, stop: member, leave: s !== 'left' };
  for (const b of actions.querySelectorAll('button[data-action]')) b.disabled = !enable[b.dataset.action];
  openDialog($('member-dialog'), form);
}

/** Where the membership stands at D, in a sentence. */
function standing(detail) {
  const parts = [t('labelled', { label: t('members.status'), value: statusText(detail.status, detail.left_reason) })];
  if (detail.probation_extended_to) parts.push(t('labelled', { label: t('members.extendedTo'), value: date(detail.probation_extended_to) }));
  if (detail.lost_contact_on) parts.push(t('labelled', { label: t('members.lostSince'), value: date(detail.lost_contact_on) }));
  if (detail.stopped_on) parts.push(t('labelled', { label: t('members.stoppedOn'), value: date(detail.stopped_on) }));
  if (detail.left_on) parts.push(t('labelled', { label: t('members.leftOn'), value: date(detail.left_on) }));
  return parts.join(t('listSep'));
}

/** Asks the date (and for 转出/出党 the reason) of a status action. */
function openAction(action) {
  const actions = $('member-actions');
  const name = actions.dataset.name;
  $('member-dialog').close();
  $('member-action-title').textContent = t(`members.act.${action}`, { name });
  $('member-action-date').textContent = t(`members.actDate.${action}`);
  for (const label of document.querySelectorAll('#member-action-form .leave-only')) label.hidden = action !== 'leave';
  const today = ctx.today() || '';
  openDialog($('member-action-dialog'), { id: actions.dataset.id, action, on: action === 'extend' ? '' : today, reason: 'transferred_out' });
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
  $('member-search').addEventListener('input', reload);
  for (const id of ['member-filter-org', 'member-filter-unit']) $(id).addEventListener('change', () => load().catch(ctx.onError));
  for (const chip of document.querySelectorAll('#member-status .chip')) {
    chip.addEventListener('click', () => {
      status = chip.dataset.status;
      load().catch(ctx.onError);
    });
  }
  $('member-add').addEventListener('click', () => openMember(null).catch(ctx.onError));
  // The clerk's 花名册 through the one import flow, previewed on this page.
  const hooks = { onError: (err) => ctx.onError(err), onNotice: (text) => ctx.onNotice(text), onChanged: () => ctx.refresh() };
  $('member-import').addEventListener('click', () => previewImport('members', $('member-import-slot'), hooks));
  $('member-import-undo').addEventListener('click', () => undoImport(hooks));
  for (const b of document.querySelectorAll('#member-actions button[data-action]')) {
    b.addEventListener('click', () => openAction(b.dataset.action));
  }
  $('roster-on').addEventListener('click', async () => {
    try {
      await call('set_roster', { on: true });
      ctx.onNotice(t('members.rosterSwitchedOn'));
      ctx.refresh();
    } catch (err) {
      ctx.onError(err);
    }
  });
  wireDialog($('member-dialog'), async (form) => {
    const data = formObject(form);
    await call('save_member', { form: data });
    ctx.onNotice(t(data.id ? 'members.savedEdit' : 'members.savedNew', { name: data.name.trim() }));
    ctx.refresh();
  });
  wireDialog($('member-action-dialog'), async (form) => {
    const data = formObject(form);
    const args = { id: data.id, action: data.action, on: data.on };
    if (data.action === 'leave') args.reason = data.reason;
    await call('member_action', args);
    const name = $('member-actions').dataset.name;
    const what = data.action === 'leave' ? t(`left.${data.reason}`) : t(`members.verb.${data.action}`);
    ctx.onNotice(t('members.acted', { name, what, date: data.on.trim() }));
    ctx.refresh();
  });
}
