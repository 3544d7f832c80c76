// The money page: the year's figures, the ledger with running balances,
// recording a disbursement, setting a budget, reversing an entry.
import { call } from './api.js';
import { el, fill, fillRows } from './dom.js';
import { t } from './i18n.js';
import { date, yuan } from './format.js';
import { clearProblems, showProblems, values } from './forms.js';

const $ = (id) => document.getElementById(id);
let data = null;
let reversing = null;
/** The date the page is viewed as of (the 统计日期, else the registry's
 * today): a payment is dated on it and a budget set for its year unless
 * the clerk says otherwise. */
let today = null;
/** The date the forms were last filled for. */
let filledFor = null;

export async function renderMoney(year, { onError, onNotice, today: registryToday }) {
  today = registryToday || today;
  data = await call('money_page', { year: year || null });
  wire(onError, onNotice);
  if (filledFor !== today) {
    filledFor = today;
    $('pay-form').elements.date.value = today;
    $('budget-form').elements.year.value = Number(today.slice(0, 4));
  }
  const years = data.report.years;
  const current = years.find((y) => y.year === year) || years[years.length - 1];
  fillYears(years.map((y) => y.year), current && current.year);
  renderCards(current);
  renderOrgChoices();
  renderOwed();
  renderLedger();
}

function fillYears(list, selected) {
  const select = $('money-year');
  const thisYear = Number(today.slice(0, 4));
  const all = [...new Set([...list, thisYear])].sort((a, b) => b - a);
  fill(select, all.map((y) => el('option', { value: y, selected: y === selected }, y)));
}

function renderCards(year) {
  const y = year || {};
  const cards = [
    ['money.budget', y.budget_fen || 0, 'card-budget'],
    ['money.disbursed', y.disbursed_fen || 0, 'card-disbursed'],
    ['money.reversedCard', y.reversed_fen || 0, 'card-reversed'],
    ['money.spent', y.net_fen || 0, 'card-net'],
    ['money.balance', y.balance_fen || 0, 'card-balance'],
  ];
  fill($('money-cards'), cards.map(([label, fen, id]) =>
    el('div', { class: 'card' }, el('div', { class: 'label' }, t(label)), el('div', { class: 'value', id }, yuan(fen)))));
  // A year the clerk has set no budget for has the default, said so until set.
  if (y.budget_default) $('card-budget').after(el('div', { class: 'scope', id: 'budget-default' }, t('money.defaultBudget')));
}

/** Past this many organizations the choice is narrowed by a name filter. */
const ORG_OPTIONS = 300;

function renderOrgChoices() {
  const form = $('pay-form');
  const starter = form.elements.purpose.value === 'starter_fund';
  const list = starter ? data.starter_fund_candidates : data.organizations;
  const filter = $('pay-org-filter');
  filter.hidden = list.length <= ORG_OPTIONS;
  const text = filter.hidden ? '' : filter.value.trim();
  const matching = text ? list.filter((o) => o.name.includes(text)) : list;
  const options = matching.slice(0, ORG_OPTIONS).map((o) => el('option', { value: o.id }, o.name));
  fill(form.elements.org, starter ? options : [el('option', { value: '' }, t('money.noOrg')), ...options]);
  $('pay-org-count').textContent = matching.length > ORG_OPTIONS
    ? t('money.orgsLimited', { n: ORG_OPTIONS, matched: matching.length }) : '';
}

function renderOwed() {
  const { starter_fund_owed: owed } = data.report;
  const more = data.owed_total - owed.length;
  fill($('owed'), owed.length
    ? owed.map((o) => el('li', {}, t('money.owedLine', { name: o.name, date: date(o.founded_on), owes: t('money.owes'), amount: yuan(o.owed_fen) })))
    : [el('li', { class: 'muted' }, t('money.noneOwed'))],
  more > 0 ? el('li', { class: 'muted', id: 'owed-more' }, t('money.owedMore', { n: more })) : []);
}

function renderLedger() {
  const rows = data.report.ledger;
  $('ledger-count').textContent = rows.length < data.ledger_total
    ? t('money.ledgerLimited', { n: rows.length, total: data.ledger_total }) : '';
  fillRows($('ledger').tBodies[0], rows.map((l) => {
    const reversal = l.reverses !== null;
    const open = !reversal && l.reversed_by === null;
    return el('tr', { class: reversal ? 'reversal' : l.reversed_by ? 'reversed' : '', dataset: { entry: l.id } },
      el('td', {}, date(l.date)),
      el('td', {}, l.voucher),
      el('td', {}, t(`purpose.${l.purpose}`)),
      el('td', {}, l.org_name || ''),
      el('td', { class: 'num' }, yuan(l.signed_fen)),
      el('td', { class: 'num' }, yuan(l.balance_after_fen)),
      el('td', {}, reversal ? t('labelled', { label: `${t('money.reverses')} ${l.reverses}`, value: l.note }) : l.note),
      el('td', {}, open
        ? el('button', { type: 'button', class: 'secondary reverse', onclick: () => askReverse(l) }, t('money.reverse'))
        : ''));
  }), t('hint.ledger'));
}

function askReverse(entry) {
  reversing = entry;
  const form = $('reverse-form');
  form.reset();
  clearProblems(form);
  $('reverse-what').textContent = `${date(entry.date)} · ${entry.voucher} · ${yuan(entry.amount_fen)} · ${entry.note}`;
  $('reverse-dialog').showModal();
}

let wired = false;
function wire(onError, onNotice) {
  if (wired) return;
  wired = true;
  const pay = $('pay-form');
  pay.elements.purpose.addEventListener('change', renderOrgChoices);
  $('pay-org-filter').addEventListener('input', renderOrgChoices);
  pay.addEventListener('submit', async (event) => {
    event.preventDefault();
    const payment = values(pay);
    try {
      await call('fund_pay', { payment });
      const chosen = pay.elements.org.selectedOptions[0];
      const paid = { org: chosen ? chosen.textContent : '', amount: payment.amount.trim() };
      clearProblems(pay);
      pay.elements.amount.value = '';
      pay.elements.voucher.value = '';
      pay.elements.note.value = '';
      onNotice(t('money.recorded', paid));
      await renderMoney(Number($('money-year').value), { onError, onNotice });
    } catch (err) {
      const rest = showProblems(pay, err);
      onError(rest.length || !(err && err.problems) ? err : null);
    }
  });
  const budget = $('budget-form');
  budget.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { year, amount } = values(budget);
    try {
      await call('fund_budget', { year: Number(year), amount });
      clearProblems(budget);
      onNotice(t('money.budgetSet', { year }));
      await renderMoney(Number(year), { onError, onNotice });
    } catch (err) {
      const rest = showProblems(budget, err);
      onError(rest.length || !(err && err.problems) ? err : null);
    }
  });
  $('money-year').addEventListener('change', () => renderMoney(Number($('money-year').value), { onError, onNotice }).catch(onError));
  $('reverse-cancel').addEventListener('click', () => $('reverse-dialog').close());
  $('reverse-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = $('reverse-form');
    try {
      const id = await call('fund_reverse', { entry: reversing.id, reason: form.elements.reason.value });
      $('reverse-dialog').close();
      onNotice(t('money.reversed', { id: reversing.id, by: id }));
      await renderMoney(Number($('money-year').value), { onError, onNotice });
    } catch (err) {
      const rest = showProblems(form, err);
      if (rest.length || !(err && err.problems)) {
        $('reverse-dialog').close();
        onError(err);
      }
    }
  });
}
