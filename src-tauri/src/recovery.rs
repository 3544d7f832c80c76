//! Backups, restores, and the ways out when the registry cannot be opened:
//! choose another file, or put a backup in place of a damaged one.

use crate::commands::Registry;
use crate::error::IpcResult;
use crate::exchange::{choose, Dialog, Files};
use parkreg_core::store;
use tauri::{AppHandle, State};

/// Copies the registry to a file the clerk chooses; the path, or `None`.
#[tauri::command]
pub async fn backup_now(
    app: AppHandle,
    reg: State<'_, Registry>,
    files: State<'_, Files>,
) -> IpcResult<Option<String>> {
    let name = format!("登记簿备份-{}.db", parkreg_core::today().format("%Y%m%d"));
    let Some(out) = choose(&app, &files, Dialog::SaveBackup(name))? else {
        return Ok(None);
    };
    reg.with(|s| s.backup_to(&out))?;
    Ok(Some(out.display().to_string()))
}

/// Replaces the registry with a backup the clerk chooses. When the current
/// file cannot even be opened, it is renamed aside untouched instead.
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    reg: State<'_, Registry>,
    files: State<'_, Files>,
) -> IpcResult<Option<String>> {
    let Some(src) = choose(&app, &files, Dialog::OpenRegistry)? else {
        return Ok(None);
    };
    store::check_backup(&src)?;
    let summary = format!("从 {} 恢复", src.display());
    match reg.with(|_| Ok(())) {
        // Only a file that is not a sound registry is set aside; a registry
        // open in another window, or read-only, is left alone.
        Err(e) if e.code == "errors.not_a_registry" => {
            reg.close();
            store::replace_damaged(&reg.path(), &src)?;
        }
        Err(e) => return Err(e),
        Ok(()) => {
            reg.with(|s| s.restore_from(&src, "registry.restore", &summary))?;
        }
    }
    Ok(Some(src.display().to_string()))
}

/// Works on another registry file the clerk chooses.
#[tauri::command]
pub async fn open_other(
    app: AppHandle,
    reg: State<'_, Registry>,
    files: State<'_, Files>,
) -> IpcResult<Option<String>> {
    let Some(path) = choose(&app, &files, Dialog::OpenRegistry)? else {
        return Ok(None);
    };
    reg.switch_to(path.clone());
    Ok(Some(path.display().to_string()))
}
