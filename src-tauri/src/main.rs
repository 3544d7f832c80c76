//! The desktop program: a Tauri 2 window over the registry's core. It opens
//! the registry (`--db PATH`, else `PARKREG_DB`, else the data directory the
//! CLI also uses) and serves the UI in ../ui. The page calls one command,
//! `call`, which hands the command's name and arguments to parkreg-app (the
//! layer `parkreg serve` calls too) with native file dialogs as its shell.

// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod dialogs;
mod startup;

use parkreg_app::{App, IpcResult};
use serde_json::value::RawValue;
use std::path::PathBuf;
use tauri::{AppHandle, State};

/// The test-only `--test-file` answer to every file dialog.
struct TestFile(Option<PathBuf>);

/// Every command of the page: `command` with `args`, run by parkreg-app.
/// Async so that Tauri runs it off the main thread: on a large registry a
/// page or a save takes a moment, and the window must stay responsive.
#[tauri::command]
async fn call(
    handle: AppHandle,
    app: State<'_, std::sync::Arc<App>>,
    test_file: State<'_, TestFile>,
    command: String,
    args: Option<serde_json::Value>,
) -> IpcResult<Box<RawValue>> {
    let shell = dialogs::Dialogs {
        app: handle,
        test_file: test_file.0.clone(),
    };
    app.call(&shell, &command, args.unwrap_or_default())
}

/// Prints the page shown: WebKitGTK's print dialog for the web view. The
/// page's own `window.print()` does nothing in the window's web view (the
/// print layout is the page's print style sheet, as in the browser mode).
#[tauri::command]
fn print(webview: tauri::WebviewWindow) -> Result<(), String> {
    webview.print().map_err(|e| e.to_string())
}

/// `--NAME PATH` or `--NAME=PATH` from the command line, if given.
fn path_arg(args: impl Iterator<Item = String>, name: &str) -> Option<PathBuf> {
    let flag = format!("--{name}");
    let mut args = args.skip(1);
    while let Some(a) = args.next() {
        if a == flag {
            return args.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix(&format!("{flag}=")) {
            return Some(PathBuf::from(p));
        }
    }
    None
}

/// Puts the core's labels of every code on each page before its scripts
/// run (`window.__PARKREG_LABELS__`, read by ui/i18n.js).
fn labels<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("labels")
        .js_init_script(parkreg_app::labels_script())
        .build()
}

/// Keeps the window within the screen it opens on: an office laptop's
/// 1366×768 (less its panel) has less room than the 1280×800 asked for,
/// and a window taller than the screen hides its bottom and its title bar.
fn fit_to_screen(app: &tauri::App) {
    use tauri::Manager;
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let monitor = match window.current_monitor() {
        Ok(Some(m)) => m,
        _ => match window.primary_monitor() {
            Ok(Some(m)) => m,
            _ => return,
        },
    };
    let area = monitor.work_area().size;
    let (Ok(outer), Ok(inner)) = (window.outer_size(), window.inner_size()) else {
        return;
    };
    // What the window manager puts around the page (its title bar).
    let frame_w = outer.width.saturating_sub(inner.width);
    let frame_h = outer.height.saturating_sub(inner.height);
    let width = inner.width.min(area.width.saturating_sub(frame_w));
    let height = inner.height.min(area.height.saturating_sub(frame_h));
    if (width, height) != (inner.width, inner.height) {
        let _ = window.set_size(tauri::PhysicalSize::new(width, height));
        let _ = window.center();
    }
}

fn main() {
    startup::mark_start();
    parkreg_core::store::private::owner_only();
    startup::choose_renderer();
    let path = path_arg(std::env::args(), "db").unwrap_or_else(parkreg_core::store::default_path);
    // For automated tests only: every file dialog answers this path unseen.
    let test_file = path_arg(std::env::args(), "test-file");
    let app = std::sync::Arc::new(App::new(path));
    // Open the registry and prepare the dashboard while the web view
    // starts; the rest waits until the page shows (`warm_up`).
    let early = app.clone();
    std::thread::spawn(move || early.prepare());
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(labels())
        .manage(app)
        .manage(TestFile(test_file))
        .setup(|app| {
            fit_to_screen(app);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![call, startup::painted, print])
        .run(tauri::generate_context!())
        .expect("the desktop program starts");
}

#[cfg(test)]
mod tests {
    use super::path_arg;
    use std::path::PathBuf;

    #[test]
    fn path_argument_forms() {
        let args = |a: &[&str]| {
            a.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .into_iter()
        };
        let db = |a: &[&str]| path_arg(args(a), "db");
        assert_eq!(
            db(&["app", "--db", "/x/r.db"]),
            Some(PathBuf::from("/x/r.db"))
        );
        assert_eq!(db(&["app", "--db=/y.db"]), Some(PathBuf::from("/y.db")));
        assert_eq!(db(&["app"]), None);
        assert_eq!(db(&["app", "--db"]), None);
        let test_file = path_arg(args(&["app", "--db", "a", "--test-file", "b"]), "test-file");
        assert_eq!(test_file, Some(PathBuf::from("b")));
    }
}
