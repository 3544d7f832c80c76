//! Export and import. Files come from the shell (a native dialog, or the
//! browser's upload and download), never as a path from the page.

use crate::commands::as_of;
use crate::error::IpcResult;
use crate::{Ctx, Dialog, NoArgs};
use parkreg_core::exchange::workbook::import::Kind;
use parkreg_core::exchange::workbook::{self, import};
use parkreg_core::model::problem::Problem;
use parkreg_core::store::Store;
use parkreg_core::Error;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A previewed import: of units (a `单位` sheet), of meeting records (a
/// `组织生活` sheet) or of members (the clerk's 花名册).
#[derive(Clone, Serialize)]
#[serde(untagged)]
pub enum Plan {
    Units(import::ImportPlan),
    Meetings(import::MeetingPlan),
    Members(import::RosterPlan),
}

/// The kinds of sheet the clerk imports, as the page names them.
#[derive(Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SheetKind {
    Units,
    Meetings,
    Members,
}

impl SheetKind {
    /// The file dialog's title.
    fn title(self) -> &'static str {
        match self {
            SheetKind::Units => "选择要导入的单位表",
            SheetKind::Meetings => "选择要导入的组织生活表",
            SheetKind::Members => "选择要导入的党员花名册",
        }
    }

    /// The sheet read when a workbook has several.
    fn sheet(self) -> &'static str {
        match self {
            SheetKind::Units => import::Units::SHEET,
            SheetKind::Meetings => import::Meetings::SHEET,
            SheetKind::Members => import::Members::SHEET,
        }
    }

    fn plan(self, s: &Store, sheet: &import::Sheet) -> parkreg_core::Result<Plan> {
        Ok(match self {
            SheetKind::Units => Plan::Units(s.plan_sheet(sheet)?),
            SheetKind::Meetings => Plan::Meetings(s.plan_sheet(sheet)?),
            SheetKind::Members => Plan::Members(s.plan_sheet(sheet)?),
        })
    }
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
    what: SheetKind,
    plan: Option<Plan>,
    problems: Vec<Problem>,
}

/// Reads a sheet the clerk picks (`what`: `units`, the default,
/// `meetings` or `members`) and says what importing it would do, or every
/// problem with its row and column. Nothing is written.
#[derive(Deserialize)]
pub struct What {
    what: Option<SheetKind>,
}

pub fn import_preview(ctx: &Ctx, a: What) -> IpcResult<Option<Preview>> {
    let what = a.what.unwrap_or(SheetKind::Units);
    let Some(file) = ctx.shell.pick(Dialog::OpenSheet(what.title()))? else {
        return Ok(None);
    };
    let sheet = import::read_sheet(&file, what.sheet())?;
    let planned = ctx.reg().with(|s| what.plan(s, &sheet));
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
        what,
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
            Plan::Units(p) => s.import_sheet(p, &source)?,
            Plan::Meetings(p) => s.import_sheet(p, &source)?,
            Plan::Members(p) => s.import_sheet(p, &source)?,
        }
        .is_some())
    })
}

pub fn import_undo(ctx: &Ctx, _: NoArgs) -> IpcResult<()> {
    ctx.reg().with(|s| s.undo_last_import().map(|_| ()))
}
