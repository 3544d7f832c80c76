// Calls into the shell: the desktop window (Tauri's IPC) or, under
// `parkreg serve`, the program's own server on 127.0.0.1 (fetch). Both run
// the same commands; errors arrive as {code, message}. In the browser a
// command that reads a file first asks for it with the browser's file
// chooser and uploads it, and a file a command wrote arrives as a download.

/** How long a call may take before the page says it is working on it. */
const BUSY_AFTER_MS = 500;
let pending = 0;
let busyTimer = null;

const tauri = window.__TAURI__;
/** Whether the page runs in a browser, not in the desktop window. */
export const inBrowser = !tauri;

/**
 * The page's own secret under `parkreg serve`, sent with every call: the
 * start link's redirect gives it in the fragment (which no server sees),
 * and the tab keeps it in sessionStorage, which, unlike the cookie, pages
 * of other local servers cannot read.
 */
function pageSecret() {
  const given = /^#page=([0-9a-f]+)$/.exec(location.hash);
  if (given) {
    sessionStorage.setItem('parkreg.page', given[1]);
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem('parkreg.page') || '';
}
const secret = inBrowser ? pageSecret() : '';

/** The commands that read files the clerk picks, and which files. */
const UPLOADS = {
  import_preview: { accept: '.xlsx,.xls,.ods,.csv', multiple: false },
  restore_backup: { accept: '.db,.sqlite', multiple: false },
  district_add: { accept: '.xlsx', multiple: true },
};

function showBusy(on) {
  const box = document.getElementById('busy');
  if (box) box.hidden = !on;
  if (on) document.body.setAttribute('aria-busy', 'true');
  else document.body.removeAttribute('aria-busy');
}

/**
 * The files the clerk picks in the browser's chooser. A cancelled chooser
 * never answers (browsers do not all say so), so the command waiting for
 * it simply does not run; the next chooser takes over the input.
 */
function chooseFiles({ accept, multiple }) {
  let input = document.getElementById('upload-input');
  if (!input) {
    input = document.createElement('input');
    input.type = 'file';
    input.id = 'upload-input';
    input.hidden = true;
    document.body.append(input);
  }
  input.accept = accept;
  input.multiple = multiple;
  input.value = '';
  return new Promise((resolve) => {
    input.onchange = () => {
      if (input.files.length > 0) resolve([...input.files]);
    };
    input.click();
  });
}

async function answer(response) {
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    // The server's refusals are a sentence of plain text.
    body = { code: 'errors.http', message: text || response.statusText };
  }
  if (!response.ok) throw body;
  return body;
}

async function upload(file) {
  const response = await fetch('/upload', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'Content-Type': 'application/octet-stream',
      'X-File-Name': encodeURIComponent(file.name),
      'X-Parkreg-Page': secret,
    },
    body: file,
  });
  return (await answer(response)).token;
}

async function overHttp(command, args, files) {
  const sent = files ? { ...args, uploads: await Promise.all(files.map(upload)) } : args;
  const response = await fetch(`/api/${command}`, {
    method: 'POST',
    // The session cookie: fetch leaves it out by default before Chromium 72
    // and Firefox 61.
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Parkreg-Page': secret },
    body: JSON.stringify(sent),
  });
  const value = await answer(response);
  const download = response.headers.get('X-Download');
  if (download) {
    const a = document.createElement('a');
    a.href = `${download}?page=${secret}`;
    a.download = '';
    document.body.append(a);
    a.click();
    a.remove();
  }
  return value;
}

function invoke(command, args, files) {
  if (tauri) {
    // The start-up mark is the window's own; every other command goes
    // through the one command that runs them all.
    if (command === 'painted') return tauri.core.invoke('painted', args);
    return tauri.core.invoke('call', { command, args });
  }
  if (command === 'painted') return Promise.resolve();
  return overHttp(command, args, files);
}

/** A call the clerk waits for: past half a second, "working" shows. */
export async function call(command, args = {}) {
  // The clerk choosing files is not the program working.
  const files = inBrowser && UPLOADS[command] ? await chooseFiles(UPLOADS[command]) : null;
  pending += 1;
  if (pending === 1) busyTimer = setTimeout(() => showBusy(true), BUSY_AFTER_MS);
  try {
    return await invoke(command, args, files);
  } catch (err) {
    // The registry locked itself (no command came for the idle time): the
    // page shows the unlock page (ui/lock.js).
    if (err && err.code === 'errors.passphrase_needed') window.dispatchEvent(new Event('parkreg-locked'));
    throw err;
  } finally {
    pending -= 1;
    if (pending === 0) {
      clearTimeout(busyTimer);
      showBusy(false);
    }
  }
}

/** Work nobody waits for (reading ahead): no indicator. */
export function background(command, args = {}) {
  return invoke(command, args).catch(() => {});
}

/**
 * Prints the page (A4, the print style sheet): in the window through the
 * shell's `print` (the web view's print dialog: there `window.print()`
 * does nothing), in a browser with `window.print()`, after the current
 * event, since a print dialog may hold the page until it is closed.
 */
export function printWindow() {
  if (tauri) return tauri.core.invoke('print');
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      try {
        window.print();
        resolve();
      } catch (err) {
        reject(err);
      }
    }, 0);
  });
}

/** The clerk-facing text of an error from `call`. */
export function errorText(err) {
  if (err && typeof err === 'object' && 'message' in err) return err.message;
  return String(err);
}

// In the browser the server runs while a page holds this stream open, and
// stops once the last page has closed.
if (inBrowser) new EventSource(`/alive?page=${secret}`);
