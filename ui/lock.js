// A registry protected by a passphrase: the unlock page (shown on start and
// after the idle lock), and the page's idle watch, which locks the registry
// once nothing was typed or clicked for the idle time the core reports.
// The command layer locks too when no command came for that long (for a
// page whose watch did not run), so a call may find it locked: api.js then
// announces `parkreg-locked`, and the page shows this page again.
import { background, call, errorText } from './api.js';
import { t } from './i18n.js';

const $ = (id) => document.getElementById(id);

/** What the page hides while the registry is locked. */
const HIDDEN_WHILE_LOCKED = '.page, #welcome, #nav, #trouble, #protect-offer, #district, #district-park';

let onOpened = null;
let countdown = null;

/** Shows `text` (or nothing) as the unlock page's message. */
function say(text) {
  $('unlock-message').textContent = text || '';
  $('unlock-message').hidden = !text;
}

/** Counts down the seconds before the next attempt is looked at, with the
 * 打开 button disabled meanwhile. */
function wait(seconds) {
  clearInterval(countdown);
  let left = seconds;
  const show = () => {
    $('unlock-wait').textContent = t('unlock.wait', { n: left });
    $('unlock-wait').hidden = left <= 0;
    $('unlock-open').disabled = left > 0;
  };
  show();
  if (left <= 0) return;
  countdown = setInterval(() => {
    left -= 1;
    show();
    if (left <= 0) clearInterval(countdown);
  }, 1000);
}

/** Shows the unlock page for the registry `status` describes; `reason` a
 * line above the box (the idle lock's). */
export function showUnlock(status, reason) {
  for (const section of document.querySelectorAll(HIDDEN_WHILE_LOCKED)) section.hidden = true;
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  $('unlock-path').textContent = status.path;
  $('unlock').hidden = false;
  say(reason || '');
  wait(status.unlock_wait || 0);
  $('unlock-passphrase').value = '';
  $('unlock-passphrase').focus();
  document.body.dataset.ready = 'unlock';
}

/** Hides the unlock page (the registry is open). */
export function hideUnlock() {
  $('unlock').hidden = true;
}

async function tryUnlock(event) {
  event.preventDefault();
  const box = $('unlock-passphrase');
  if (!box.value) {
    say(t('unlock.empty'));
    box.focus();
    return;
  }
  $('unlock-open').disabled = true;
  document.body.dataset.ready = 'unlocking';
  try {
    await call('unlock', { passphrase: box.value });
    box.value = '';
    say('');
    lastInput = Date.now();
    hideUnlock();
    onOpened();
  } catch (err) {
    box.value = '';
    box.focus();
    const wrong = err && err.code === 'errors.wrong_passphrase';
    say(wrong ? t('unlock.wrong') : errorText(err));
    $('unlock-open').disabled = false;
    wait(wrong ? err.wait_seconds || 0 : 0);
    document.body.dataset.ready = 'unlock';
  }
}

/** The idle watch's state: the last input, the last time the command
 * layer was told of input, and the registry's status. */
let lastInput = Date.now();
let lastReport = Date.now();
let watched = null;

function idleCheck() {
  if (!watched || !watched.protected || $('unlock').hidden === false) return;
  const idleMs = watched.idle_seconds * 1000;
  const now = Date.now();
  // Reading a long page is input without commands: the command layer's
  // backstop is told, now and then, that the clerk is there.
  if (lastInput > lastReport && now - lastReport >= Math.min(60000, idleMs / 4)) {
    lastReport = now;
    background('still_here');
  }
  if (now - lastInput < idleMs) return;
  const status = watched;
  watched = null;
  call('lock')
    .then(() => showUnlock({ ...status, unlock_wait: 0 }, t('unlock.idle')))
    .catch(() => {});
}

/** Keeps the registry's status for the idle watch (after each page). */
export function watchIdle(status) {
  watched = status.locked ? null : status;
}

/** Wires the unlock page and the idle watch; `opened` shows the registry
 * once it is open. */
export function initLock(opened) {
  onOpened = opened;
  $('unlock-form').addEventListener('submit', tryUnlock);
  for (const kind of ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'scroll']) {
    document.addEventListener(kind, () => { lastInput = Date.now(); }, { capture: true, passive: true });
  }
  setInterval(idleCheck, 1000);
  // A call found the registry locked by the command layer's backstop.
  window.addEventListener('parkreg-locked', () => {
    watched = null;
    call('registry_status').then((status) => {
      if (status.locked) showUnlock(status, t('unlock.idle'));
    }).catch(() => {});
  });
}
