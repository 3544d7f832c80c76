//! `parkreg import` and `parkreg meeting import`: one sheet read, its plan
//! shown, and applied unless it is a dry run — the same steps for every
//! kind of sheet the core imports.

use parkreg_core::exchange::workbook::import::{self, Plan};
use parkreg_core::store::{Imported, Store};
use parkreg_core::Result;
use std::path::Path;

/// Reads `file`'s sheet of kind `K` (before the registry is opened: a
/// file that cannot be read is said first), prints its plan (`shown`)
/// and, unless `dry_run`, applies it.
pub fn run<K: Imported>(
    open: impl FnOnce() -> Result<Store>,
    file: &Path,
    dry_run: bool,
    shown: fn(&Plan<K>) -> String,
) -> Result<()> {
    let sheet = import::read_sheet(file, K::SHEET)?;
    let mut store = open()?;
    let plan = store.plan_sheet::<K>(&sheet)?;
    print!("{}", shown(&plan));
    if dry_run {
        println!("（试运行，未作任何修改）");
        return Ok(());
    }
    match store.import_sheet(&plan, &file.display().to_string())? {
        Some(backup) => println!(
            "已导入；导入前的登记簿已备份到 {}（可用 parkreg undo-import 撤销）",
            backup.display()
        ),
        None => println!("没有需要导入的变更"),
    }
    Ok(())
}
