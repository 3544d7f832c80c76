//! The checks on meeting records (DOMAIN.md "Organizational life"): those
//! every state must pass, and those asked only when a record is made.

use crate::model::dates::date_problem;
use crate::model::problem::Problem;
use crate::model::*;
use crate::rules::facts::org_active;
use crate::rules::life::kind_fits;
use std::collections::HashSet;

pub const MAX_TOPIC_CHARS: usize = 200;
pub const MAX_NOTE_CHARS: usize = 1_000;

/// What is wrong with record `m` (at `path`) in any state: its
/// organization and host exist, the date is one the registry holds, the
/// counts and hours fit its kind. (Not after today: `validate::state`.)
pub fn record(
    out: &mut Vec<Problem>,
    path: &str,
    m: &Meeting,
    orgs: &HashSet<&str>,
    people: &HashSet<&str>,
) {
    let mut problem = |field: &str, msg: String| out.push(Problem::new(path, field, msg));
    if !orgs.contains(m.org.as_str()) {
        problem("org", format!("党组织“{}”不存在", m.org));
    }
    if let Some(host) = &m.host {
        if !people.contains(host.as_str()) {
            problem("host", format!("主持人“{host}”不在人员名单中"));
        }
    }
    if let Some(msg) = date_problem(m.date) {
        problem("date", msg);
    }
    match (m.kind, m.expected) {
        (MeetingKind::Training, _) if m.attended == 0 => {
            problem("attended", "培训的参训人次应至少为 1".into())
        }
        (MeetingKind::Training, None) => {}
        (_, None) | (_, Some(0)) => problem("expected", "应到人数应至少为 1".into()),
        _ => {}
    }
    if let Some(expected) = m.expected.filter(|&e| m.attended > e && e > 0) {
        problem(
            "attended",
            format!("实到 {} 人多于应到 {expected} 人", m.attended),
        );
    }
    if m.hours.0 > MAX_HOURS_TENTHS {
        problem("hours", format!("学时 {} 应在 0 到 24 之间", m.hours));
    } else if m.kind.needs_hours() && m.hours.0 == 0 {
        problem(
            "hours",
            format!("{}应填写学时（大于 0）", labels::meeting_kind_zh(m.kind)),
        );
    }
    let chars = |t: &str| t.chars().count();
    if chars(&m.topic) > MAX_TOPIC_CHARS {
        problem("topic", format!("主题最多 {MAX_TOPIC_CHARS} 个字"));
    }
    if chars(&m.note) > MAX_NOTE_CHARS {
        problem("note", format!("备注最多 {MAX_NOTE_CHARS} 个字"));
    }
}

/// What is wrong with making record `m` now (adding it, or changing its
/// organization, kind or date): the organization is active on the date
/// and the kind fits it. Not asked on load, nor of records that later
/// changes to the organization no longer fit.
#[must_use]
pub fn made(reg: &Registry, m: &Meeting) -> Vec<Problem> {
    let Some(org) = reg.org(&m.org) else {
        return Vec::new(); // the state check names the missing organization
    };
    let mut out = Vec::new();
    if !org_active(org, m.date) {
        let when = match org.dissolved_on {
            Some(d) if d <= m.date => format!("已于 {d} 撤销"),
            _ => format!("成立于 {}", org.founded_on),
        };
        out.push(Problem::new(
            "meeting",
            "date",
            format!("“{}”在 {} 不是存续的党组织（{when}）", org.name, m.date),
        ));
    }
    if !kind_fits(m.kind, org) {
        let why = match m.kind {
            MeetingKind::GroupMeeting => "党小组会只能由党小组召开",
            MeetingKind::CommitteeMeeting => "支部委员会会议只能由设有支部委员会的支部召开",
            _ => "党小组不是基层党组织，不单独召开此类会议",
        };
        out.push(Problem::new(
            "meeting",
            "kind",
            format!(
                "“{}”（{}）不能登记{}：{why}",
                org.name,
                labels::org_kind_zh(org.kind),
                labels::meeting_kind_zh(m.kind)
            ),
        ));
    }
    out
}
