// The detail view of one unit or organization, opened from a gap.
import { el, fill } from './dom.js';
import { leaderTitle, listOf, t } from './i18n.js';
import { date } from './format.js';
import { changeList } from './history.js';

function fields(entries) {
  return el('dl', { class: 'fields' }, entries.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v == null ? t('detail.none') : v)]));
}

/** An organization that does not cover the unit at the date: dissolved, or not yet founded. */
function otherOrg(o) {
  return o.dissolved_on
    ? `${o.name}（${t('detail.dissolvedOn', { date: date(o.dissolved_on) })}）`
    : `${o.name}（${t('detail.foundedOn', { date: date(o.founded_on) })}）`;
}

function gapList(gaps) {
  if (gaps.length === 0) return el('p', { class: 'muted' }, t('detail.none'));
  return el('ul', {}, gaps.map((g) => el('li', { class: g.severity }, t('labelled', { label: `${t(`severity.${g.severity}`)} · ${t(`gap.${g.code}`)}`, value: g.message }))));
}

function historyTable(history) {
  if (history.length === 0) return el('p', { class: 'muted' }, t('detail.none'));
  return el('table', {}, el('tbody', {}, history.map((h) => el('tr', {},
    el('td', {}, h.at),
    el('td', {}, h.who),
    el('td', { title: h.action }, h.action_label),
    el('td', {}, h.summary, changeList(h))))));
}

/** The roster's members at D by name (a detail needs no ID numbers). */
function rosterNames(members) {
  return members.length ? [[t('nav.members'), listOf(members.map((r) => r.name))]] : [];
}

export function renderUnit(d) {
  const u = d.unit;
  return [
    u.name,
    [
      fields([
        [t('detail.kind'), t(`kind.${u.kind}`)],
        [t('detail.ownership'), t(`ownership.${u.ownership}`)],
        [t('detail.stage'), t(`stage.${u.stage}`)],
        [t('detail.status'), d.status ? t(`status.${d.status}`) : null],
        [t('detail.employees'), u.employees],
        [t('detail.members'), `${d.full_members} / ${d.probationary_members}`],
        ...rosterNames(d.members),
        [t('detail.creditCode'), u.credit_code],
        [t('detail.commissioner'), d.commissioner],
        [t('detail.instructor'), d.instructor],
        [t('detail.orgs'), listOf(d.organizations.map((o) => o.name)) || null],
        ...(d.other_organizations.length ? [[t('detail.otherOrgs'), listOf(d.other_organizations.map(otherOrg))]] : []),
      ]),
      el('h3', {}, t('detail.gaps')),
      gapList(d.gaps),
      el('h3', {}, t('detail.history')),
      historyTable(d.history),
    ],
  ];
}

export function renderOrg(d) {
  const o = d.organization;
  return [
    o.name,
    [
      fields([
        [t('detail.kind'), t(`orgOne.${o.kind}`)],
        [t('detail.parent'), d.parent],
        [leaderTitle(o.kind), d.secretary],
        [t('detail.founded'), date(o.founded_on)],
        [t('detail.dissolved'), o.dissolved_on ? date(o.dissolved_on) : null],
        [t('detail.members'), `${d.full_members} / ${d.probationary_members}`],
        ...rosterNames(d.members),
        [t('detail.committeeSize'), o.committee_size],
        [t('detail.lastElection'), o.last_election_on ? date(o.last_election_on) : null],
        [t('detail.electionDue'), d.election_due ? date(d.election_due) : null],
        [t('detail.units'), listOf(d.units.map((u) => u.name)) || null],
      ]),
      el('h3', {}, t('detail.gaps')),
      gapList(d.gaps),
      el('h3', {}, t('detail.history')),
      historyTable(d.history),
    ],
  ];
}

export function showDetail([title, body]) {
  document.getElementById('detail-title').textContent = title;
  fill(document.getElementById('detail-body'), body);
  document.getElementById('detail').showModal();
}
