// Calls into the desktop shell. Errors arrive as {code, message}.

export async function call(command, args = {}) {
  return window.__TAURI__.core.invoke(command, args);
}

/** The clerk-facing text of an error from `call`. */
export function errorText(err) {
  if (err && typeof err === 'object' && 'message' in err) return err.message;
  return String(err);
}
