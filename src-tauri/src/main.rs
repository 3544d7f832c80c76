//! The desktop program: a Tauri 2 window over the registry's core. It opens
//! the registry (`--db PATH`, else `PARKREG_DB`, else the data directory the
//! CLI also uses) and serves the UI in ../ui; every command is a thin call
//! into parkreg-core.

// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod district;
mod error;
mod exchange;
mod life;
mod pages;
mod recovery;
mod startup;

use std::path::PathBuf;

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
    let table =
        serde_json::to_string(&parkreg_core::views::labels()).expect("the labels serialize");
    tauri::plugin::Builder::new("labels")
        .js_init_script(format!("window.__PARKREG_LABELS__ = {table};"))
        .build()
}

fn main() {
    startup::mark_start();
    startup::choose_renderer();
    let path = path_arg(std::env::args(), "db").unwrap_or_else(parkreg_core::store::default_path);
    // For automated tests only: every file dialog answers this path unseen.
    let test_file = path_arg(std::env::args(), "test-file");
    // A district file opens the district's pages instead of a park's.
    let district = parkreg_core::district::District::is_district_file(&path).then(|| path.clone());
    let registry = commands::Registry::new(path);
    // Open the registry and prepare the dashboard while the web view
    // starts; the rest waits until the page shows (`warm_up`).
    if district.is_none() {
        let early = registry.clone();
        std::thread::spawn(move || early.prepare());
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(labels())
        .manage(registry)
        .manage(district::DistrictFile(district))
        .manage(exchange::Files::new(test_file))
        .invoke_handler(tauri::generate_handler![
            commands::registry_status,
            commands::start_sample,
            commands::start_empty,
            commands::dashboard,
            commands::trend,
            commands::warm_up,
            commands::unit_detail,
            commands::org_detail,
            commands::money_page,
            commands::fund_pay,
            commands::fund_reverse,
            commands::fund_budget,
            exchange::export_workbook,
            exchange::import_preview,
            exchange::import_apply,
            exchange::import_undo,
            pages::units_page,
            pages::save_unit,
            pages::orgs_page,
            pages::save_org,
            pages::dissolve_org,
            pages::record_election,
            pages::people_page,
            pages::save_person,
            pages::history_page,
            pages::settings_page,
            pages::save_settings,
            pages::save_operator,
            pages::form_choices,
            startup::painted,
            recovery::backup_now,
            recovery::restore_backup,
            recovery::open_other,
            life::life_grid,
            life::life_records,
            life::save_meeting,
            life::remove_meeting,
            district::district_status,
            district::district_page,
            district::district_park,
            district::district_add,
        ])
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
