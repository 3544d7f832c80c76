//! The data of the units, organizations, people, history and settings
//! pages, and their saves. Each command reads the core's answer and shapes
//! it for the page; every rule stays in the core.

use crate::commands::{as_of, Choice, Registry};
use crate::error::IpcResult;
use chrono::NaiveDate;
use parkreg_core::facts::{election_due, Facts, Status};
use parkreg_core::forms::{OrgForm, ParkForm, PersonForm, UnitForm};
use parkreg_core::gaps::{self, Code, Lang, Severity};
use parkreg_core::model::*;
use parkreg_core::store::AuditEntry;
use parkreg_core::{document, Error};
use serde::Serialize;
use std::collections::HashMap;
use tauri::State;

fn lang_of(lang: Option<String>) -> Lang {
    Lang::parse(lang.as_deref().unwrap_or("zh"))
}

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

#[derive(Serialize)]
pub struct GapTag {
    code: Code,
    severity: Severity,
    message: String,
}

/// Gaps by the unit (`u:ID`) or organization (`o:ID`) they are about.
fn gap_tags(facts: &Facts, lang: Lang) -> HashMap<String, Vec<GapTag>> {
    let mut by: HashMap<String, Vec<GapTag>> = HashMap::new();
    for g in gaps::find_in(facts, lang) {
        let key = g
            .unit
            .map(|u| format!("u:{u}"))
            .or(g.org.map(|o| format!("o:{o}")));
        by.entry(key.unwrap_or_default()).or_default().push(GapTag {
            code: g.code,
            severity: g.severity,
            message: g.message,
        });
    }
    by
}

#[derive(Serialize)]
pub struct UnitRow {
    #[serde(flatten)]
    unit: Unit,
    active: bool,
    status: Option<Status>,
    gaps: Vec<GapTag>,
    commissioner_name: Option<String>,
    instructor_name: Option<String>,
    organizations: Vec<String>,
}

#[derive(Serialize)]
pub struct UnitsPage {
    units: Vec<UnitRow>,
    people: Vec<PersonChoice>,
}

#[tauri::command]
pub fn units_page(
    reg: State<Registry>,
    as_of: Option<String>,
    lang: Option<String>,
) -> IpcResult<UnitsPage> {
    let d = self::as_of(as_of)?;
    reg.with(|s| {
        let r = s.registry()?;
        let facts = Facts::new(&r, d);
        let mut gaps = gap_tags(&facts, lang_of(lang));
        let name = |p: &Option<String>| {
            p.as_deref()
                .and_then(|id| r.person(id))
                .map(|p| p.name.clone())
        };
        let units = r
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| UnitRow {
                active: facts.unit_active[i],
                status: facts.status[i],
                gaps: gaps.remove(&format!("u:{}", u.id)).unwrap_or_default(),
                commissioner_name: name(&u.commissioner),
                instructor_name: name(&u.instructor),
                organizations: facts.unit_orgs[i]
                    .iter()
                    .map(|&o| r.organizations[o].name.clone())
                    .collect(),
                unit: u.clone(),
            })
            .collect();
        Ok(UnitsPage {
            units,
            people: people_choices(&r),
        })
    })
}

#[tauri::command]
pub fn save_unit(reg: State<Registry>, form: UnitForm) -> IpcResult<String> {
    let unit = form.to_unit()?;
    reg.with(|s| s.save_unit(unit))
}

#[derive(Serialize)]
pub struct OrgRow {
    #[serde(flatten)]
    org: Organization,
    active: bool,
    full_members: u64,
    probationary_members: u64,
    unit_names: Vec<String>,
    secretary_name: Option<String>,
    election_due: Option<NaiveDate>,
    gaps: Vec<GapTag>,
}

#[derive(Serialize)]
pub struct OrgsPage {
    organizations: Vec<OrgRow>,
    units: Vec<Choice>,
    people: Vec<PersonChoice>,
}

#[tauri::command]
pub fn orgs_page(
    reg: State<Registry>,
    as_of: Option<String>,
    lang: Option<String>,
) -> IpcResult<OrgsPage> {
    let d = self::as_of(as_of)?;
    reg.with(|s| {
        let r = s.registry()?;
        let facts = Facts::new(&r, d);
        let mut gaps = gap_tags(&facts, lang_of(lang));
        let organizations = r
            .organizations
            .iter()
            .enumerate()
            .map(|(o, org)| {
                let members = facts.members(o);
                OrgRow {
                    active: facts.org_active[o],
                    full_members: members.full,
                    probationary_members: members.probationary,
                    unit_names: org
                        .units
                        .iter()
                        .filter_map(|u| r.unit(u))
                        .map(|u| u.name.clone())
                        .collect(),
                    secretary_name: org
                        .secretary
                        .as_deref()
                        .and_then(|p| r.person(p))
                        .map(|p| p.name.clone()),
                    election_due: election_due(org),
                    gaps: gaps.remove(&format!("o:{}", org.id)).unwrap_or_default(),
                    org: org.clone(),
                }
            })
            .collect();
        Ok(OrgsPage {
            organizations,
            units: r
                .units
                .iter()
                .map(|u| Choice::new(&u.id, &u.name))
                .collect(),
            people: people_choices(&r),
        })
    })
}

#[tauri::command]
pub fn save_org(reg: State<Registry>, form: OrgForm) -> IpcResult<String> {
    let org = form.to_org()?;
    reg.with(|s| s.save_org(org))
}

fn date_field(field: &str, text: &str) -> IpcResult<NaiveDate> {
    Ok(document::parse_date(text).map_err(|m| Error::invalid("organization", field, m))?)
}

#[tauri::command]
pub fn dissolve_org(reg: State<Registry>, id: String, on: String) -> IpcResult<()> {
    let on = date_field("dissolved_on", &on)?;
    reg.with(|s| s.dissolve_org(&id, on))
}

#[tauri::command]
pub fn record_election(
    reg: State<Registry>,
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

#[derive(Serialize)]
pub struct PersonRow {
    #[serde(flatten)]
    person: Person,
    commissioner_of: Vec<String>,
    instructor_of: Vec<String>,
    secretary_of: Vec<String>,
}

#[tauri::command]
pub fn people_page(reg: State<Registry>) -> IpcResult<Vec<PersonRow>> {
    reg.with(|s| {
        let r = s.registry()?;
        let units_where = |pick: fn(&Unit) -> &Option<String>, id: &str| -> Vec<String> {
            r.units
                .iter()
                .filter(|u| pick(u).as_deref() == Some(id))
                .map(|u| u.name.clone())
                .collect()
        };
        Ok(r.people
            .iter()
            .map(|p| PersonRow {
                commissioner_of: units_where(|u| &u.commissioner, &p.id),
                instructor_of: units_where(|u| &u.instructor, &p.id),
                secretary_of: r
                    .organizations
                    .iter()
                    .filter(|o| o.secretary.as_deref() == Some(p.id.as_str()))
                    .map(|o| o.name.clone())
                    .collect(),
                person: p.clone(),
            })
            .collect())
    })
}

#[tauri::command]
pub fn save_person(reg: State<Registry>, form: PersonForm) -> IpcResult<String> {
    let person = form.to_person()?;
    reg.with(|s| s.save_person(person))
}

#[tauri::command]
pub fn history_page(
    reg: State<Registry>,
    entity: Option<String>,
    text: Option<String>,
    limit: Option<usize>,
) -> IpcResult<Vec<AuditEntry>> {
    reg.with(|s| s.history_filtered(entity.as_deref(), text.as_deref(), limit.unwrap_or(500)))
}

#[tauri::command]
pub fn settings_page(reg: State<Registry>) -> IpcResult<Park> {
    reg.with(|s| Ok(s.registry()?.park))
}

#[tauri::command]
pub fn save_settings(reg: State<Registry>, form: ParkForm) -> IpcResult<()> {
    let park = form.to_park()?;
    reg.with(|s| s.set_park(park))
}
