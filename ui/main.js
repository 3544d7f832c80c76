// The desktop program's page flow: the welcome screen for an empty
// registry, otherwise the navigation and one page at a time. All figures
// come from the core through the shell.
import { background, call, errorText, inBrowser, printWindow } from './api.js';
import { el, fill } from './dom.js';
import { date } from './format.js';
import { getLang, setLang, t, translatePage } from './i18n.js';
import { renderDashboard } from './dashboard.js';
import { showTrend } from './trend.js';
import { renderOrg, renderUnit, showDetail } from './detail.js';
import { renderMoney } from './money.js';
import { renderExchange } from './exchange.js';
import { renderUnits } from './units.js';
import { renderOrgs } from './orgs.js';
import { renderPeople } from './people.js';
import { renderMembers, openMember } from './members.js';
import { renderLife } from './life.js';
import { renderHistory } from './history.js';
import { renderSettings } from './settings.js';
import { renderDistrict } from './district.js';
import { addCalendars } from './calendar.js';
import { clearWhenEdited } from './forms.js';
import { hideUnlock, initLock, showUnlock, watchIdle } from './lock.js';

// Every module has loaded and run: ui/compat.js's start-up watchdog looks
// for this mark.
document.documentElement.setAttribute('data-started', '');

const $ = (id) => document.getElementById(id);
let page = 'dashboard';
let painted = false;
/** The district's name when the window is on a district file (asked once). */
let district = null;
/** Whether the park was just started here: the first run then recommends
 * a passphrase (until set or skipped). */
let offerProtection = false;

/** Shows an error above the page; `retry` offers to show the page again. */
function showError(err, retry = false) {
  const box = $('error');
  fill(box, err ? errorText(err) : '',
    retry ? el('button', { type: 'button', class: 'secondary', id: 'retry', onclick: () => refresh() }, t('errors.retry')) : null);
  box.hidden = !err;
}

/** Says what was done; an error shown before is over with. */
function showNotice(text) {
  if (text) showError(null);
  const box = $('notice');
  box.textContent = text || '';
  box.hidden = !text;
}

function asOf() {
  return $('as-of').value || null;
}

let today = null;
/** Whether the clerk has chosen the date in this window (else it is the
 * one kept from the last start, or the sample's own). */
let chosenHere = false;

/** What every page may use: dates, detail views, messages, refreshing. */
const context = {
  asOf,
  today: () => today,
  openDetail: (kind, id) => openDetail(kind, id),
  onError: (err) => showError(err),
  onNotice: (text) => showNotice(text),
  refresh: () => refresh(),
  setLanguage: (lang) => switchLang(lang),
};

const PAGES = {
  dashboard: async () => {
    renderDashboard(await call('dashboard', { asOf: asOf(), lang: getLang() }), openDetail);
    // The months before take a moment more at district scale: drawn when ready.
    showTrend(call, asOf()).catch(showError);
  },
  money: async () => renderMoney(asOf() ? Number(asOf().slice(0, 4)) : null, { onError: showError, onNotice: showNotice, today: asOf() || today }),
  exchange: async () => renderExchange({ asOf, onError: showError, onNotice: showNotice, onChanged: refresh }),
  units: () => renderUnits(context),
  orgs: () => renderOrgs(context),
  people: () => renderPeople(context),
  members: () => renderMembers(context),
  life: () => renderLife(context),
  history: () => renderHistory(),
  settings: () => renderSettings(context),
};

/** The errors that mean the registry itself cannot be used (a registry
 * busy for a moment is not one of them: that asks to try again). */
const TROUBLE = ['errors.not_a_registry', 'errors.database_too_new', 'errors.read_only', 'errors.open_elsewhere', 'errors.database', 'errors.file'];

/** Shows the current page with fresh data from the core. */
async function refresh() {
  const started = performance.now();
  showError(null);
  document.body.dataset.ready = '';
  $('trouble').hidden = true;
  try {
    if (district) {
      for (const section of document.querySelectorAll('.page, #welcome, #nav')) section.hidden = true;
      await renderDistrict(context);
      document.body.dataset.ready = 'district';
      return;
    }
    const status = await call('registry_status');
    today = status.today;
    $('db-path').textContent = status.path;
    if (status.locked) {
      $('park-name').textContent = t('app.title');
      document.title = t('app.title');
      showUnlock(status);
      return;
    }
    hideUnlock();
    watchIdle(status);
    // The date kept from the last start (the sample park's own when just
    // loaded), else today; once the clerk has chosen here, theirs.
    if (!chosenHere || !$('as-of').value) $('as-of').value = status.as_of || status.today;
    $('welcome').hidden = !status.empty;
    $('nav').hidden = status.empty;
    $('protect-offer').hidden = status.empty || status.protected || !offerProtection;
    $('park-name').textContent = status.park || t('app.title');
    document.title = status.park ? `${status.park} · ${t('app.title')}` : t('app.title');
    // What heads a printed page: the park and the date its figures are as of.
    document.body.dataset.printTitle = `${status.park || t('app.title')}　${t('print.asOf', { date: date(asOf() || today) })}`;
    for (const section of document.querySelectorAll('.page')) section.hidden = status.empty || section.id !== `page-${page}`;
    for (const button of document.querySelectorAll('#nav button')) {
      if (button.dataset.page === page) button.setAttribute('aria-current', 'page');
      else button.removeAttribute('aria-current');
    }
    if (status.empty) {
      document.body.dataset.ready = 'welcome';
      return;
    }
    await PAGES[page]();
    if (!painted) {
      painted = true;
      // After the first frame that shows it: the start-up benchmark's mark,
      // then what waits for the page (the day's backup, keeping the
      // dashboard, reading the whole registry for the other pages).
      requestAnimationFrame(() => requestAnimationFrame(() => {
        background('painted', { page });
        // Marked for the tests, which time pages after it at district scale.
        background('warm_up').then(() => { document.body.dataset.warm = 'yes'; });
      }));
    } else {
      background('warm_up');
    }
    // How long the page took to show, in milliseconds (read by the tests).
    document.body.dataset.ms = String(Math.round(performance.now() - started));
    document.body.dataset.ready = page;
  } catch (err) {
    // Locked meanwhile: the unlock page shows (ui/lock.js).
    if (err && err.code === 'errors.passphrase_needed') return;
    if (TROUBLE.includes(err && err.code)) {
      for (const section of document.querySelectorAll('.page, #welcome, #nav')) section.hidden = true;
      $('trouble-message').textContent = errorText(err);
      $('trouble').hidden = false;
      document.body.dataset.ready = 'trouble';
    } else {
      showError(err, Boolean(err) && err.code === 'errors.busy');
      document.body.dataset.ready = 'error';
    }
  }
}

async function openDetail(kind, id) {
  try {
    if (kind === 'person') {
      // A member gap: the member's dialog on the 党员 page.
      page = 'members';
      await refresh();
      await openMember(id);
      return;
    }
    const args = { id, asOf: asOf(), lang: getLang() };
    const detail = kind === 'unit' ? await call('unit_detail', args) : await call('org_detail', args);
    showDetail(kind === 'unit' ? renderUnit(detail) : renderOrg(detail));
  } catch (err) {
    showError(err);
  }
}

function switchLang(lang) {
  setLang(lang);
  applyLang();
  refresh();
}

function applyLang() {
  translatePage();
  $('lang-toggle').textContent = getLang() === 'zh' ? 'English' : '中文';
}

async function act(action) {
  try {
    await action();
    await refresh();
  } catch (err) {
    showError(err);
  }
}

/** What a printed page shows: every table, the ones folded away on screen
 * too; an open unit's or organization's page alone. */
function beforePrint() {
  for (const d of document.querySelectorAll('main details')) d.open = true;
  document.body.classList.toggle('printing-dialog', Boolean(document.querySelector('dialog[open]')));
}

/** Prints the page shown, on A4 with the print style sheet (the 打印
 * button and Ctrl+P). The count of requests is marked for the tests. */
function printPage() {
  beforePrint();
  document.body.dataset.printRequested = String(Number(document.body.dataset.printRequested || 0) + 1);
  printWindow().catch(showError);
}

async function init() {
  setLang(getLang());
  applyLang();
  $('btn-sample').addEventListener('click', () => act(async () => {
    await call('start_sample');
    offerProtection = true;
  }));
  const startPark = async () => {
    await call('start_empty', { park: $('new-park').value, district: $('new-district').value });
    offerProtection = true;
  };
  // The first run's step: a passphrase recommended, or skipped.
  $('offer-set').addEventListener('click', async () => {
    offerProtection = false;
    page = 'settings';
    await refresh();
    $('passphrase-title').scrollIntoView();
    $('passphrase-form').elements.passphrase.focus();
  });
  $('offer-skip').addEventListener('click', () => {
    offerProtection = false;
    $('protect-offer').hidden = true;
  });
  initLock(() => refresh());
  $('empty-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act(startPark);
  });
  // The third way to start: the park, then the clerk's own unit sheet,
  // previewed on the import page before anything of it is written.
  $('btn-import-start').addEventListener('click', async () => {
    if (!$('empty-form').reportValidity()) return;
    try {
      await startPark();
      page = 'exchange';
      await refresh();
      // The window opens its file dialog at once. A browser opens its file
      // chooser only on the clerk's own click (old ones no longer count the
      // click on this button after the calls above), so there the button
      // to press is focused instead.
      if (inBrowser) $('import-pick').focus();
      else $('import-pick').click();
    } catch (err) {
      showError(err);
    }
  });
  // A date typed any way the core reads (2013/6/30, 2013年6月30日…) is
  // written back as it reads it, and kept for the next start.
  $('as-of').addEventListener('change', async () => {
    try {
      const kept = await call('keep_as_of', { asOf: $('as-of').value });
      chosenHere = true;
      $('as-of').value = kept || today || '';
      refresh();
    } catch (err) {
      showError(err);
      document.body.dataset.ready = 'error';
    }
  });
  $('print').addEventListener('click', printPage);
  // Ctrl+P prints the page shown, in the window as in a browser.
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === 'p' || event.key === 'P')) {
      event.preventDefault();
      printPage();
    }
  });
  addCalendars(document);
  for (const form of document.querySelectorAll('form')) clearWhenEdited(form);
  // A browser's upload is a copy: there, another registry is another `parkreg serve --db`.
  $('trouble-other').hidden = inBrowser;
  $('trouble-other').addEventListener('click', () => act(() => call('open_other')));
  $('trouble-restore').addEventListener('click', () => act(() => call('restore_backup')));
  $('lang-toggle').addEventListener('click', () => switchLang(getLang() === 'zh' ? 'en' : 'zh'));
  // A printed page shows every table, the ones folded away on screen too;
  // an open unit's or organization's page prints alone.
  window.addEventListener('beforeprint', beforePrint);
  for (const button of document.querySelectorAll('#nav button')) {
    button.addEventListener('click', () => {
      page = button.dataset.page;
      showNotice(null);
      refresh();
    });
  }
  try {
    district = await call('district_status');
  } catch (err) {
    showError(err);
  }
  refresh();
}

init();
