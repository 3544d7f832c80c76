//! A protected registry on the command line (DESIGN.md): the current
//! passphrase from `PARKREG_PASSPHRASE` or typed on the terminal, the new
//! one from `PARKREG_NEW_PASSPHRASE` or typed twice.

use parkreg_core::district::District;
use parkreg_core::error::{Error, Result};
use parkreg_core::store::{self, Passphrase, Store, WindowLock};
use std::path::Path;

/// What `protect` prints before it sets a passphrase.
const FORGOTTEN: &str = "注意：口令忘记后无法找回，登记簿也就无法打开。请把口令写在纸上，\
与单位的印章一样锁进文件柜，或交给党组织书记另行保管。";

fn from_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn typed(prompt: &str, path: &Path) -> Result<String> {
    rpassword::prompt_password(prompt).map_err(|_| Error::PassphraseNeeded(path.to_path_buf()))
}

/// The passphrase a protected registry at `path` is opened with; none for
/// a plain one.
fn current(path: &Path) -> Result<Option<Passphrase>> {
    if !store::is_protected(path) {
        return Ok(None);
    }
    let text = match from_env("PARKREG_PASSPHRASE") {
        Some(t) => t,
        None => typed("登记簿口令：", path)?,
    };
    Ok(Some(Passphrase::given(&text)))
}

/// The new passphrase: from the environment, or typed twice alike.
fn new_one(path: &Path) -> Result<Passphrase> {
    if let Some(t) = from_env("PARKREG_NEW_PASSPHRASE") {
        return Passphrase::new(&t);
    }
    let first = Passphrase::new(&typed("新口令：", path)?)?;
    let again = typed("再输入一遍新口令：", path)?;
    if Passphrase::given(&again) != first {
        return Err(Error::invalid(
            "passphrase",
            "passphrase",
            "两次输入的口令不一致",
        ));
    }
    Ok(first)
}

/// Opens the registry at `path`, creating it if there is none: a new one is
/// protected when `PARKREG_NEW_PASSPHRASE` is set.
pub fn open(path: &Path) -> Result<Store> {
    let new = std::fs::metadata(path).map_or(true, |m| m.len() == 0);
    let key = match from_env("PARKREG_NEW_PASSPHRASE") {
        Some(t) if new => Some(Passphrase::new(&t)?),
        _ => current(path)?,
    };
    Store::open_with(path, key.as_ref())
}

/// Opens an existing registry.
pub fn open_existing(path: &Path) -> Result<Store> {
    let key = current(path)?;
    Store::open_existing(path, key.as_ref())
}

/// Creates a district file: plain (it holds counts, not people), unless
/// `PARKREG_NEW_PASSPHRASE` asks for protection.
pub fn new_district(path: &Path, name: &str) -> Result<District> {
    let key = from_env("PARKREG_NEW_PASSPHRASE")
        .map(|t| Passphrase::new(&t))
        .transpose()?;
    District::init_with(path, name, key.as_ref())
}

/// Opens an existing district file, protected or not.
pub fn district(path: &Path) -> Result<District> {
    let key = current(path)?;
    District::open_with(path, key.as_ref())
}

/// `parkreg protect` (`Some`) and `parkreg unprotect` (`None`).
pub fn set(path: &Path, protect: bool) -> Result<()> {
    let _window = WindowLock::acquire(path)?;
    let mut store = open_existing(path)?;
    if protect {
        eprintln!("{FORGOTTEN}");
    }
    let new = if protect { Some(new_one(path)?) } else { None };
    let was = store.is_protected();
    store.set_passphrase(new.as_ref())?;
    match (was, protect) {
        (false, true) => println!("已设置口令保护：{}", path.display()),
        (true, true) => println!("已更改口令：{}", path.display()),
        _ => println!("已取消口令保护：{}", path.display()),
    }
    Ok(())
}
