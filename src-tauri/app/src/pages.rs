//! The data of the units, organizations, people, history and settings
//! pages, and their saves. Each command reads the core's answer and shapes
//! it for the page; every rule stays in the core.

use crate::commands::{as_of, lang_of, typed_date, Choice, Viewing};
use crate::error::IpcResult;
use crate::{Ctx, NoArgs};
use chrono::NaiveDate;
use parkreg_core::exchange::forms::{OrgForm, ParkForm, PersonForm, UnitForm};
use parkreg_core::model::dates::parse_typed;

use parkreg_core::model::*;
use parkreg_core::rules::facts::Facts;
use parkreg_core::rules::life::kinds_for;
use parkreg_core::store::operator;
use parkreg_core::views::{self, HistoryRow, UnitList, UnitQuery};
use parkreg_core::Error;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct PersonChoice {
    id: String,
    name: String,
    party_member: bool,
}

fn people_choices(reg: &parkreg_core::Registry) -> Vec<PersonChoice> {
    reg.people
        .iter()
        .map(|p| PersonChoice {
            id: p.id.clone(),
            name: p.name.clone(),
            // As the roster says today when the park keeps one.
            party_member: p.is_member_at(&reg.park, parkreg_core::today()),
        })
        .collect()
}

#[derive(Deserialize)]
pub struct UnitsPage {
    #[serde(flatten)]
    viewing: Viewing,
    query: Option<UnitQuery>,
}

pub fn units_page(ctx: &Ctx, a: UnitsPage) -> IpcResult<UnitList> {
    let d = as_of(a.viewing.as_of)?;
    ctx.reg().with(|s| {
        let r = s.registry()?;
        let facts = Facts::new(&r, d);
        Ok(views::units(
            &facts,
            lang_of(a.viewing.lang),
            &a.query.unwrap_or_default(),
        ))
    })
}

/// What the unit and organization forms offer to choose from.
#[derive(Serialize)]
pub struct FormChoices {
    units: Vec<Choice>,
    people: Vec<PersonChoice>,
    organizations: Vec<Choice>,
    /// For each of `organizations`, the kinds of record that fit it.
    meeting_kinds: Vec<Vec<MeetingKind>>,
}

pub fn form_choices(ctx: &Ctx, _: NoArgs) -> IpcResult<FormChoices> {
    ctx.reg().with(|s| {
        let r = s.registry()?;
        Ok(FormChoices {
            units: r
                .units
                .iter()
                .map(|u| Choice::new(&u.id, &u.name))
                .collect(),
            people: people_choices(&r),
            organizations: r
                .organizations
                .iter()
                .map(|o| Choice::new(&o.id, &o.name))
                .collect(),
            meeting_kinds: r.organizations.iter().map(kinds_for).collect(),
        })
    })
}

/// A form's fields, as the page sends them.
#[derive(Deserialize)]
pub struct Form<T> {
    pub form: T,
}

pub fn save_unit(ctx: &Ctx, mut a: Form<UnitForm>) -> IpcResult<String> {
    typed_date(&mut a.form.started_on);
    typed_date(&mut a.form.closed_on);
    let unit = a.form.to_unit()?;
    ctx.reg().with(|s| s.save_unit(unit))
}

/// How many children of each organization the tree lists.
const ORGS_PER_PARENT: usize = 200;

pub fn orgs_page(ctx: &Ctx, a: Viewing) -> IpcResult<Vec<views::OrgRow>> {
    let d = as_of(a.as_of)?;
    ctx.reg().with(|s| {
        let r = s.registry()?;
        let facts = Facts::new(&r, d);
        Ok(views::orgs(&facts, lang_of(a.lang), ORGS_PER_PARENT))
    })
}

pub fn save_org(ctx: &Ctx, mut a: Form<OrgForm>) -> IpcResult<String> {
    typed_date(&mut a.form.founded_on);
    typed_date(&mut a.form.dissolved_on);
    typed_date(&mut a.form.last_election_on);
    let org = a.form.to_org()?;
    ctx.reg().with(|s| s.save_org(org))
}

fn date_field(field: &str, text: &str) -> IpcResult<NaiveDate> {
    Ok(parse_typed(text).map_err(|m| Error::invalid("organization", field, m))?)
}

#[derive(Deserialize)]
pub struct Dissolve {
    id: String,
    on: String,
}

pub fn dissolve_org(ctx: &Ctx, a: Dissolve) -> IpcResult<()> {
    let on = date_field("dissolved_on", &a.on)?;
    ctx.reg().with(|s| s.dissolve_org(&a.id, on))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Election {
    id: String,
    on: String,
    committee_size: String,
}

pub fn record_election(ctx: &Ctx, a: Election) -> IpcResult<()> {
    let on = date_field("last_election_on", &a.on)?;
    let size: u32 = a.committee_size.trim().parse().map_err(|_| {
        Error::invalid(
            "organization",
            "committee_size",
            format!("“{}”不是 0 到 15 的整数", a.committee_size),
        )
    })?;
    ctx.reg().with(|s| s.record_election(&a.id, on, size))
}

/// How many people the people page lists.
const PEOPLE_SHOWN: usize = 500;

#[derive(Serialize)]
pub struct PeoplePage {
    rows: Vec<views::PersonRow>,
    total: usize,
}

pub fn people_page(ctx: &Ctx, _: NoArgs) -> IpcResult<PeoplePage> {
    ctx.reg().with(|s| {
        let (rows, total) = views::people(&*s.registry()?, PEOPLE_SHOWN);
        Ok(PeoplePage { rows, total })
    })
}

pub fn save_person(ctx: &Ctx, a: Form<PersonForm>) -> IpcResult<String> {
    let mut person = a.form.to_person()?;
    ctx.reg().with(|s| {
        // The form edits the contact facts; the roster's stay as they are.
        if let Some(old) = s.registry()?.person(&person.id) {
            person.keep_roster_facts(old);
        }
        s.save_person(person)
    })
}

#[derive(Deserialize)]
pub struct HistoryPage {
    entity: Option<String>,
    text: Option<String>,
    limit: Option<usize>,
    lang: Option<String>,
}

pub fn history_page(ctx: &Ctx, a: HistoryPage) -> IpcResult<Vec<HistoryRow>> {
    ctx.reg().with(|s| {
        let entries = s.history_filtered(
            a.entity.as_deref(),
            a.text.as_deref(),
            a.limit.unwrap_or(500),
        )?;
        Ok(views::history(
            &entries,
            &s.registry()?.index(),
            lang_of(a.lang),
        ))
    })
}

pub fn settings_page(ctx: &Ctx, _: NoArgs) -> IpcResult<SettingsPage> {
    ctx.reg().with(|s| {
        Ok(SettingsPage {
            park: s.registry()?.park.clone(),
            operator: s.operator().to_string(),
            operator_saved: operator::saved().is_some(),
            backups: s.backup_dir().display().to_string(),
            version: env!("CARGO_PKG_VERSION"),
            protected: s.is_protected(),
            min_chars: parkreg_core::store::cipher::MIN_CHARS,
            idle_minutes: parkreg_core::store::idle::minutes(),
        })
    })
}

#[derive(Serialize)]
pub struct SettingsPage {
    park: Park,
    /// The name the history records changes under.
    operator: String,
    /// Whether that name was given here (else it is the system user's).
    operator_saved: bool,
    /// The folder of this registry's automatic backups.
    backups: String,
    version: &'static str,
    /// Whether the registry is protected by a passphrase, and the shortest
    /// new passphrase taken.
    protected: bool,
    min_chars: usize,
    /// The idle time (minutes) after which a protected registry locks.
    idle_minutes: u32,
}

/// Keeps the operator's name for the history; the name now in effect.
#[derive(Deserialize)]
pub struct Operator {
    name: String,
}

pub fn save_operator(ctx: &Ctx, a: Operator) -> IpcResult<String> {
    let now = operator::save(&a.name)?;
    ctx.reg().with(|s| {
        s.set_operator(now.clone());
        Ok(now)
    })
}

pub fn save_settings(ctx: &Ctx, mut a: Form<ParkForm>) -> IpcResult<()> {
    typed_date(&mut a.form.starter_fund_since);
    let mut park = a.form.to_park()?;
    ctx.reg().with(|s| {
        if a.form.roster.is_none() {
            park.roster = s.registry()?.park.roster;
        }
        s.set_park(park)
    })
}

#[derive(Deserialize)]
pub struct Remove {
    what: parkreg_core::store::Removable,
    id: String,
}

/// Removes a unit, organization or person entered by mistake (refused,
/// naming what refers to it, while anything does).
pub fn remove_record(ctx: &Ctx, a: Remove) -> IpcResult<()> {
    ctx.reg().with(|s| s.remove_record(a.what, &a.id))
}

/// A form as typed so far, for its warnings.
#[derive(Deserialize)]
#[serde(tag = "kind", content = "form", rename_all = "snake_case")]
pub enum Typed {
    Unit(Box<UnitForm>),
    Meeting(Box<parkreg_core::exchange::forms::MeetingForm>),
}

/// Counts in a form that contradict each other (`rules::warnings`): said
/// beside the form, never a refusal. A form that does not read yet has
/// none (its save names its problems).
pub fn form_warnings(ctx: &Ctx, a: Typed) -> IpcResult<Vec<String>> {
    use parkreg_core::rules::warnings;
    match a {
        Typed::Unit(mut form) => {
            typed_date(&mut form.started_on);
            typed_date(&mut form.closed_on);
            let Ok(u) = form.to_unit() else {
                return Ok(Vec::new());
            };
            let today = parkreg_core::store::today();
            ctx.reg()
                .with(|s| Ok(warnings::unit(&*s.registry()?, &u, today)))
        }
        Typed::Meeting(mut form) => {
            typed_date(&mut form.date);
            let Ok(m) = form.to_meeting() else {
                return Ok(Vec::new());
            };
            ctx.reg()
                .with(|s| Ok(warnings::meeting(&*s.registry()?, &m)))
        }
    }
}
