// The settings page: the park's name and district, the scope of the rates,
// the starter-fund rules, and the language of the interface.
import { call } from './api.js';
import { t } from './i18n.js';
import { plainYuan } from './format.js';
import { clearProblems, formObject, setValues, showProblems } from './forms.js';

const $ = (id) => document.getElementById(id);
let ctx = null;

export async function renderSettings(context) {
  ctx = context;
  const park = await call('settings_page');
  wire();
  const form = $('settings-form');
  clearProblems(form);
  setValues(form, {
    ...park,
    min_employees: String(park.min_employees),
    starter_fund_min: plainYuan(park.starter_fund_min_fen),
  });
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
      if (rest.length || !err?.problems) ctx.onError(err);
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
