// The window on a district file: the parks' table (sortable), a bar of
// each park's organizational coverage, the problems across parks, and a
// read-only page per park. Every figure and rate text comes from the core.
import { call } from './api.js';
import { el, fill, fillRows, pairs } from './dom.js';
import { date, yuan } from './format.js';
import { t } from './i18n.js';
import { confirmDialog } from './forms.js';

const $ = (id) => document.getElementById(id);
let sortKey = 'park';
let ascending = true;
let last = null;

function cells(r) {
  return [
    date(r.as_of),
    el('span', { class: 'num' }, String(r.in_scope)),
    r.rates[0], r.rates[1], r.rates[2], r.rates[3],
    String(r.uncovered),
    r.compliance,
    yuan(r.net_fen),
    r.flags.length ? el('span', { class: 'tag sev-warning', title: r.flags.join('；') }, t('district.flagCount', { n: r.flags.length })) : '',
  ];
}

function compare(a, b) {
  const x = a[sortKey];
  const y = b[sortKey];
  const order = x === y ? 0 : (x == null ? -1 : x) < (y == null ? -1 : y) ? -1 : 1;
  return ascending ? order : -order;
}

function renderTable(ctx) {
  const rows = [...last.parks].sort(compare).map((r) => el('tr', { dataset: { park: r.park } }, [
    el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => openPark(ctx, r.park) }, r.park)),
    ...cells(r).map((c) => el('td', {}, c)),
  ]));
  fillRows($('district-parks').tBodies[0], rows, t('district.none'));
  const total = last.total;
  fill($('district-parks').tFoot, el('tr', { id: 'district-total' }, [
    el('td', {}, t('district.total', { n: last.parks.length })),
    ...cells(total).map((c) => el('td', {}, c)),
  ]));
  for (const b of document.querySelectorAll('#district-parks button.sort')) {
    if (b.dataset.key === sortKey) b.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    else b.removeAttribute('aria-sort');
  }
}

function renderChart() {
  fill($('district-chart'), last.parks.flatMap((r) => [
    el('span', {}, r.park),
    el('div', { class: 'bar', role: 'img', 'aria-label': `${r.park} ${r.rates[0]}` }, bar(r.coverage || 0)),
    el('span', { class: 'num' }, r.rates[0]),
  ]));
}

/** The filled part of a bar; set through the DOM, as the CSP refuses inline style attributes. */
function bar(share) {
  const span = el('span');
  span.style.width = `${Math.round(share * 1000) / 10}%`;
  return span;
}

function renderProblems() {
  fill($('district-problems'), last.problems.length
    ? last.problems.map((p) => el('li', { class: `problem-${p.severity}`, dataset: { code: p.code } },
      el('span', { class: `tag sev-${p.severity}` }, p.severity_text), ' ', p.message))
    : el('li', {}, t('district.noProblems')));
}

/** The district's page, as of the date in the top bar (each park's latest when empty). */
export async function renderDistrict(ctx) {
  $('district-park').hidden = true;
  $('district').hidden = false;
  last = await call('district_page', { asOf: ctx.asOf() });
  $('park-name').textContent = t('district.title', { name: last.district });
  document.title = `${last.district} · ${t('app.title')}`;
  renderTable(ctx);
  renderChart();
  renderProblems();
  for (const b of document.querySelectorAll('#district-parks button.sort')) {
    b.onclick = () => {
      ascending = b.dataset.key === sortKey ? !ascending : true;
      sortKey = b.dataset.key;
      renderTable(ctx);
    };
  }
  $('district-add').onclick = () => addWorkbooks(ctx);
  $('district-export').onclick = () => exportWorkbook(ctx);
  $('district-back').onclick = () => ctx.refresh();
}

async function addWorkbooks(ctx) {
  try {
    const added = await call('district_add');
    if (!added) return;
    await renderDistrict(ctx);
    const list = $('district-added');
    fill(list, added.map((a) => el('li', { class: a.stored ? 'stored' : 'refused' }, a.text)));
    list.hidden = false;
  } catch (err) {
    ctx.onError(err);
  }
}

/** The district workbook as of the date in the top bar (each park's latest when empty). */
async function exportWorkbook(ctx) {
  try {
    const path = await call('district_export', { asOf: ctx.asOf() });
    if (path) ctx.onNotice(t('district.exported', { path }));
  } catch (err) {
    ctx.onError(err);
  }
}

/** Takes the park out of the district's figures, once the clerk confirms. */
async function removePark(ctx, park) {
  if (!await confirmDialog(t('district.removeConfirm', { park }), t('district.remove').replace('…', ''))) return;
  try {
    const n = await call('district_remove', { park });
    await ctx.refresh();
    ctx.onNotice(t('district.removed', { park, n }));
  } catch (err) {
    ctx.onError(err);
  }
}

async function openPark(ctx, park) {
  try {
    const p = await call('district_park', { park, asOf: ctx.asOf() });
    const r = p.row;
    $('district').hidden = true;
    $('district-park').hidden = false;
    $('district-park-name').textContent = `${r.park}　${t('district.asOfDate', { date: date(r.as_of) })}`;
    pairs($('district-park-figures'), [
      [t('district.file'), p.file],
      [t('district.inScope'), r.in_scope],
      [t('district.coverage'), r.rates[0]],
      [t('district.single'), r.rates[1]],
      [t('district.work'), r.rates[2]],
      [t('district.npCoverage'), r.rates[3]],
      [t('district.uncovered'), r.uncovered],
      [t('district.compliance'), r.compliance],
      [t('district.budget'), yuan(r.budget_fen)],
      [t('district.net'), yuan(r.net_fen)],
      [t('district.balance'), yuan(r.balance_fen)],
    ]);
    fill($('district-park-flags'), r.flags.map((f) => el('li', { class: 'problem-warning' }, f)));
    fillRows($('district-park-uncovered'), p.uncovered.map((u) => el('tr', {}, [el('td', {}, u.name), el('td', {}, u.credit_code || '—')])), t('district.allCovered'));
    // A gap is named as the clerk knows it; its code stays in the tooltip.
    fillRows($('district-park-gaps'), p.gaps.map((g) => el('tr', { dataset: { code: g.code } }, [
      el('td', {}, g.severity_text), el('td', { title: g.code }, t(`gap.${g.code}`)), el('td', {}, g.name), el('td', {}, g.message),
    ])), t('district.noGaps'));
    $('district-remove').onclick = () => removePark(ctx, r.park);
    document.body.dataset.ready = 'district-park';
  } catch (err) {
    ctx.onError(err);
  }
}
