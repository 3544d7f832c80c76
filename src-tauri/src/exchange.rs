//! Import and export through native file dialogs. Paths come only from the
//! dialogs (or, for automated tests, from `--test-file`), never from the UI.

use crate::commands::{as_of, Registry};
use crate::error::{IpcError, IpcResult};
use parkreg_core::exchange::workbook::{self, import};
use parkreg_core::model::problem::Problem;
use parkreg_core::Error;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// How file dialogs are answered; and the plan the last preview showed,
/// with the file it came from.
pub struct Files {
    /// Set by `--test-file PATH`: every dialog answers PATH unseen.
    test_file: Option<PathBuf>,
    previewed: Mutex<Option<(PathBuf, Plan)>>,
}

/// A previewed import: of units (a `单位` sheet) or of meeting records
/// (a `组织生活` sheet).
#[derive(Clone, Serialize)]
#[serde(untagged)]
pub enum Plan {
    Units(import::ImportPlan),
    Meetings(import::MeetingPlan),
}

impl Files {
    pub fn new(test_file: Option<PathBuf>) -> Files {
        Files {
            test_file,
            previewed: Mutex::new(None),
        }
    }
}

pub enum Dialog {
    SaveXlsx(String),
    PickFolder,
    OpenSheet(&'static str),
    SaveBackup(String),
    OpenRegistry,
}

/// The path the clerk chose, or `None` when the dialog was cancelled.
pub fn choose(app: &AppHandle, files: &Files, dialog: Dialog) -> IpcResult<Option<PathBuf>> {
    if let Some(p) = &files.test_file {
        return Ok(Some(p.clone()));
    }
    let builder = app.dialog().file();
    let picked = match dialog {
        Dialog::SaveXlsx(name) => builder
            .set_title("导出工作簿")
            .set_file_name(name)
            .add_filter("Excel 工作簿", &["xlsx"])
            .blocking_save_file(),
        Dialog::PickFolder => builder
            .set_title("选择导出 CSV 的文件夹")
            .blocking_pick_folder(),
        Dialog::OpenSheet(title) => builder
            .set_title(title)
            .add_filter("Excel 工作簿或 CSV", &["xlsx", "csv"])
            .blocking_pick_file(),
        Dialog::SaveBackup(name) => builder
            .set_title("备份登记簿")
            .set_file_name(name)
            .add_filter("登记簿数据库", &["db"])
            .blocking_save_file(),
        Dialog::OpenRegistry => builder
            .set_title("选择登记簿或备份文件")
            .add_filter("登记簿数据库", &["db", "sqlite"])
            .blocking_pick_file(),
    };
    picked
        .map(|p| {
            p.into_path()
                .map_err(|e| IpcError::from(Error::invalid("", "path", e.to_string())))
        })
        .transpose()
}

/// The park workbooks the clerk picks (several at once), or `None` when
/// the dialog was cancelled. Under `--test-file DIR` every .xlsx file in
/// DIR, in name order.
pub fn choose_workbooks(app: &AppHandle, files: &Files) -> IpcResult<Option<Vec<PathBuf>>> {
    if let Some(p) = &files.test_file {
        let mut found: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|source| Error::Io {
                path: p.clone(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.extension().is_some_and(|x| x == "xlsx"))
            .collect();
        found.sort();
        return Ok(Some(found));
    }
    let picked = app
        .dialog()
        .file()
        .set_title("选择园区报送的工作簿（可多选）")
        .add_filter("Excel 工作簿", &["xlsx"])
        .blocking_pick_files();
    picked
        .map(|list| {
            list.into_iter()
                .map(|p| {
                    p.into_path()
                        .map_err(|e| IpcError::from(Error::invalid("", "path", e.to_string())))
                })
                .collect()
        })
        .transpose()
}

/// Writes the district workbook (or CSV files) where the clerk chooses;
/// returns the path written, or `None` when cancelled.
#[tauri::command]
pub async fn export_workbook(
    app: AppHandle,
    reg: State<'_, Registry>,
    files: State<'_, Files>,
    as_of: Option<String>,
    format: String,
) -> IpcResult<Option<String>> {
    let d = self::as_of(as_of)?;
    let format = workbook::Format::parse(&format)?;
    let today = parkreg_core::today();
    let park = reg.with(|s| {
        s.park()?
            .ok_or_else(|| Error::Empty(s.path().to_path_buf()))
    })?;
    let dialog = match format {
        workbook::Format::Csv => Dialog::PickFolder,
        workbook::Format::Xlsx => {
            Dialog::SaveXlsx(format!("{}-{}.xlsx", park.name, d.format("%Y%m%d")))
        }
    };
    let Some(out) = choose(&app, &files, dialog)? else {
        return Ok(None);
    };
    reg.with(|s| s.export(format, &out, d, today))?;
    Ok(Some(out.display().to_string()))
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
#[tauri::command]
pub async fn import_preview(
    app: AppHandle,
    reg: State<'_, Registry>,
    files: State<'_, Files>,
    what: Option<String>,
) -> IpcResult<Option<Preview>> {
    let meetings = what.as_deref() == Some("meetings");
    let (title, sheet_name) = if meetings {
        ("选择要导入的组织生活表", import::MEETINGS)
    } else {
        ("选择要导入的单位表", import::UNITS)
    };
    let Some(file) = choose(&app, &files, Dialog::OpenSheet(title))? else {
        return Ok(None);
    };
    let sheet = import::read_sheet(&file, sheet_name)?;
    let planned = reg.with(|s| {
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
    *files.previewed.lock().unwrap_or_else(|e| e.into_inner()) =
        plan.clone().map(|p| (file.clone(), p));
    Ok(Some(Preview {
        file: file.display().to_string(),
        what: if meetings { "meetings" } else { "units" }.into(),
        plan,
        problems,
    }))
}

/// Applies exactly the plan the clerk saw in the preview (the file is not
/// read again: it may have changed since); refused if the registry has.
#[tauri::command]
pub async fn import_apply(reg: State<'_, Registry>, files: State<'_, Files>) -> IpcResult<bool> {
    let (file, plan) = files
        .previewed
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .ok_or_else(|| Error::NotFound("要导入的文件：请先选择文件并预览".into()))?;
    let source = file.display().to_string();
    reg.with(|s| {
        Ok(match &plan {
            Plan::Units(p) => s.import_units(p, &source)?,
            Plan::Meetings(p) => s.import_meetings(p, &source)?,
        }
        .is_some())
    })
}

#[tauri::command]
pub async fn import_undo(reg: State<'_, Registry>) -> IpcResult<()> {
    reg.with(|s| s.undo_last_import().map(|_| ()))
}
