//! The registry's commands as the UI calls them: a command's name and its
//! arguments as JSON in, its answer (or an error) as JSON out. Both shells
//! call this one layer: the desktop window through one Tauri command, the
//! browser mode (`parkreg serve`) through one HTTP route. What differs
//! between them (native file dialogs, or the browser's upload and
//! download) comes in through [`Shell`]. No rule is computed here: each
//! command parses its input, calls the core, and returns the core's answer.

mod commands;
mod district;
mod error;
mod exchange;
mod life;
mod members;
mod pages;
mod protection;
mod recovery;
mod registry;

pub use error::{IpcError, IpcResult};
use registry::Registry;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file the clerk is asked for.
pub enum Dialog {
    /// Where to write the district workbook (the suggested name).
    SaveXlsx(String),
    /// A folder to write the CSV files into (the suggested name).
    SaveFolder(String),
    /// Where to write a copy of the registry (the suggested name).
    SaveBackup(String),
    /// A sheet to import (the dialog's title).
    OpenSheet(&'static str),
    /// A registry file or a backup, the dialog opened in the folder given
    /// (the registry's automatic backups, for a restore).
    OpenRegistry(Option<PathBuf>),
    /// Park workbooks, several at once.
    OpenWorkbooks,
}

/// What a shell does for the commands: ask for files and name them.
pub trait Shell {
    /// The file the clerk chose (for `Open*`, an existing file; for
    /// `Save*`, where to write), or `None` when the clerk cancelled.
    fn pick(&self, dialog: Dialog) -> IpcResult<Option<PathBuf>>;
    /// Several files to read, or `None` when the clerk cancelled.
    fn pick_many(&self, dialog: Dialog) -> IpcResult<Option<Vec<PathBuf>>>;
    /// How a chosen file is named to the clerk.
    fn shown(&self, path: &Path) -> String {
        path.display().to_string()
    }
    /// Whether the clerk can switch this program to another registry file
    /// (a browser's upload is a copy, not the file itself).
    fn can_switch(&self) -> bool {
        true
    }
}

/// The program's state: the registry (or district file) it is on, and the
/// import the clerk last previewed.
pub struct App {
    registry: Registry,
    district: Option<PathBuf>,
    previewed: Mutex<Option<exchange::Previewed>>,
}

impl App {
    /// The program on `path`: a district file opens the district's pages,
    /// anything else is a park's registry (opened on first use, so that a
    /// bad file is reported on the page, with a way out).
    pub fn new(path: PathBuf) -> App {
        let district =
            parkreg_core::district::District::is_district_file(&path).then(|| path.clone());
        App {
            registry: Registry::new(path),
            district,
            previewed: Mutex::new(None),
        }
    }

    /// Opens the registry and prepares the first page while the shell
    /// starts (nothing for a district file).
    pub fn prepare(&self) {
        if self.district.is_none() {
            self.registry.prepare();
        }
    }

    /// Runs the command `name` with `args` (an object, or null for none);
    /// its answer as JSON.
    pub fn call(&self, shell: &dyn Shell, name: &str, args: Value) -> IpcResult<Box<RawValue>> {
        let args = if args.is_null() {
            Value::Object(Default::default())
        } else {
            args
        };
        if self.district.is_none() {
            self.registry.touch();
        }
        dispatch(&Ctx { app: self, shell }, name, args)
    }
}

/// The script that puts the core's labels of every code on a page before
/// its modules run (`window.__PARKREG_LABELS__`, read by ui/i18n.js); each
/// shell adds it to the page its own way.
pub fn labels_script() -> String {
    let table =
        serde_json::to_string(&parkreg_core::views::labels()).expect("the labels serialize");
    format!("window.__PARKREG_LABELS__ = {table};")
}

/// What a command works with.
pub(crate) struct Ctx<'a> {
    app: &'a App,
    shell: &'a dyn Shell,
}

impl Ctx<'_> {
    fn reg(&self) -> &Registry {
        &self.app.registry
    }
}

/// For commands that take nothing.
#[derive(serde::Deserialize)]
struct NoArgs {}

fn parse<T: DeserializeOwned>(name: &str, args: Value) -> IpcResult<T> {
    serde_json::from_value(args).map_err(|e| {
        IpcError::from(parkreg_core::Error::invalid(
            name,
            "arguments",
            e.to_string(),
        ))
    })
}

fn reply<T: Serialize>(value: T) -> IpcResult<Box<RawValue>> {
    let json = serde_json::to_string(&value).expect("answers serialize");
    Ok(RawValue::from_string(json).expect("serde_json writes JSON"))
}

/// Lists the commands once: their names (for the shells) and the table
/// that runs each on its parsed arguments.
macro_rules! commands {
    ($($module:ident :: $name:ident),* $(,)?) => {
        /// Every command the UI may call.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        fn dispatch(ctx: &Ctx, name: &str, args: Value) -> IpcResult<Box<RawValue>> {
            match name {
                $(stringify!($name) => reply($module::$name(ctx, parse(name, args)?)?),)*
                other => Err(IpcError::from(parkreg_core::Error::NotFound(format!(
                    "命令 {other}"
                )))),
            }
        }
    };
}

commands![
    commands::registry_status,
    commands::start_sample,
    commands::start_empty,
    commands::keep_as_of,
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
    pages::remove_record,
    pages::form_warnings,
    protection::unlock,
    protection::lock,
    protection::still_here,
    protection::set_passphrase,
    protection::remove_passphrase,
    protection::save_idle_lock,
    recovery::backup_now,
    recovery::restore_backup,
    recovery::open_other,
    life::life_grid,
    life::life_records,
    life::save_meeting,
    life::remove_meeting,
    members::members_page,
    members::member_detail,
    members::save_member,
    members::member_action,
    members::set_roster,
    district::district_status,
    district::district_page,
    district::district_park,
    district::district_add,
    district::district_export,
    district::district_remove,
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A shell whose clerk cancels every dialog.
    struct Cancels;

    impl Shell for Cancels {
        fn pick(&self, _: Dialog) -> IpcResult<Option<PathBuf>> {
            Ok(None)
        }
        fn pick_many(&self, _: Dialog) -> IpcResult<Option<Vec<PathBuf>>> {
            Ok(None)
        }
    }

    /// A shell that records the folder each registry dialog opens in, and
    /// is then cancelled.
    #[derive(Default)]
    struct Recording(Mutex<Vec<Option<PathBuf>>>);

    impl Shell for Recording {
        fn pick(&self, dialog: Dialog) -> IpcResult<Option<PathBuf>> {
            if let Dialog::OpenRegistry(folder) = dialog {
                self.0.lock().unwrap().push(folder);
            }
            Ok(None)
        }
        fn pick_many(&self, _: Dialog) -> IpcResult<Option<Vec<PathBuf>>> {
            Ok(None)
        }
    }

    fn store_backups(db: &Path) -> PathBuf {
        parkreg_core::store::backup_dir_of(db)
    }

    #[test]
    fn commands_answer_json_and_refuse_what_they_cannot_read() {
        let dir = std::env::temp_dir().join(format!("parkreg-app-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let app = App::new(dir.join("registry.db"));
        let call = |name: &str, args: Value| -> Result<Value, IpcError> {
            app.call(&Cancels, name, args)
                .map(|raw| serde_json::from_str(raw.get()).unwrap())
        };
        assert_eq!(call("registry_status", Value::Null).unwrap()["empty"], true);
        assert_eq!(call("start_sample", json!({})).unwrap(), Value::Null);
        let status = call("registry_status", json!({})).unwrap();
        assert_eq!(status["empty"], false);
        // (command, arguments, the error's code, or None for an answer)
        let cases: &[(&str, Value, Option<&str>)] = &[
            ("no_such_command", json!({}), Some("errors.not_found")),
            ("unit_detail", json!({"id": 5}), Some("errors.validation")),
            ("unit_detail", json!({}), Some("errors.validation")),
            (
                "unit_detail",
                json!({"id": "u0", "asOf": "2013-06-30"}),
                None,
            ),
            (
                "unit_detail",
                json!({"id": "u0", "asOf": "2013-02-30"}),
                Some("errors.validation"),
            ),
            (
                "unit_detail",
                json!({"id": "u0", "asOf": "2013年6月30日"}),
                None,
            ),
            ("dashboard", json!({"asOf": "2012/12/31"}), None),
            ("dashboard", json!({"asOf": "2013.6.30"}), None),
            (
                "dashboard",
                json!({"asOf": "6/30/2013"}),
                Some("errors.validation"),
            ),
            (
                "fund_budget",
                json!({"year": 2013, "amount": "abc"}),
                Some("errors.validation"),
            ),
            (
                "record_election",
                json!({"id": "o1", "on": "2013-01-01", "committeeSize": "x"}),
                Some("errors.validation"),
            ),
            ("export_workbook", json!({"format": "xlsx"}), None),
            ("import_preview", json!({"what": "units"}), None),
            ("import_apply", json!({}), Some("errors.not_found")),
            ("district_page", json!({}), Some("errors.not_found")),
        ];
        for (name, args, code) in cases {
            match (call(name, args.clone()), code) {
                (Ok(_), None) => {}
                (Err(e), Some(c)) => assert_eq!(e.code, *c, "{name} {args}: {}", e.message),
                (got, _) => panic!("{name} {args}: {got:?}"),
            }
        }
        // A cancelled dialog is an answer of null, and nothing was written.
        assert_eq!(
            call("export_workbook", json!({"format": "xlsx"})).unwrap(),
            Value::Null
        );
        // A date the 统计日期 box cannot read is named as the clerk knows it.
        let e = call("dashboard", json!({"asOf": "明天"})).unwrap_err();
        assert!(
            e.message.contains("统计日期") && !e.message.contains("as_of"),
            "{}",
            e.message
        );
        // The restore dialog opens on the registry's automatic backups.
        let asked = Recording::default();
        app.call(&asked, "restore_backup", Value::Null).unwrap();
        let settings = call("settings_page", Value::Null).unwrap();
        let backups = store_backups(&dir.join("registry.db"));
        assert_eq!(settings["backups"], backups.display().to_string());
        assert_eq!(*asked.0.lock().unwrap(), vec![Some(backups)]);
        assert!(COMMANDS.contains(&"district_add") && !COMMANDS.contains(&"painted"));
        drop(app);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
