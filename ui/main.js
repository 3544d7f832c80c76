// The desktop program's page: starts on the welcome screen for an empty
// registry, otherwise on the dashboard. All figures come from the core.
import { call, errorText } from './api.js';
import { getLang, setLang, t, translatePage } from './i18n.js';
import { renderDashboard } from './dashboard.js';
import { renderOrg, renderUnit, showDetail } from './detail.js';

const $ = (id) => document.getElementById(id);

function showError(err) {
  const box = $('error');
  box.textContent = err ? errorText(err) : '';
  box.hidden = !err;
}

function asOf() {
  return $('as-of').value || null;
}

async function refresh() {
  showError(null);
  try {
    const status = await call('registry_status');
    if (!$('as-of').value) $('as-of').value = status.today;
    $('welcome').hidden = !status.empty;
    $('dashboard').hidden = status.empty;
    $('db-path').textContent = status.path;
    $('park-name').textContent = status.park ?? t('app.title');
    document.title = status.park ? `${status.park} · ${t('app.title')}` : t('app.title');
    if (!status.empty) {
      const data = await call('dashboard', { asOf: asOf(), lang: getLang() });
      renderDashboard(data, openDetail);
      document.body.dataset.ready = 'dashboard';
    } else {
      document.body.dataset.ready = 'welcome';
    }
  } catch (err) {
    showError(err);
  }
}

async function openDetail(kind, id) {
  try {
    const args = { id, asOf: asOf(), lang: getLang() };
    const detail = kind === 'unit' ? await call('unit_detail', args) : await call('org_detail', args);
    showDetail(kind === 'unit' ? renderUnit(detail) : renderOrg(detail));
  } catch (err) {
    showError(err);
  }
}

function applyLang() {
  translatePage();
  $('lang-toggle').textContent = getLang() === 'zh' ? 'English' : '中文';
}

function init() {
  setLang(getLang());
  applyLang();
  $('btn-sample').addEventListener('click', async () => {
    try {
      await call('start_sample');
      await refresh();
    } catch (err) {
      showError(err);
    }
  });
  $('empty-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await call('start_empty', { park: $('new-park').value });
      await refresh();
    } catch (err) {
      showError(err);
    }
  });
  $('as-of').addEventListener('change', refresh);
  $('lang-toggle').addEventListener('click', () => {
    setLang(getLang() === 'zh' ? 'en' : 'zh');
    applyLang();
    refresh();
  });
  refresh();
}

init();
