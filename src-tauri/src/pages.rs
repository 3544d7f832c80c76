//! The data of the units, organizations, people, history and settings
//! pages, and their saves. Each command reads the core's answer and shapes
//! it for the page; every rule stays in the core.

use crate::commands::{as_of, lang_of, Choice, Registry};
use crate::error::IpcResult;
use chrono::NaiveDate;
use parkreg_core::exchange::forms::{OrgForm, ParkForm, PersonForm, UnitForm};
use parkreg_core::model::dates::parse_date;

use parkreg_core::model::*;
use parkreg_core::rules::facts::Facts;
use parkreg_core::rules::life::kinds_for;
use parkreg_core::store::operator;
use parkreg_core::views::{self, HistoryRow, UnitList, UnitQuery};
use parkreg_core::Error;
use serde::Serialize;
use tauri::State;

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
            party_member: p.party_member,
        })
        .collect()
}

#[tauri::command]
pub async fn units_page(
    reg: State<'_, Registry>,
    as_of: Option<String>,
    lang: Option<String>,
    query: Option<UnitQuery>,
) -> IpcResult<UnitList> {
    let d = self::as_of(as_of)?;
    reg.with(|s| {
        let r = s.registry()?;
        let facts = Facts::new(&r, d);
        Ok(views::units(
            &facts,
            lang_of(lang),
            &query.unwrap_or_default(),
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

#[tauri::command]
pub async fn form_choices(reg: State<'_, Registry>) -> IpcResult<FormChoices> {
    reg.with(|s| {
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

#[tauri::command]
pub async fn save_unit(reg: State<'_, Registry>, form: UnitForm) -> IpcResult<String> {
    let unit = form.to_unit()?;
    reg.with(|s| s.save_unit(unit))
}

/// How many children of each organization the tree lists.
const ORGS_PER_PARENT: usize = 200;

#[tauri::command]
pub async fn orgs_page(
    reg: State<'_, Registry>,
    as_of: Option<String>,
    lang: Option<String>,
) -> IpcResult<Vec<views::OrgRow>> {
    let d = self::as_of(as_of)?;
    reg.with(|s| {
        let r = s.registry()?;
        let facts = Facts::new(&r, d);
        Ok(views::orgs(&facts, lang_of(lang), ORGS_PER_PARENT))
    })
}

#[tauri::command]
pub async fn save_org(reg: State<'_, Registry>, form: OrgForm) -> IpcResult<String> {
    let org = form.to_org()?;
    reg.with(|s| s.save_org(org))
}

fn date_field(field: &str, text: &str) -> IpcResult<NaiveDate> {
    Ok(parse_date(text).map_err(|m| Error::invalid("organization", field, m))?)
}

#[tauri::command]
pub async fn dissolve_org(reg: State<'_, Registry>, id: String, on: String) -> IpcResult<()> {
    let on = date_field("dissolved_on", &on)?;
    reg.with(|s| s.dissolve_org(&id, on))
}

#[tauri::command]
pub async fn record_election(
    reg: State<'_, Registry>,
    id: String,
    on: String,
    committee_size: String,
) -> IpcResult<()> {
    let on = date_field("last_election_on", &on)?;
    let size: u32 = committee_size.trim().parse().map_err(|_| {
        Error::invalid(
            "organization",
            "committee_size",
            format!("“{committee_size}”不是 0 到 15 的整数"),
        )
    })?;
    reg.with(|s| s.record_election(&id, on, size))
}

/// How many people the people page lists.
const PEOPLE_SHOWN: usize = 500;

#[derive(Serialize)]
pub struct PeoplePage {
    rows: Vec<views::PersonRow>,
    total: usize,
}

#[tauri::command]
pub async fn people_page(reg: State<'_, Registry>) -> IpcResult<PeoplePage> {
    reg.with(|s| {
        let (rows, total) = views::people(&*s.registry()?, PEOPLE_SHOWN);
        Ok(PeoplePage { rows, total })
    })
}

#[tauri::command]
pub async fn save_person(reg: State<'_, Registry>, form: PersonForm) -> IpcResult<String> {
    let person = form.to_person()?;
    reg.with(|s| s.save_person(person))
}

#[tauri::command]
pub async fn history_page(
    reg: State<'_, Registry>,
    entity: Option<String>,
    text: Option<String>,
    limit: Option<usize>,
    lang: Option<String>,
) -> IpcResult<Vec<HistoryRow>> {
    reg.with(|s| {
        let entries =
            s.history_filtered(entity.as_deref(), text.as_deref(), limit.unwrap_or(500))?;
        Ok(views::history(
            &entries,
            &s.registry()?.index(),
            lang_of(lang),
        ))
    })
}

#[tauri::command]
pub async fn settings_page(reg: State<'_, Registry>) -> IpcResult<SettingsPage> {
    reg.with(|s| {
        Ok(SettingsPage {
            park: s.registry()?.park.clone(),
            operator: s.operator().to_string(),
            operator_saved: operator::saved().is_some(),
            version: env!("CARGO_PKG_VERSION"),
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
    version: &'static str,
}

/// Keeps the operator's name for the history; the name now in effect.
#[tauri::command]
pub async fn save_operator(reg: State<'_, Registry>, name: String) -> IpcResult<String> {
    let now = operator::save(&name)?;
    reg.with(|s| {
        s.set_operator(now.clone());
        Ok(now)
    })
}

#[tauri::command]
pub async fn save_settings(reg: State<'_, Registry>, form: ParkForm) -> IpcResult<()> {
    let park = form.to_park()?;
    reg.with(|s| s.set_park(park))
}
