//! The registry's status, starting a registry, the dashboard, the detail
//! pages and the money page with its payments, reversals and budgets.

use crate::error::{IpcError, IpcResult};
use crate::{Ctx, NoArgs};
use chrono::NaiveDate;
use parkreg_core::model::dates::{normalise_typed, parse_typed};
use parkreg_core::model::money;
use parkreg_core::model::Lang;
use parkreg_core::model::{Budget, Organization, Park, DEFAULT_BUDGET_SOURCE};
use parkreg_core::rules::facts::Facts;
use parkreg_core::rules::ledger;
use parkreg_core::store::viewing;
use parkreg_core::views::{self, OrgDetail, UnitDetail};
use parkreg_core::Error;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The date a page is viewed as of: as typed in the 统计日期 box (any way
/// `dates::parse_typed` reads), today when empty.
pub fn as_of(date: Option<String>) -> IpcResult<NaiveDate> {
    match date.filter(|d| !d.trim().is_empty()) {
        None => Ok(parkreg_core::today()),
        Some(d) => parse_typed(&d).map_err(|m| IpcError::from(Error::invalid("", "统计日期", m))),
    }
}

/// A date field of a form as typed, written the registry's way when it
/// reads as a date (`2013年6月30日` → `2013-06-30`); otherwise left for the
/// form's own check to name.
pub fn typed_date(field: &mut String) {
    *field = normalise_typed(field);
}

/// The language the page asked for, Chinese unless it said otherwise.
pub fn lang_of(lang: Option<String>) -> Lang {
    Lang::parse(lang.as_deref().unwrap_or("zh"))
}

/// The date and language a page asks for.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Viewing {
    pub as_of: Option<String>,
    pub lang: Option<String>,
}

/// One unit or organization, as of a date, in a language.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Detail {
    id: String,
    #[serde(flatten)]
    viewing: Viewing,
}

#[derive(Serialize)]
pub struct RegistryStatus {
    path: String,
    empty: bool,
    park: Option<String>,
    today: NaiveDate,
    /// The 统计日期 the clerk last chose on this registry (kept between
    /// starts, `store::viewing`); none: today.
    as_of: Option<NaiveDate>,
    /// Whether the registry is protected by a passphrase.
    protected: bool,
    /// Whether it waits for its passphrase (the page shows the unlock
    /// page), and the seconds until an attempt is looked at.
    locked: bool,
    unlock_wait: u64,
    /// The seconds without input after which the page locks a protected
    /// registry.
    idle_seconds: u64,
}

pub fn registry_status(ctx: &Ctx, _: NoArgs) -> IpcResult<RegistryStatus> {
    let reg = ctx.reg();
    let path = reg.path();
    let locked = reg.locked()?;
    let park = match locked {
        Some(_) => None,
        None => reg.with(|s| Ok(s.park()?.map(|p| p.name)))?,
    };
    Ok(RegistryStatus {
        path: path.display().to_string(),
        empty: park.is_none() && locked.is_none(),
        as_of: park.as_ref().and_then(|_| viewing::kept_as_of(&path)),
        park,
        today: parkreg_core::today(),
        protected: parkreg_core::store::is_protected(&path),
        locked: locked.is_some(),
        unlock_wait: locked.map_or(0, crate::registry::seconds),
        idle_seconds: reg.idle().as_secs(),
    })
}

/// The sample park, opened at its own date (where its records are), which
/// is kept as the registry's 统计日期.
pub fn start_sample(ctx: &Ctx, _: NoArgs) -> IpcResult<()> {
    ctx.reg().with(|s| {
        if s.read()?.is_some() {
            return Err(Error::NotEmpty(s.path().to_path_buf()));
        }
        s.replace(
            &parkreg_core::samples::sample_park(),
            "registry.demo",
            "载入示例园区",
        )
    })?;
    viewing::keep_as_of(&ctx.reg().path(), Some(parkreg_core::samples::as_of()))?;
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeepAsOf {
    as_of: Option<String>,
}

/// Keeps the 统计日期 the clerk chose for the next start (empty: today).
pub fn keep_as_of(ctx: &Ctx, a: KeepAsOf) -> IpcResult<Option<NaiveDate>> {
    let chosen = match a.as_of.filter(|d| !d.trim().is_empty()) {
        None => None,
        Some(d) => Some(as_of(Some(d))?),
    };
    viewing::keep_as_of(&ctx.reg().path(), chosen)?;
    Ok(chosen)
}

#[derive(Deserialize)]
pub struct NewPark {
    park: String,
    district: Option<String>,
}

pub fn start_empty(ctx: &Ctx, a: NewPark) -> IpcResult<()> {
    let park = Park::in_district(&a.park, a.district.as_deref().unwrap_or(""));
    ctx.reg().with(|s| s.init(park))
}

/// The dashboard (`views::Dashboard`), as the JSON the core keeps.
pub fn dashboard(ctx: &Ctx, a: Viewing) -> IpcResult<Box<RawValue>> {
    let d = as_of(a.as_of)?;
    let lang = lang_of(a.lang);
    let json = ctx.reg().with(|s| s.dashboard_json(d, lang))?;
    Ok(RawValue::from_string(json).expect("the core writes JSON"))
}

/// The dashboard's coverage over time (`views::trend`): asked after the
/// dashboard shows, computed outside the registry's lock.
pub fn trend(ctx: &Ctx, a: Viewing) -> IpcResult<Vec<views::TrendPoint>> {
    let d = as_of(a.as_of)?;
    let snapshot = ctx.reg().with(|s| s.registry())?;
    Ok(views::trend(&snapshot, d))
}

/// Reads the registry into the store's cache after the first page shows,
/// so that the other pages open at once.
pub fn warm_up(ctx: &Ctx, _: NoArgs) -> IpcResult<()> {
    ctx.reg().warm_up();
    Ok(())
}

pub fn unit_detail(ctx: &Ctx, a: Detail) -> IpcResult<UnitDetail> {
    let d = as_of(a.viewing.as_of)?;
    let lang = lang_of(a.viewing.lang);
    ctx.reg().with(|s| {
        let history = s.history_of("unit", &a.id, 50)?;
        views::unit_detail(&Facts::new(&*s.registry()?, d), &a.id, lang, &history)
    })
}

pub fn org_detail(ctx: &Ctx, a: Detail) -> IpcResult<OrgDetail> {
    let d = as_of(a.viewing.as_of)?;
    let lang = lang_of(a.viewing.lang);
    ctx.reg().with(|s| {
        let history = s.history_of("organization", &a.id, 50)?;
        views::org_detail(&Facts::new(&*s.registry()?, d), &a.id, lang, &history)
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

#[derive(Deserialize)]
pub struct Year {
    year: Option<i32>,
}

pub fn money_page(ctx: &Ctx, a: Year) -> IpcResult<MoneyPage> {
    let today = parkreg_core::today();
    ctx.reg().with(|s| {
        let r = s.registry()?;
        Ok(MoneyPage {
            page: ledger::report(&r, a.year, today).page(a.year, MONEY_PAGE_ROWS),
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

#[derive(Deserialize)]
pub struct Pay {
    payment: parkreg_core::exchange::forms::Payment,
}

pub fn fund_pay(ctx: &Ctx, mut a: Pay) -> IpcResult<String> {
    typed_date(&mut a.payment.date);
    let entry = a.payment.to_entry()?;
    ctx.reg()
        .with(|s| s.append_entry(entry, parkreg_core::today()))
}

#[derive(Deserialize)]
pub struct Reverse {
    entry: String,
    reason: String,
}

pub fn fund_reverse(ctx: &Ctx, a: Reverse) -> IpcResult<String> {
    let today = parkreg_core::today();
    ctx.reg().with(|s| {
        let reversal = ledger::reversal_of(&*s.registry()?, &a.entry, &a.reason, None, today)?;
        s.append_entry(reversal, today)
    })
}

#[derive(Deserialize)]
pub struct SetBudget {
    year: i32,
    amount: String,
}

pub fn fund_budget(ctx: &Ctx, a: SetBudget) -> IpcResult<()> {
    let amount_fen =
        money::parse_yuan(&a.amount).map_err(|m| Error::invalid("budget", "amount", m))?;
    ctx.reg().with(|s| {
        s.set_budget(Budget {
            year: a.year,
            amount_fen,
            source: DEFAULT_BUDGET_SOURCE.into(),
        })
    })
}
