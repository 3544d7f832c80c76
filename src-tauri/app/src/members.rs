//! The 党员 page's commands: the roster at the 统计日期, one member for
//! the dialog, saving a member, the status actions (转正, 延长预备期, 失联,
//! 停止党籍, 转出/出党) and turning the park's roster on or off. Every rule
//! stays in the core (`views::members`, `MemberForm`, `Store::save_member`,
//! `Store::member_action`).

use crate::commands::{as_of, typed_date, Viewing};
use crate::error::IpcResult;
use crate::pages::Form;
use crate::Ctx;
use chrono::NaiveDate;
use parkreg_core::exchange::member_form::MemberForm;
use parkreg_core::model::dates::parse_typed;
use parkreg_core::model::members::{LeftReason, MemberStatus};
use parkreg_core::store::MemberAction;
use parkreg_core::views::members::{self, MemberList, MemberQuery, Reconcile};
use parkreg_core::Error;
use serde::{Deserialize, Serialize};

/// How many units the reconciliation table lists at most.
const RECONCILE_SHOWN: usize = 500;

#[derive(Deserialize)]
pub struct MembersPage {
    #[serde(flatten)]
    viewing: Viewing,
    query: Option<MemberQuery>,
}

#[derive(Serialize)]
pub struct MembersAnswer {
    #[serde(flatten)]
    list: MemberList,
    /// The date the list is as of (the page compares the marks' dates).
    as_of: NaiveDate,
    /// Whether the park keeps its roster (every member count from it).
    roster: bool,
    /// When it does not: the units whose typed or roster counts are not
    /// zero, typed beside roster (at most [`RECONCILE_SHOWN`]).
    reconcile: Vec<Reconcile>,
    /// How many units have counts to reconcile.
    reconcile_total: usize,
    /// How many of them differ.
    reconcile_differ: usize,
}

pub fn members_page(ctx: &Ctx, a: MembersPage) -> IpcResult<MembersAnswer> {
    let d = as_of(a.viewing.as_of)?;
    ctx.reg().with(|s| {
        let r = s.registry()?;
        let list = members::members(&r, d, &a.query.unwrap_or_default());
        let roster = r.park.roster;
        let (reconcile, total, differ) = if roster {
            (Vec::new(), 0, 0)
        } else {
            members::reconcile(&r, d, RECONCILE_SHOWN)
        };
        Ok(MembersAnswer {
            list,
            as_of: d,
            roster,
            reconcile,
            reconcile_total: total,
            reconcile_differ: differ,
        })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    id: String,
    #[serde(flatten)]
    viewing: Viewing,
}

/// One member for the dialog: the form (the whole ID number: the dialog
/// edits it) and where the membership stands at D (for the actions).
#[derive(Serialize)]
pub struct MemberDetail {
    form: MemberForm,
    status: Option<MemberStatus>,
    probation_extended_to: Option<NaiveDate>,
    lost_contact_on: Option<NaiveDate>,
    stopped_on: Option<NaiveDate>,
    left_on: Option<NaiveDate>,
    left_reason: Option<LeftReason>,
}

pub fn member_detail(ctx: &Ctx, a: Member) -> IpcResult<MemberDetail> {
    let d = as_of(a.viewing.as_of)?;
    ctx.reg().with(|s| {
        let r = s.registry()?;
        let p = r
            .person(&a.id)
            .ok_or_else(|| Error::NotFound(format!("人员“{}”", a.id)))?;
        let m = p.membership.as_ref();
        Ok(MemberDetail {
            form: MemberForm::of(p),
            status: m.map(|m| m.status_at(d)),
            probation_extended_to: m.and_then(|m| m.probation_extended_to),
            lost_contact_on: m.and_then(|m| m.lost_contact_on),
            stopped_on: m.and_then(|m| m.stopped_on),
            left_on: m.and_then(|m| m.left_on),
            left_reason: m.and_then(|m| m.left_reason),
        })
    })
}

pub fn save_member(ctx: &Ctx, mut a: Form<MemberForm>) -> IpcResult<String> {
    for field in [
        &mut a.form.joined_on,
        &mut a.form.full_on,
        &mut a.form.arrived_on,
    ] {
        typed_date(field);
    }
    ctx.reg().with(|s| {
        let stored = match a.form.id.trim() {
            "" => None,
            id => Some(
                s.registry()?
                    .person(id)
                    .cloned()
                    .ok_or_else(|| Error::NotFound(format!("人员“{id}”")))?,
            ),
        };
        let person = a.form.to_person(stored.as_ref())?;
        s.save_member(person)
    })
}

#[derive(Deserialize)]
pub struct Action {
    id: String,
    /// full, extend, lost, stop or leave.
    action: String,
    /// The action's date as typed.
    on: String,
    /// For leave: transferred_out, withdrew, removed, expelled or died.
    reason: Option<String>,
}

/// The membership field an action's date is.
fn date_field(action: &str) -> &'static str {
    match action {
        "full" => "full_on",
        "extend" => "probation_extended_to",
        "lost" => "lost_contact_on",
        "stop" => "stopped_on",
        _ => "left_on",
    }
}

pub fn member_action(ctx: &Ctx, a: Action) -> IpcResult<()> {
    let field = date_field(&a.action);
    let on = parse_typed(&a.on).map_err(|m| Error::invalid("member", field, m))?;
    let action = match a.action.as_str() {
        "full" => MemberAction::Full { on },
        "extend" => MemberAction::Extend { to: on },
        "lost" => MemberAction::LostContact { since: on },
        "stop" => MemberAction::Stop { on },
        "leave" => {
            let code = a.reason.unwrap_or_default();
            let reason: LeftReason =
                serde_json::from_value(serde_json::Value::String(code.clone())).map_err(|_| {
                    Error::invalid(
                        "member",
                        "left_reason",
                        format!("请选择离开的原因（“{code}”）"),
                    )
                })?;
            MemberAction::Leave { on, reason }
        }
        other => {
            return Err(Error::invalid("member", "action", format!("没有“{other}”这项操作")).into())
        }
    };
    ctx.reg().with(|s| s.member_action(&a.id, action))
}

#[derive(Deserialize)]
pub struct Roster {
    on: bool,
}

/// Turns the park's roster on or off, every other park setting kept.
pub fn set_roster(ctx: &Ctx, a: Roster) -> IpcResult<()> {
    ctx.reg().with(|s| {
        let mut park = s.registry()?.park.clone();
        if park.roster == a.on {
            return Ok(());
        }
        park.roster = a.on;
        s.set_park(park)
    })
}
