//! Export and import. Files come from the shell (a native dialog, or the
//! browser's upload and download), never as a path from the page.

use crate::commands::as_of;
use crate::error::IpcResult;
use crate::{Ctx, Dialog, NoArgs};
use parkreg_core::exchange::workbook::{self, import};
use parkreg_core::model::problem::Problem;
use parkreg_core::Error;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A previewed import: of units (a `单位` sheet) or of meeting records
/// (a `组织生活` sheet).
#[derive(Clone, Serialize)]
#[serde(untagged)]
pub enum Plan {
    Units(import::ImportPlan),
    Meetings(import::MeetingPlan),
}

/// The plan the last preview showed, with the file it came from.
pub struct Previewed {
    file: PathBuf,
    plan: Plan,
}

/// Writes the district workbook (or CSV files) where the clerk chooses;
/// returns the path written, or `None` when cancelled.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    as_of: Option<String>,
    format: String,
}

pub fn export_workbook(ctx: &Ctx, a: Export) -> IpcResult<Option<String>> {
    let d = as_of(a.as_of)?;
    let format = workbook::Format::parse(&a.format)?;
    let today = parkreg_core::today();
    let park = ctx.reg().with(|s| {
        s.park()?
            .ok_or_else(|| Error::Empty(s.path().to_path_buf()))
    })?;
    let name = format!("{}-{}", park.name, d.format("%Y%m%d"));
    let dialog = match format {
        workbook::Format::Csv => Dialog::SaveFolder(name),
        workbook::Format::Xlsx => Dialog::SaveXlsx(format!("{name}.xlsx")),
    };
    let Some(out) = ctx.shell.pick(dialog)? else {
        return Ok(None);
    };
    ctx.reg().with(|s| s.export(format, &out, d, today))?;
    Ok(Some(ctx.shell.shown(&out)))
}

#[derive(Serialize)]
pub struct Preview {
    file: String,
    /// `units` or `meetings`.
    what: String,
    plan: Option<Plan>,
    problems: Vec<Problem>,
}

/// Reads a sheet the clerk picks (`what`: `units`, the default, or
/// `meetings`) and says what importing it would do, or every problem with
/// its row and column. Nothing is written.
#[derive(Deserialize)]
pub struct What {
    what: Option<String>,
}

pub fn import_preview(ctx: &Ctx, a: What) -> IpcResult<Option<Preview>> {
    let meetings = a.what.as_deref() == Some("meetings");
    let (title, sheet_name) = if meetings {
        ("选择要导入的组织生活表", import::MEETINGS)
    } else {
        ("选择要导入的单位表", import::UNITS)
    };
    let Some(file) = ctx.shell.pick(Dialog::OpenSheet(title))? else {
        return Ok(None);
    };
    let sheet = import::read_sheet(&file, sheet_name)?;
    let planned = ctx.reg().with(|s| {
        Ok(if meetings {
            Plan::Meetings(s.plan_meeting_import(&sheet)?)
        } else {
            Plan::Units(s.plan_import(&sheet)?)
        })
    });
    let (plan, problems) = match planned {
        Ok(plan) => (Some(plan), Vec::new()),
        Err(e) if e.code == "errors.validation" => (None, e.problems),
        Err(e) => return Err(e),
    };
    *ctx.app.previewed.lock().unwrap_or_else(|e| e.into_inner()) =
        plan.clone().map(|plan| Previewed {
            file: file.clone(),
            plan,
        });
    Ok(Some(Preview {
        file: ctx.shell.shown(&file),
        what: if meetings { "meetings" } else { "units" }.into(),
        plan,
        problems,
    }))
}

/// Applies exactly the plan the clerk saw in the preview (the file is not
/// read again: it may have changed since); refused if the registry has.
pub fn import_apply(ctx: &Ctx, _: NoArgs) -> IpcResult<bool> {
    let Previewed { file, plan } = ctx
        .app
        .previewed
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .ok_or_else(|| Error::NotFound("要导入的文件：请先选择文件并预览".into()))?;
    let source = ctx.shell.shown(&file);
    ctx.reg().with(|s| {
        Ok(match &plan {
            Plan::Units(p) => s.import_units(p, &source)?,
            Plan::Meetings(p) => s.import_meetings(p, &source)?,
        }
        .is_some())
    })
}

pub fn import_undo(ctx: &Ctx, _: NoArgs) -> IpcResult<()> {
    ctx.reg().with(|s| s.undo_last_import().map(|_| ()))
}
