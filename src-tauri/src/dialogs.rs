//! The window's shell for the commands: native file dialogs. Paths come
//! only from the dialogs (or, for automated tests, from `--test-file`),
//! never from the page.

use parkreg_app::{Dialog, IpcError, IpcResult, Shell};
use parkreg_core::Error;
use std::path::PathBuf;
use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt, FilePath};

pub struct Dialogs {
    pub app: AppHandle,
    /// Set by `--test-file PATH`: every dialog answers PATH unseen (and a
    /// dialog for several workbooks every .xlsx file in the folder PATH).
    pub test_file: Option<PathBuf>,
}

fn into_path(p: FilePath) -> IpcResult<PathBuf> {
    p.into_path()
        .map_err(|e| IpcError::from(Error::invalid("", "path", e.to_string())))
}

impl Shell for Dialogs {
    fn pick(&self, dialog: Dialog) -> IpcResult<Option<PathBuf>> {
        if let Some(p) = &self.test_file {
            return Ok(Some(p.clone()));
        }
        let builder = self.app.dialog().file();
        let picked = match dialog {
            Dialog::SaveXlsx(name) => builder
                .set_title("导出工作簿")
                .set_file_name(name)
                .add_filter("Excel 工作簿", &["xlsx"])
                .blocking_save_file(),
            Dialog::SaveFolder(_) => builder
                .set_title("选择导出 CSV 的文件夹")
                .blocking_pick_folder(),
            Dialog::OpenSheet(title) => builder
                .set_title(title)
                .add_filter(
                    "工作簿（.xlsx .xls .ods）或 CSV",
                    &["xlsx", "xls", "ods", "csv"],
                )
                .blocking_pick_file(),
            Dialog::SaveBackup(name) => builder
                .set_title("备份登记簿")
                .set_file_name(name)
                .add_filter("登记簿数据库", &["db"])
                .blocking_save_file(),
            Dialog::OpenRegistry(folder) => match folder.filter(|f| f.is_dir()) {
                // A restore opens on the registry's automatic backups.
                Some(f) => builder.set_directory(f),
                None => builder,
            }
            .set_title("选择登记簿或备份文件")
            .add_filter("登记簿数据库", &["db", "sqlite"])
            .blocking_pick_file(),
            Dialog::OpenWorkbooks => {
                return Ok(self.pick_many(dialog)?.and_then(|v| v.into_iter().next()))
            }
        };
        picked.map(into_path).transpose()
    }

    fn pick_many(&self, _: Dialog) -> IpcResult<Option<Vec<PathBuf>>> {
        if let Some(p) = &self.test_file {
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
        let picked = self
            .app
            .dialog()
            .file()
            .set_title("选择园区报送的工作簿（可多选）")
            .add_filter("Excel 工作簿", &["xlsx"])
            .blocking_pick_files();
        picked
            .map(|list| list.into_iter().map(into_path).collect())
            .transpose()
    }
}
