//! The desktop program: a Tauri 2 window over the registry's core. It opens
//! the registry (`--db PATH`, else `PARKREG_DB`, else the data directory the
//! CLI also uses) and serves the UI in ../ui; every command is a thin call
//! into parkreg-core.

// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;

use std::path::PathBuf;

/// `--db PATH` or `--db=PATH` from the command line, if given.
fn db_arg(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.skip(1);
    while let Some(a) = args.next() {
        if a == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--db=") {
            return Some(PathBuf::from(p));
        }
    }
    None
}

fn main() {
    let path = db_arg(std::env::args()).unwrap_or_else(parkreg_core::store::default_path);
    tauri::Builder::default()
        .manage(commands::Registry::new(path))
        .invoke_handler(tauri::generate_handler![
            commands::registry_status,
            commands::start_sample,
            commands::start_empty,
            commands::dashboard,
            commands::unit_detail,
            commands::org_detail,
            commands::money_page,
            commands::fund_pay,
            commands::fund_reverse,
            commands::fund_budget,
        ])
        .run(tauri::generate_context!())
        .expect("the desktop program starts");
}

#[cfg(test)]
mod tests {
    use super::db_arg;
    use std::path::PathBuf;

    #[test]
    fn db_argument_forms() {
        let args = |a: &[&str]| {
            a.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(
            db_arg(args(&["app", "--db", "/x/r.db"])),
            Some(PathBuf::from("/x/r.db"))
        );
        assert_eq!(
            db_arg(args(&["app", "--db=/y.db"])),
            Some(PathBuf::from("/y.db"))
        );
        assert_eq!(db_arg(args(&["app"])), None);
        assert_eq!(db_arg(args(&["app", "--db"])), None);
    }
}
