//! A registry protected by a passphrase: unlocking it, locking it again,
//! setting, changing or removing the passphrase, and the idle time after
//! which it locks by itself. The encryption is the core's
//! (`store::cipher`); here the passphrase is only taken, checked against
//! the one held and handed on.

use crate::error::IpcResult;
use crate::{Ctx, NoArgs};
use parkreg_core::store::{idle, Passphrase};
use parkreg_core::Error;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Unlock {
    passphrase: String,
}

/// Opens the protected registry with the passphrase typed on the unlock
/// page; a wrong one is `errors.wrong_passphrase` with the seconds to wait.
pub fn unlock(ctx: &Ctx, a: Unlock) -> IpcResult<()> {
    ctx.reg().unlock(&a.passphrase)
}

/// Locks the registry (the page's idle watch, or the clerk): whether it is
/// now locked (a plain registry has no passphrase to ask).
pub fn lock(ctx: &Ctx, _: NoArgs) -> IpcResult<bool> {
    Ok(ctx.reg().lock())
}

/// The page reports that the clerk is there (input since its last report):
/// like every command, this keeps the idle backstop from locking a registry
/// that is read for a long while without a command.
pub fn still_here(_: &Ctx, _: NoArgs) -> IpcResult<()> {
    Ok(())
}

/// The settings' passphrase form: the current one (for a protected
/// registry), the new one, and the new one again.
#[derive(Deserialize)]
pub struct NewPassphrase {
    #[serde(default)]
    current: String,
    passphrase: String,
    again: String,
}

/// Sets or changes the passphrase: the new one typed twice alike, and of
/// the length the core asks.
pub fn set_passphrase(ctx: &Ctx, a: NewPassphrase) -> IpcResult<()> {
    let new = Passphrase::new(&a.passphrase)?;
    if Passphrase::given(&a.again) != new {
        return Err(Error::invalid("passphrase", "again", "两次输入的口令不一致").into());
    }
    ctx.reg().set_passphrase(&a.current, Some(new))
}

#[derive(Deserialize)]
pub struct Current {
    current: String,
}

/// Removes the passphrase: the registry is written plain again.
pub fn remove_passphrase(ctx: &Ctx, a: Current) -> IpcResult<()> {
    if ctx.reg().key().is_none() {
        return Err(Error::Conflict("登记簿没有设口令，无需取消".into()).into());
    }
    ctx.reg().set_passphrase(&a.current, None)
}

#[derive(Deserialize)]
pub struct IdleLock {
    minutes: String,
}

/// Keeps the idle time (minutes, on this computer account); the minutes
/// now set.
pub fn save_idle_lock(ctx: &Ctx, a: IdleLock) -> IpcResult<u32> {
    let minutes = idle::save(&a.minutes)?;
    ctx.reg().set_idle(minutes);
    Ok(minutes)
}

#[cfg(test)]
mod tests {
    use crate::{App, Dialog, IpcError, IpcResult, Shell};
    use parkreg_core::store::is_protected;
    use serde_json::{json, Value};
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant};

    /// A shell whose every save dialog answers `0`'s path.
    struct Answers(PathBuf);

    impl Shell for Answers {
        fn pick(&self, _: Dialog) -> IpcResult<Option<PathBuf>> {
            Ok(Some(self.0.clone()))
        }
        fn pick_many(&self, _: Dialog) -> IpcResult<Option<Vec<PathBuf>>> {
            Ok(None)
        }
    }

    struct Folder(PathBuf);

    impl Folder {
        fn new(name: &str) -> Folder {
            let dir =
                std::env::temp_dir().join(format!("parkreg-app-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Folder(dir)
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn call(app: &App, name: &str, args: Value) -> Result<Value, IpcError> {
        let shell = Answers(PathBuf::from("/nonexistent/copy.db"));
        app.call(&shell, name, args)
            .map(|raw| serde_json::from_str(raw.get()).unwrap())
    }

    const RIGHT: &str = "红旗渠精神2024";

    /// The sample park in `db`, protected by `RIGHT` through the settings.
    fn protected_sample(db: &Path) -> App {
        let app = App::new(db.to_path_buf());
        call(&app, "start_sample", json!({})).unwrap();
        let set = json!({"passphrase": RIGHT, "again": RIGHT});
        call(&app, "set_passphrase", set).unwrap();
        app
    }

    fn status(app: &App) -> Value {
        call(app, "registry_status", json!({})).unwrap()
    }

    #[test]
    fn a_new_passphrase_is_typed_twice_alike_and_long_enough() {
        let dir = Folder::new("set");
        let db = dir.0.join("registry.db");
        let app = App::new(db.clone());
        call(&app, "start_sample", json!({})).unwrap();
        // (new, again, the field the refusal names)
        let refused: &[(&str, &str, &str)] = &[
            ("short", "short", "passphrase"),
            ("", "", "passphrase"),
            ("一二三四五六七", "一二三四五六七", "passphrase"),
            ("line\nbreak!", "line\nbreak!", "passphrase"),
            (RIGHT, "红旗渠精神2025", "again"),
        ];
        for (new, again, field) in refused {
            let e = call(
                &app,
                "set_passphrase",
                json!({"passphrase": new, "again": again}),
            )
            .unwrap_err();
            assert_eq!(
                (e.code, e.problems[0].field.as_str()),
                ("errors.validation", *field),
                "{new:?}"
            );
            assert!(!is_protected(&db), "{new:?}");
        }
        let e = call(&app, "remove_passphrase", json!({"current": ""})).unwrap_err();
        assert_eq!(e.code, "errors.conflict");
        // Eight characters, CJK counted one each.
        let eight = "一二三四五六七八";
        let set = json!({"passphrase": eight, "again": eight});
        call(&app, "set_passphrase", set).unwrap();
        assert!(is_protected(&db));
        let settings = call(&app, "settings_page", json!({})).unwrap();
        assert_eq!(settings["protected"], true);
        assert_eq!(settings["min_chars"], 8);
        // Changing and removing it asks for the current one.
        let change = |current: &str| {
            call(
                &app,
                "set_passphrase",
                json!({"current": current, "passphrase": RIGHT, "again": RIGHT}),
            )
        };
        let e = change("一二三四五六七九").unwrap_err();
        assert_eq!(e.code, "errors.wrong_passphrase");
        assert_eq!(e.problems[0].field, "current");
        assert_eq!(e.wait_seconds, Some(0));
        change(eight).unwrap();
        let e = call(&app, "remove_passphrase", json!({"current": eight})).unwrap_err();
        assert_eq!(e.code, "errors.wrong_passphrase");
        call(&app, "remove_passphrase", json!({"current": RIGHT})).unwrap();
        assert!(!is_protected(&db));
        assert_eq!(status(&app)["protected"], false);
    }

    #[test]
    fn a_protected_registry_waits_for_its_passphrase_and_wrong_ones_wait_longer() {
        let dir = Folder::new("unlock");
        let db = dir.0.join("registry.db");
        drop(protected_sample(&db));
        let app = App::new(db.clone());
        app.prepare();
        let s = status(&app);
        assert_eq!(
            (&s["locked"], &s["empty"], &s["park"], &s["protected"]),
            (&json!(true), &json!(false), &Value::Null, &json!(true))
        );
        // Nothing of the registry is answered while it is locked.
        for name in ["dashboard", "settings_page", "units_page", "backup_now"] {
            let e = call(&app, name, json!({})).unwrap_err();
            assert_eq!(e.code, "errors.passphrase_needed", "{name}");
        }
        let bytes = std::fs::read(&db).unwrap();
        // (passphrase, seconds to wait after it is refused)
        let wrong: &[(&str, u64)] = &[
            ("红旗渠精神2023", 0),
            ("", 0),
            ("红旗渠精神2024 ", 0),
            ("红旗渠精神", 1),
        ];
        for (typed, wait) in wrong {
            let e = call(&app, "unlock", json!({"passphrase": typed})).unwrap_err();
            assert_eq!(
                (e.code, e.wait_seconds),
                ("errors.wrong_passphrase", Some(*wait)),
                "{typed:?}"
            );
            assert!(e.message.contains("口令不对"), "{}", e.message);
        }
        assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file untouched");
        assert_eq!(status(&app)["unlock_wait"], 1);
        // The next attempt, right or wrong, is looked at only after the wait.
        let asked = Instant::now();
        call(&app, "unlock", json!({"passphrase": RIGHT})).unwrap();
        assert!(asked.elapsed() >= Duration::from_millis(900));
        let s = status(&app);
        assert_eq!(
            (&s["locked"], &s["park"]),
            (&json!(false), &json!("白云铝及铝加工园区（示例数据）"))
        );
        call(&app, "dashboard", json!({"asOf": "2013-06-30"})).unwrap();
        // A good one starts the count again.
        let e = call(&app, "lock", json!({})).map(|v| v == json!(true));
        assert_eq!(e, Ok(true));
        let e = call(&app, "unlock", json!({"passphrase": "x"})).unwrap_err();
        assert_eq!(e.wait_seconds, Some(0));
        // A backup written through the settings is as protected as the
        // registry.
        call(&app, "unlock", json!({"passphrase": RIGHT})).unwrap();
        let copy = dir.0.join("copy.db");
        app.call(&Answers(copy.clone()), "backup_now", json!({}))
            .unwrap();
        assert!(is_protected(&copy));
    }

    #[test]
    fn lock_and_the_idle_backstop_close_a_protected_registry_only() {
        // (protected, how the registry is left: "lock" or "idle" or "used")
        let cases: &[(bool, &str, bool)] = &[
            (true, "lock", true),
            (true, "idle", true),
            (true, "used", false),
            (false, "lock", false),
            (false, "idle", false),
        ];
        for (i, (protected, left, locked)) in cases.iter().enumerate() {
            let dir = Folder::new(&format!("idle{i}"));
            let db = dir.0.join("registry.db");
            let app = if *protected {
                protected_sample(&db)
            } else {
                let app = App::new(db.clone());
                call(&app, "start_sample", json!({})).unwrap();
                app
            };
            let idle = app.registry.idle();
            match *left {
                "lock" => {
                    call(&app, "lock", json!({})).unwrap();
                }
                "idle" => app.registry.used_ago(idle + Duration::from_secs(1)),
                _ => app.registry.used_ago(idle - Duration::from_secs(5)),
            }
            let answered = call(&app, "dashboard", json!({}));
            let case = format!("protected {protected}, {left}");
            match answered {
                Err(e) if *locked => assert_eq!(e.code, "errors.passphrase_needed", "{case}"),
                Ok(_) if !locked => {}
                other => panic!("{case}: {other:?}"),
            }
            assert_eq!(status(&app)["locked"], *locked, "{case}");
            assert_eq!(is_protected(&db), *protected, "{case}");
            if *locked {
                // The window lock stays held while locked.
                let e = parkreg_core::store::WindowLock::acquire(&db).err();
                assert_eq!(e.map(|e| e.code()), Some("errors.open_elsewhere"), "{case}");
                call(&app, "unlock", json!({"passphrase": RIGHT})).unwrap();
                assert_eq!(status(&app)["locked"], false, "{case}");
            }
        }
    }

    #[test]
    fn the_idle_time_is_whole_minutes_in_bounds() {
        let dir = Folder::new("idle-time");
        let app = App::new(dir.0.join("registry.db"));
        for typed in ["0", "abc", "481", "1.5"] {
            let e = call(&app, "save_idle_lock", json!({"minutes": typed})).unwrap_err();
            assert_eq!(e.problems[0].field, "idle_minutes", "{typed}");
        }
    }
}
