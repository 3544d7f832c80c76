// The dashboard: the six rates, counts, coverage chart, money, gaps.
import { el, fill, svg, pairs } from './dom.js';
import { t } from './i18n.js';
import { yuan } from './format.js';

const STATUS_COLORS = { own: '#b71c1c', joint: '#e53935', group: '#ef9a9a', instructor: '#f5c542', none: '#9e9e9e' };
const SEVERITIES = ['error', 'warning', 'info'];

export function renderDashboard({ summary, gaps, gap_counts: counts, rate_texts: rates, life_compliance_text: compliance, table27_rows: rows, table27_columns: columns, members }, onOpen) {
  renderRates(rates);
  const u = summary.units;
  // An empty park: say where to begin instead of a page of dashes.
  const hint = document.getElementById('dash-hint');
  hint.hidden = u.enterprises + u.projects + u.organs > 0;
  hint.textContent = t('hint.dashboard', { units: t('nav.units'), exchange: t('nav.exchange') });
  pairs(document.getElementById('unit-counts'), [
    [t('units.coverable'), t('count', { n: u.enterprises + u.projects }), 'count-coverable'],
    [t('units.enterprises'), u.enterprises],
    [t('units.projects'), u.projects],
    [t('units.organs'), u.organs],
    [t('units.in_scope'), u.in_scope, 'count-in-scope'],
    [t('units.non_public_in_scope'), u.non_public_in_scope],
  ]);
  const o = summary.organizations;
  // With the roster kept, its members at D beside the organizations.
  const roster = members
    ? ['full', 'probationary', 'elsewhere', 'lost_contact', 'stopped'].map((k) => [
      `${t('nav.members')}·${t(`members.${k === 'lost_contact' ? 'lost' : k}`)}`, members[k], `members-${k}`,
    ])
    : [];
  pairs(
    document.getElementById('org-counts'),
    ['committee', 'general_branch', 'branch', 'joint_branch', 'temporary_branch', 'group'].map((k) => [t(`org.${k}`), o[k]]).concat(roster),
  );
  renderStatusChart(summary.status_counts);
  const m = summary.money;
  document.getElementById('money-title').textContent = t('money.year', { year: m.year });
  pairs(document.getElementById('money'), [
    [t('money.budget'), m.budget_default ? `${yuan(m.budget_fen)}${t('money.defaultMark')}` : yuan(m.budget_fen), 'money-budget'],
    [t('money.spent'), yuan(m.net_fen)],
    [t('money.balance'), yuan(m.balance_fen), 'money-balance'],
    [t('money.owed'), t('count', { n: summary.starter_fund_owed })],
  ]);
  renderMoneyChart(m);
  renderTable27(summary.table27, rows, columns);
  renderLife(summary.organizational_life, compliance);
  renderGaps(gaps, counts, onOpen);
}

/** The statistics table: a few figures on the card, the whole form in a dialog. */
function renderTable27(table, rows, columns) {
  // The core's labels of the form, in the interface's language.
  const label = (key) => t(`t27.${key}`);
  pairs(document.getElementById('table27-counts'), ['units', 'own', 'joint', 'none', 'none_should_build'].map(
    (key) => [label(key), table[key].total, `table27-${key}`],
  ));
  const head = el('tr', {}, [el('th', { scope: 'col' }, t('table27.indicator')), ...columns.map(([column]) => el('th', { scope: 'col' }, label(column)))]);
  const body = rows.map(([key]) => el('tr', {}, [
    el('th', { scope: 'row' }, label(key)),
    ...columns.map(([column]) => el('td', { class: 'num', id: `t27-${key}-${column}` }, String(table[key][column]))),
  ]));
  fill(document.getElementById('table27-body'), el('table', { class: 'table27' }, [el('thead', {}, head), el('tbody', {}, body)]));
  const open = document.getElementById('table27-open');
  open.onclick = () => document.getElementById('table27-dialog').showModal();
}

/** The year's organizational life: compliance, meetings held by kind, training. */
function renderLife(life, compliance) {
  document.getElementById('life-title').textContent = t('dash.lifeYear', { year: life.year });
  const training = life.training;
  pairs(document.getElementById('life-counts'), [
    [t('dash.lifeCompliance'), compliance, 'life-compliance'],
    ...LIFE_KINDS.map((k) => [t(`meeting.${k}`), t('dash.times', { n: life.held[k] || 0 }), `life-held-${k}`]),
    [t('dash.trainingSessions'), t('dash.times', { n: training.sessions }), 'life-training-sessions'],
    [t('dash.personTimes'), training.person_times, 'life-person-times'],
    [t('dash.personHours'), training.person_hours.toFixed(1), 'life-person-hours'],
  ]);
}

const LIFE_KINDS = ['member_meeting', 'committee_meeting', 'group_meeting', 'party_lecture', 'theme_day', 'life_meeting', 'democratic_review'];

/** Bars for the year's budget, net spending and balance, to one scale. */
function renderMoneyChart(m) {
  const bars = [
    ['money.budget', m.budget_fen, '#9e9e9e'],
    ['money.spent', m.net_fen, '#b71c1c'],
    ['money.balance', m.balance_fen, '#f5c542'],
  ];
  const max = Math.max(1, ...bars.map(([, fen]) => Math.abs(fen)));
  const chart = svg('svg', { viewBox: '0 0 300 84', width: '100%', role: 'img', 'aria-label': t('dash.money') });
  bars.forEach(([label, fen, color], i) => {
    const y = 6 + i * 26;
    chart.append(svg('text', { x: 0, y: y + 13, 'font-size': 12 }, t(label)));
    const rect = svg('rect', { x: 90, y, width: (Math.abs(fen) / max) * 200, height: 18, fill: color });
    rect.append(svg('title', {}, `${t(label)}: ${yuan(fen)}`));
    chart.append(rect);
  });
  fill(document.getElementById('money-chart'), chart);
}

function renderRates(texts) {
  const cards = [];
  for (const rate of ['organizational', 'single_build', 'work']) {
    for (const scope of ['all', 'non_public']) {
      cards.push(
        el('div', { class: 'card' },
          el('div', { class: 'label' }, t(`rate.${rate}`)),
          el('div', { class: 'value', id: `rate-${rate}-${scope}` }, texts[scope][rate]),
          el('div', { class: 'scope' }, t(`scope.${scope}`))),
      );
    }
  }
  fill(document.getElementById('rate-cards'), cards);
}

/** A horizontal stacked bar of units by coverage status, with a legend. */
function renderStatusChart(counts) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const width = 300;
  const chart = svg('svg', { viewBox: `0 0 ${width} 150`, width: '100%', role: 'img', 'aria-label': t('dash.status') });
  let x = 0;
  Object.entries(counts).forEach(([status, n], i) => {
    const w = total ? (n / total) * width : 0;
    const rect = svg('rect', { x, y: 0, width: w, height: 28, fill: STATUS_COLORS[status] });
    rect.append(svg('title', {}, `${t(`status.${status}`)}: ${n}`));
    chart.append(rect);
    x += w;
    const y = 46 + i * 20;
    chart.append(svg('rect', { x: 0, y: y - 11, width: 12, height: 12, fill: STATUS_COLORS[status] }));
    chart.append(svg('text', { x: 18, y, 'font-size': 13, id: `status-${status}` }, `${t(`status.${status}`)}  ${n}`));
  });
  fill(document.getElementById('status-chart'), chart);
}

function renderGaps(gaps, counts, onOpen) {
  document.getElementById('gap-count').textContent = counts.error + counts.warning + counts.info;
  const box = document.getElementById('gaps');
  if (gaps.length === 0) {
    fill(box, el('p', { class: 'muted' }, t('dash.noGaps')));
    return;
  }
  fill(
    box,
    SEVERITIES.map((severity) => {
      const group = gaps.filter((g) => g.severity === severity);
      if (group.length === 0) return null;
      const more = counts[severity] - group.length;
      return el('section', { class: `gap-group sev-${severity}` },
        el('h3', {}, `${t(`severity.${severity}`)}（${counts[severity]}）`),
        more > 0 ? el('p', { class: 'muted' }, t('dash.moreGaps', { n: group.length, more })) : null,
        el('ul', { class: 'gap-list' },
          group.map((g) =>
            el('li', {},
              el('button', {
                type: 'button',
                class: 'gap',
                dataset: { code: g.code, unit: g.unit || '', org: g.org || '' },
                onclick: () => onOpen(g.unit ? 'unit' : g.org ? 'org' : 'person', g.unit || g.org || g.person),
              },
              el('span', { class: 'gap-name' }, g.name),
              el('span', { class: 'gap-code', title: g.code }, t(`gap.${g.code}`)),
              el('span', { class: 'gap-message' }, g.message))))));
    }),
  );
}
