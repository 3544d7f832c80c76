// Calls into the desktop shell. Errors arrive as {code, message}.

/** How long a call may take before the page says it is working on it. */
const BUSY_AFTER_MS = 500;
let pending = 0;
let busyTimer = null;

function showBusy(on) {
  const box = document.getElementById('busy');
  if (box) box.hidden = !on;
  if (on) document.body.setAttribute('aria-busy', 'true');
  else document.body.removeAttribute('aria-busy');
}

/** A call the clerk waits for: past half a second, "working" shows. */
export async function call(command, args = {}) {
  pending += 1;
  if (pending === 1) busyTimer = setTimeout(() => showBusy(true), BUSY_AFTER_MS);
  try {
    return await window.__TAURI__.core.invoke(command, args);
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
  return window.__TAURI__.core.invoke(command, args).catch(() => {});
}

/** The clerk-facing text of an error from `call`. */
export function errorText(err) {
  if (err && typeof err === 'object' && 'message' in err) return err.message;
  return String(err);
}
