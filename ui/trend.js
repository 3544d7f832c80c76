// Coverage over time on the dashboard: the six rates and the gap counts at
// each of the last 24 month ends, as a chart (values on hover) and as a
// table for printing. The points come from the core (`views::trend`).
import { el, fill, svg } from './dom.js';
import { listOf, t } from './i18n.js';
import { date } from './format.js';

const RATES = ['organizational', 'single_build', 'work'];
const SCOPES = ['all', 'non_public'];
const COLORS = { organizational: '#b71c1c', single_build: '#1565c0', work: '#2e7d32' };
const SEVERITY_COLORS = { error: '#c62828', warning: '#f9a825', info: '#90a4ae' };
const SEVERITIES = ['error', 'warning', 'info'];
/** Each line told apart even where two run together: over all units thick
 * and solid with filled dots, over the non-public thin, dashed (a pattern
 * per rate) with hollow dots drawn on top. */
const STYLE = {
  all: { width: 3.5, dash: () => '', hollow: false },
  non_public: { width: 1.6, dash: (rate) => ({ organizational: '7 4', single_build: '2 3', work: '10 3 2 3' })[rate], hollow: true },
};

// The chart's frame, in viewBox units.
const W = 720;
const LEFT = 44;
const RIGHT = 12;
const TOP = 10;
const PLOT = 170;
const BARS = 80;
/** Below the bars: the months' labels. */
const BARS_FOOT = 22;
/** Above the bars: the axis's name. */
const BARS_HEAD = 16;

let asked = 0;

/** Shows the series ending on `asOf`; a later call wins over an earlier one still running. */
export async function showTrend(call, asOf) {
  const mine = ++asked;
  const panel = document.getElementById('trend-panel');
  panel.dataset.ready = '';
  const points = await call('trend', { asOf });
  if (mine !== asked) return;
  renderTrend(points);
  panel.dataset.ready = points.length ? points[points.length - 1].as_of : 'empty';
}

function renderTrend(points) {
  const chart = document.getElementById('trend-chart');
  if (points.length === 0) {
    fill(chart, el('p', { class: 'muted' }, t('dash.trendEmpty')));
    fill(document.getElementById('trend-table'));
    return;
  }
  fill(chart, lines(points), legend(), bars(points));
  fill(document.getElementById('trend-table'), table(points));
}

/** x of point i of n, spread over the plot's width. */
function xOf(i, n) {
  return n === 1 ? (LEFT + W - RIGHT) / 2 : LEFT + (i * (W - LEFT - RIGHT)) / (n - 1);
}

function monthLabel(iso) {
  const [y, m] = iso.split('-').map(Number);
  return t('dash.trendMonth', { y, m });
}

/** The six rates: one colour per rate, solid over all units, dashed over the non-public. */
function lines(points) {
  const n = points.length;
  const yOf = (rate) => TOP + PLOT * (1 - rate);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${TOP + PLOT + 26}`, width: '100%', role: 'img', 'aria-label': t('dash.trend'), id: 'trend-lines' });
  for (const level of [0, 0.25, 0.5, 0.75, 1]) {
    chart.append(svg('line', { x1: LEFT, x2: W - RIGHT, y1: yOf(level), y2: yOf(level), stroke: '#e0e0e0' }));
    chart.append(svg('text', { x: LEFT - 6, y: yOf(level) + 4, 'font-size': 11, 'text-anchor': 'end' }, `${level * 100}%`));
  }
  points.forEach((p, i) => {
    // A label every third month, and the last.
    if (i % 3 === (n - 1) % 3) {
      const anchor = i === n - 1 && n > 1 ? 'end' : 'middle';
      chart.append(svg('text', { x: xOf(i, n) + (anchor === 'end' ? 6 : 0), y: TOP + PLOT + 18, 'font-size': 11, 'text-anchor': anchor }, monthLabel(p.as_of)));
    }
  });
  for (const scope of SCOPES) {
    for (const rate of RATES) {
      const name = t('dash.rateIn', { rate: t(`rate.${rate}`), scope: t(`scope.${scope}`) });
      // A rate is null over an empty scope: the line breaks there.
      let path = '';
      let pen = 'M';
      points.forEach((p, i) => {
        const v = p.coverage[scope][rate];
        if (v === null) {
          pen = 'M';
          return;
        }
        path += `${pen}${xOf(i, n).toFixed(1)},${yOf(v).toFixed(1)}`;
        pen = 'L';
      });
      const style = STYLE[scope];
      chart.append(svg('path', {
        d: path, fill: 'none', stroke: COLORS[rate], 'stroke-width': style.width, 'stroke-dasharray': style.dash(rate), 'data-series': `${scope}.${rate}`,
      }));
      points.forEach((p, i) => {
        const v = p.coverage[scope][rate];
        if (v === null) return;
        const dot = svg('circle', {
          cx: xOf(i, n), cy: yOf(v), r: style.hollow ? 3 : 4.5, fill: style.hollow ? '#fff' : COLORS[rate], stroke: COLORS[rate], 'stroke-width': 1.5,
          class: 'trend-dot', 'data-as-of': p.as_of, 'data-series': `${scope}.${rate}`,
        });
        dot.append(svg('title', {}, `${date(p.as_of)}　${name}　${p.rate_texts[scope][rate]}`));
        chart.append(dot);
      });
    }
  }
  return chart;
}

/** The lines' key; a key entry is drawn (a style attribute would break the page's CSP). */
function legend() {
  const line = (color, scope, rate) => {
    const style = STYLE[scope];
    const key = svg('svg', { viewBox: '0 0 34 10', width: 34, height: 10, 'aria-hidden': 'true' });
    key.append(svg('line', { x1: 0, x2: 34, y1: 5, y2: 5, stroke: color, 'stroke-width': style.width, 'stroke-dasharray': style.dash(rate) }));
    key.append(svg('circle', { cx: 17, cy: 5, r: style.hollow ? 3 : 4, fill: style.hollow ? '#fff' : color, stroke: color, 'stroke-width': 1.5 }));
    return key;
  };
  const box = (color) => {
    const key = svg('svg', { viewBox: '0 0 10 10', width: 10, height: 10, 'aria-hidden': 'true' });
    key.append(svg('rect', { width: 10, height: 10, fill: color }));
    return key;
  };
  return el('ul', { class: 'trend-legend' },
    SCOPES.flatMap((scope) => RATES.map((rate) => el('li', {},
      line(COLORS[rate], scope, rate), t('dash.rateIn', { rate: t(`rate.${rate}`), scope: t(`scope.${scope}`) })))),
    SEVERITIES.map((s) => el('li', {}, box(SEVERITY_COLORS[s]), t('dash.gapsOf', { severity: t(`severity.${s}`) }))));
}

/** The gap counts per month as stacked bars, most severe at the bottom. */
function bars(points) {
  const n = points.length;
  const total = (p) => SEVERITIES.reduce((sum, s) => sum + p.gap_counts[s], 0);
  const max = Math.max(1, ...points.map(total));
  const width = Math.max(4, Math.min(18, (W - LEFT - RIGHT) / n - 6));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${BARS_HEAD + BARS + 8 + BARS_FOOT}`, width: '100%', role: 'img', 'aria-label': t('dash.trendGaps'), id: 'trend-bars' });
  // The axis, left of the first bar: the count at the top, half way and
  // nought, named above; the months below.
  const base = BARS_HEAD + BARS + 4;
  const axis = LEFT - width / 2 - 4;
  const step = max > 1 ? [max, Math.round(max / 2), 0] : [max, 0];
  for (const v of step) {
    const y = base - (v / max) * BARS;
    chart.append(svg('line', { x1: axis, x2: W - RIGHT, y1: y, y2: y, stroke: v === 0 ? '#999' : '#e0e0e0' }));
    chart.append(svg('text', { x: axis - 4, y: y + 4, 'font-size': 11, 'text-anchor': 'end' }, String(v)));
  }
  chart.append(svg('line', { x1: axis, x2: axis, y1: base - BARS, y2: base, stroke: '#999' }));
  chart.append(svg('text', { x: axis, y: 11, 'font-size': 11, fill: '#666', class: 'axis-title' }, t('dash.trendGapsAxis')));
  points.forEach((p, i) => {
    if (i % 3 === (n - 1) % 3) {
      const anchor = i === n - 1 && n > 1 ? 'end' : 'middle';
      chart.append(svg('text', { x: xOf(i, n) + (anchor === 'end' ? 6 : 0), y: base + 16, 'font-size': 11, 'text-anchor': anchor }, monthLabel(p.as_of)));
    }
  });
  points.forEach((p, i) => {
    let y = base;
    const group = svg('g', { class: 'trend-bar', 'data-as-of': p.as_of });
    for (const s of SEVERITIES) {
      const h = (p.gap_counts[s] / max) * BARS;
      y -= h;
      group.append(svg('rect', { x: xOf(i, n) - width / 2, y, width, height: h, fill: SEVERITY_COLORS[s] }));
    }
    const counts = SEVERITIES.map((s) => `${t(`severity.${s}`)} ${p.gap_counts[s]}`);
    const countsText = listOf(counts);
    group.append(svg('title', {}, `${date(p.as_of)}　${t('dash.gapsOf', { severity: countsText })}`));
    chart.append(group);
  });
  return chart;
}

/** Every value of the chart, for reading and printing. */
function table(points) {
  const head = el('tr', {},
    el('th', { scope: 'col' }, t('dash.trendDate')),
    el('th', { scope: 'col' }, t('units.in_scope')),
    SCOPES.flatMap((scope) => RATES.map((rate) => el('th', { scope: 'col' }, t('dash.rateIn', { rate: t(`rate.${rate}`), scope: t(`scope.${scope}`) })))),
    SEVERITIES.map((s) => el('th', { scope: 'col' }, t(`severity.${s}`))));
  const rows = points.map((p) => el('tr', { 'data-as-of': p.as_of },
    el('th', { scope: 'row' }, date(p.as_of)),
    el('td', { class: 'num' }, String(p.in_scope)),
    SCOPES.flatMap((scope) => RATES.map((rate) => el('td', { class: 'num', 'data-series': `${scope}.${rate}` }, p.rate_texts[scope][rate]))),
    SEVERITIES.map((s) => el('td', { class: 'num', 'data-severity': s }, String(p.gap_counts[s])))));
  return el('table', { class: 'trend-table', id: 'trend-rows' }, el('thead', {}, head), el('tbody', {}, rows));
}
