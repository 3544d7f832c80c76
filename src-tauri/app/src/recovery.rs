//! Backups, restores, and the ways out when the registry cannot be opened:
//! choose another file, or put a backup in place of a damaged one.

use crate::error::IpcResult;
use crate::{Ctx, Dialog, NoArgs};
use parkreg_core::store;

/// Copies the registry to a file the clerk chooses; its name, or `None`.
pub fn backup_now(ctx: &Ctx, _: NoArgs) -> IpcResult<Option<String>> {
    let name = format!("登记簿备份-{}.db", parkreg_core::today().format("%Y%m%d"));
    let Some(out) = ctx.shell.pick(Dialog::SaveBackup(name))? else {
        return Ok(None);
    };
    ctx.reg().with(|s| s.backup_to(&out))?;
    Ok(Some(ctx.shell.shown(&out)))
}

/// Replaces the registry with a backup the clerk chooses. When the current
/// file cannot even be opened, it is renamed aside untouched instead.
pub fn restore_backup(ctx: &Ctx, _: NoArgs) -> IpcResult<Option<String>> {
    let backups = store::backup_dir_of(&ctx.reg().path());
    let Some(src) = ctx.shell.pick(Dialog::OpenRegistry(Some(backups)))? else {
        return Ok(None);
    };
    let key = ctx.reg().key();
    store::check_backup(&src, key.as_ref())?;
    let shown = ctx.shell.shown(&src);
    let summary = format!("从 {shown} 恢复");
    let reg = ctx.reg();
    match reg.with(|_| Ok(())) {
        // Only a file that is not a sound registry is set aside; a registry
        // open in another window, or read-only, is left alone.
        Err(e) if e.code == "errors.not_a_registry" => {
            reg.close();
            store::replace_damaged(&reg.path(), &src, key.as_ref())?;
        }
        Err(e) => return Err(e),
        Ok(()) => {
            reg.with(|s| s.restore_from(&src, "registry.restore", &summary))?;
        }
    }
    Ok(Some(shown))
}

/// Works on another registry file the clerk chooses.
pub fn open_other(ctx: &Ctx, _: NoArgs) -> IpcResult<Option<String>> {
    if !ctx.shell.can_switch() {
        return Err(parkreg_core::Error::Conflict(
            "浏览器里不能换登记簿：请关闭此页，再运行 parkreg serve --db 文件路径".into(),
        )
        .into());
    }
    let Some(path) = ctx.shell.pick(Dialog::OpenRegistry(None))? else {
        return Ok(None);
    };
    ctx.reg().switch_to(path.clone());
    Ok(Some(path.display().to_string()))
}
