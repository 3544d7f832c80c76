// The settings page: the park's name and district, the scope of the rates,
// the starter-fund rules, who is at the keyboard (for the history), the
// passphrase (set, change, remove) and the idle time after which a
// protected registry locks, the backups, the language of the interface and
// the program's version.
import { call } from './api.js';
import { el, fill } from './dom.js';
import { t } from './i18n.js';
import { plainYuan } from './format.js';
import { clearProblems, confirmDialog, formObject, setValues, showProblems } from './forms.js';

const $ = (id) => document.getElementById(id);
let ctx = null;
/** How often a party lecture is due, the park's own choice (DOMAIN.md). */
const LECTURE_PERIODS = ['month', 'quarter', 'half_year', 'year'];

export async function renderSettings(context) {
  ctx = context;
  const settings = await call('settings_page');
  const { park, operator, operator_saved: saved, version, backups } = settings;
  wire();
  showProtection(settings);
  const form = $('settings-form');
  clearProblems(form);
  clearProblems($('operator-form'));
  // A name given here is shown to edit; the system user's as a hint.
  $('operator-form').operator.value = saved ? operator : '';
  $('operator-form').operator.placeholder = operator;
  $('app-version').textContent = version;
  $('backup-dir').textContent = backups;
  fill(form.elements.party_lecture_period, LECTURE_PERIODS.map((p) => el('option', { value: p }, t(`lecture.${p}`))));
  setValues(form, {
    ...park,
    min_employees: String(park.min_employees),
    starter_fund_min: plainYuan(park.starter_fund_min_fen),
  });
}

/** The passphrase's part of the page: the current one asked only of a
 * protected registry, the button named for what it does. */
function showProtection({ protected: isProtected, min_chars: minChars, idle_minutes: idle }) {
  const form = $('passphrase-form');
  clearProblems(form);
  form.reset();
  $('passphrase-state').textContent = t(isProtected ? 'settings.protectedState' : 'settings.plainState');
  $('passphrase-current').hidden = !isProtected;
  $('passphrase-remove').hidden = !isProtected;
  $('passphrase-save').textContent = t(isProtected ? 'settings.changePassphrase' : 'settings.setPassphrase');
  $('passphrase-new-label').textContent = t('settings.newPassphrase', { n: minChars });
  form.dataset.protected = isProtected ? 'yes' : 'no';
  clearProblems($('idle-form'));
  $('idle-form').idle_minutes.value = String(idle);
}

/** Runs a passphrase command from the form; its problems beside the fields. */
async function passphraseCall(command, args, done) {
  const form = $('passphrase-form');
  try {
    await call(command, args);
    form.reset();
    clearProblems(form);
    ctx.onNotice(t(done));
    await ctx.refresh();
  } catch (err) {
    const rest = showProblems(form, err);
    if (rest.length || !(err && err.problems)) ctx.onError(err);
  }
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  const form = $('settings-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await call('save_settings', { form: formObject(form) });
      clearProblems(form);
      ctx.onNotice(t('settings.saved'));
      await ctx.refresh();
    } catch (err) {
      const rest = showProblems(form, err);
      if (rest.length || !(err && err.problems)) ctx.onError(err);
    }
  });
  const who = $('operator-form');
  who.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const name = await call('save_operator', { name: who.operator.value });
      clearProblems(who);
      ctx.onNotice(t('settings.operatorSaved', { name }));
      await ctx.refresh();
    } catch (err) {
      const rest = showProblems(who, err);
      if (rest.length || !(err && err.problems)) ctx.onError(err);
    }
  });
  const pass = $('passphrase-form');
  pass.addEventListener('submit', (event) => {
    event.preventDefault();
    const changing = pass.dataset.protected === 'yes';
    passphraseCall('set_passphrase', {
      current: pass.current.value,
      passphrase: pass.passphrase.value,
      again: pass.again.value,
    }, changing ? 'settings.passphraseChanged' : 'settings.passphraseSet');
  });
  $('passphrase-remove').addEventListener('click', async () => {
    if (!pass.current.value) {
      showProblems(pass, { problems: [{ field: 'current', message: t('settings.currentNeeded') }] });
      pass.current.focus();
      return;
    }
    if (!await confirmDialog(t('settings.removeConfirm'), t('settings.removePassphrase').replace('…', ''))) return;
    passphraseCall('remove_passphrase', { current: pass.current.value }, 'settings.passphraseRemoved');
  });
  const idle = $('idle-form');
  idle.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const n = await call('save_idle_lock', { minutes: idle.idle_minutes.value });
      clearProblems(idle);
      ctx.onNotice(t('settings.idleSaved', { n }));
      await ctx.refresh();
    } catch (err) {
      const rest = showProblems(idle, err);
      if (rest.length || !(err && err.problems)) ctx.onError(err);
    }
  });
  $('backup-now').addEventListener('click', async () => {
    try {
      const path = await call('backup_now');
      if (path) ctx.onNotice(t('settings.backedUp', { path }));
    } catch (err) {
      ctx.onError(err);
    }
  });
  $('restore-backup').addEventListener('click', async () => {
    try {
      const path = await call('restore_backup');
      if (path) {
        ctx.onNotice(t('settings.restored', { path }));
        await ctx.refresh();
      }
    } catch (err) {
      ctx.onError(err);
    }
  });
  for (const b of document.querySelectorAll('#page-settings [data-lang]')) {
    b.addEventListener('click', () => ctx.setLanguage(b.dataset.lang));
  }
}
