//! The commands the UI calls. Each parses its input, calls the core, and
//! returns the core's answer; no rule is computed here. Commands are async
//! so that Tauri runs them off the main thread: on a large registry a page
//! or a save takes a moment, and the window must stay responsive.

use crate::error::{IpcError, IpcResult};
use chrono::NaiveDate;
use parkreg_core::model::dates::parse_date;
use parkreg_core::model::money;
use parkreg_core::model::Lang;
use parkreg_core::model::{Budget, Organization, Park, DEFAULT_BUDGET_SOURCE};
use parkreg_core::rules::facts::Facts;
use parkreg_core::rules::ledger;
use parkreg_core::store::{Store, WindowLock};
use parkreg_core::views::{self, OrgDetail, UnitDetail};
use parkreg_core::Error;
use serde::Serialize;
use serde_json::value::RawValue;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tauri::State;

/// The open registry, opened on first use so that a bad file is reported
/// in the window (with a way out) rather than crashing the program. Clones
/// share it.
#[derive(Clone)]
pub struct Registry {
    open: Arc<Mutex<Open>>,
}

struct Open {
    path: PathBuf,
    store: Option<Store>,
    /// Held while the registry is open here: a second window is refused.
    lock: Option<WindowLock>,
}

impl Registry {
    pub fn new(path: PathBuf) -> Registry {
        Registry {
            open: Arc::new(Mutex::new(Open {
                path,
                store: None,
                lock: None,
            })),
        }
    }

    fn open(&self) -> std::sync::MutexGuard<'_, Open> {
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn path(&self) -> PathBuf {
        self.open().path.clone()
    }

    /// Closes the current registry and opens `path` on next use.
    pub fn switch_to(&self, path: PathBuf) {
        let mut open = self.open();
        open.store = None;
        open.lock = None;
        open.path = path;
    }

    /// Closes the registry (and lets go of its lock) until next use.
    pub fn close(&self) {
        let mut open = self.open();
        open.store = None;
        open.lock = None;
    }

    /// Opens the registry and prepares today's dashboard (kept, or
    /// computed now) while the window starts, ignoring failures: the page
    /// will ask, and then hear what is wrong.
    pub fn prepare(&self) {
        let _ = self.with(|s| {
            if s.park()?.is_some() {
                s.dashboard_json(parkreg_core::today(), Lang::Zh)?;
            }
            Ok(())
        });
    }

    /// What waits until a page has shown: the day's backup, writing the
    /// dashboards computed so far for the next start, and reading the
    /// registry into the store's cache for the other pages. The page asks
    /// after each page; each step is cheap once done. Failures are ignored
    /// here; the next change or page meets and reports them.
    pub fn warm_up(&self) {
        let _ = self.with(|s| {
            if s.park()?.is_some() {
                s.daily_backup()?;
                s.save_snapshots()?;
                s.registry()?;
            }
            Ok(())
        });
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> parkreg_core::Result<T>) -> IpcResult<T> {
        let mut open = self.open();
        if open.store.is_none() {
            if open.lock.is_none() {
                open.lock = Some(WindowLock::acquire(&open.path)?);
            }
            open.store = Some(Store::open_deferring_backup(&open.path)?);
        }
        Ok(f(open.store.as_mut().expect("just opened"))?)
    }
}

pub fn as_of(date: Option<String>) -> IpcResult<NaiveDate> {
    match date.filter(|d| !d.is_empty()) {
        None => Ok(parkreg_core::today()),
        Some(d) => parse_date(&d).map_err(|m| IpcError::from(Error::invalid("", "as_of", m))),
    }
}

/// The language the page asked for, Chinese unless it said otherwise.
pub fn lang_of(lang: Option<String>) -> Lang {
    Lang::parse(lang.as_deref().unwrap_or("zh"))
}

#[derive(Serialize)]
pub struct RegistryStatus {
    path: String,
    empty: bool,
    park: Option<String>,
    today: NaiveDate,
}

#[tauri::command]
pub async fn registry_status(reg: State<'_, Registry>) -> IpcResult<RegistryStatus> {
    let park = reg.with(|s| Ok(s.park()?.map(|p| p.name)))?;
    Ok(RegistryStatus {
        path: reg.path().display().to_string(),
        empty: park.is_none(),
        park,
        today: parkreg_core::today(),
    })
}

#[tauri::command]
pub async fn start_sample(reg: State<'_, Registry>) -> IpcResult<()> {
    reg.with(|s| {
        if s.read()?.is_some() {
            return Err(Error::NotEmpty(s.path().to_path_buf()));
        }
        s.replace(
            &parkreg_core::samples::sample_park(),
            "registry.demo",
            "载入示例园区",
        )
    })
}

#[tauri::command]
pub async fn start_empty(
    reg: State<'_, Registry>,
    park: String,
    district: Option<String>,
) -> IpcResult<()> {
    let park = Park::in_district(&park, district.as_deref().unwrap_or(""));
    reg.with(|s| s.init(park))
}

/// The dashboard (`views::Dashboard`), as the JSON the core keeps.
#[tauri::command]
pub async fn dashboard(
    reg: State<'_, Registry>,
    as_of: Option<String>,
    lang: Option<String>,
) -> IpcResult<Box<RawValue>> {
    let d = self::as_of(as_of)?;
    let lang = lang_of(lang);
    let json = reg.with(|s| s.dashboard_json(d, lang))?;
    Ok(RawValue::from_string(json).expect("the core writes JSON"))
}

/// The dashboard's coverage over time (`views::trend`): asked after the
/// dashboard shows, computed outside the registry's lock.
#[tauri::command]
pub async fn trend(
    reg: State<'_, Registry>,
    as_of: Option<String>,
) -> IpcResult<Vec<views::TrendPoint>> {
    let d = self::as_of(as_of)?;
    let snapshot = reg.with(|s| s.registry())?;
    Ok(views::trend(&snapshot, d))
}

/// Reads the registry into the store's cache after the first page shows,
/// so that the other pages open at once.
#[tauri::command]
pub async fn warm_up(reg: State<'_, Registry>) -> IpcResult<()> {
    reg.warm_up();
    Ok(())
}

#[tauri::command]
pub async fn unit_detail(
    reg: State<'_, Registry>,
    id: String,
    as_of: Option<String>,
    lang: Option<String>,
) -> IpcResult<UnitDetail> {
    let d = self::as_of(as_of)?;
    let lang = lang_of(lang);
    reg.with(|s| {
        let history = s.history_of("unit", &id, 50)?;
        views::unit_detail(&Facts::new(&*s.registry()?, d), &id, lang, &history)
    })
}

#[tauri::command]
pub async fn org_detail(
    reg: State<'_, Registry>,
    id: String,
    as_of: Option<String>,
    lang: Option<String>,
) -> IpcResult<OrgDetail> {
    let d = self::as_of(as_of)?;
    let lang = lang_of(lang);
    reg.with(|s| {
        let history = s.history_of("organization", &id, 50)?;
        views::org_detail(&Facts::new(&*s.registry()?, d), &id, lang, &history)
    })
}

#[derive(Serialize)]
pub struct Choice {
    id: String,
    name: String,
}

impl Choice {
    pub fn new(id: &str, name: &str) -> Choice {
        Choice {
            id: id.into(),
            name: name.into(),
        }
    }
}

fn choices<'a>(orgs: impl Iterator<Item = &'a Organization>) -> Vec<Choice> {
    orgs.map(|o| Choice::new(&o.id, &o.name)).collect()
}

/// The most ledger lines and owed organizations the money page lists.
const MONEY_PAGE_ROWS: usize = 500;

#[derive(Serialize)]
pub struct MoneyPage {
    #[serde(flatten)]
    page: ledger::FundPage,
    /// Organizations a starter fund may go to today.
    starter_fund_candidates: Vec<Choice>,
    /// Active organizations, for other purposes.
    organizations: Vec<Choice>,
}

#[tauri::command]
pub async fn money_page(reg: State<'_, Registry>, year: Option<i32>) -> IpcResult<MoneyPage> {
    let today = parkreg_core::today();
    reg.with(|s| {
        let r = s.registry()?;
        Ok(MoneyPage {
            page: ledger::report(&r, year, today).page(year, MONEY_PAGE_ROWS),
            starter_fund_candidates: choices(
                ledger::starter_fund_candidates(&r, today).into_iter(),
            ),
            organizations: choices(
                r.organizations
                    .iter()
                    .filter(|o| parkreg_core::rules::facts::org_active(o, today)),
            ),
        })
    })
}

#[tauri::command]
pub async fn fund_pay(
    reg: State<'_, Registry>,
    payment: parkreg_core::exchange::forms::Payment,
) -> IpcResult<String> {
    let entry = payment.to_entry()?;
    reg.with(|s| s.append_entry(entry, parkreg_core::today()))
}

#[tauri::command]
pub async fn fund_reverse(
    reg: State<'_, Registry>,
    entry: String,
    reason: String,
) -> IpcResult<String> {
    let today = parkreg_core::today();
    reg.with(|s| {
        let reversal = ledger::reversal_of(&*s.registry()?, &entry, &reason, None, today)?;
        s.append_entry(reversal, today)
    })
}

#[tauri::command]
pub async fn fund_budget(reg: State<'_, Registry>, year: i32, amount: String) -> IpcResult<()> {
    let amount_fen =
        money::parse_yuan(&amount).map_err(|m| Error::invalid("budget", "amount", m))?;
    reg.with(|s| {
        s.set_budget(Budget {
            year,
            amount_fen,
            source: DEFAULT_BUDGET_SOURCE.into(),
        })
    })
}
