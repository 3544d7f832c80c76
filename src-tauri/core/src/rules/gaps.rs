//! The gaps (DOMAIN.md "Gaps"): what is missing or due, as of a date, each
//! with a message that tells the clerk what to do, in Chinese or English.

use crate::model::*;
use crate::rules::facts::{election_due, Facts};
use crate::rules::ledger::{self, yuan};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Code {
    Uncovered,
    BranchRequired,
    JoinRequired,
    NoCommissioner,
    NoInstructor,
    InstructorNotMember,
    JointTooWide,
    CommitteeRequired,
    CommitteeSize,
    UpgradeSuggested,
    ElectionDue,
    ElectionOverdue,
    ElectionSeverelyOverdue,
    SecretaryVacant,
    GroupOrphaned,
    TemporaryStale,
    StarterFundUnpaid,
    StarterFundIneligible,
}

impl Code {
    #[must_use]
    pub fn severity(self) -> Severity {
        use Code::*;
        match self {
            Uncovered
            | BranchRequired
            | InstructorNotMember
            | CommitteeRequired
            | ElectionOverdue
            | ElectionSeverelyOverdue
            | GroupOrphaned
            | StarterFundIneligible => Severity::Error,
            UpgradeSuggested => Severity::Info,
            _ => Severity::Warning,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub code: Code,
    pub severity: Severity,
    pub unit: Option<String>,
    pub org: Option<String>,
    /// The name of the unit or organization, for display.
    pub name: String,
    pub message: String,
}

/// The detail of a gap, from which its message is written in either language.
enum Finding {
    Uncovered,
    BranchRequired {
        full: u32,
        status: Status,
    },
    JoinRequired {
        full: u32,
    },
    NoCommissioner,
    NoInstructor,
    InstructorNotMember {
        person: String,
    },
    JointTooWide {
        units: usize,
    },
    CommitteeRequired {
        full: u64,
    },
    CommitteeSize {
        size: u32,
    },
    UpgradeSuggested {
        members: u64,
        kind: OrgKind,
    },
    ElectionDue {
        due: NaiveDate,
    },
    ElectionOverdue {
        due: NaiveDate,
    },
    ElectionSeverelyOverdue {
        due: NaiveDate,
    },
    SecretaryVacant,
    GroupOrphaned,
    TemporaryStale,
    StarterFundUnpaid {
        paid: Fen,
        min: Fen,
    },
    StarterFundIneligible {
        voucher: String,
        date: NaiveDate,
        what: Vec<ledger::Disagreement>,
    },
}

impl Finding {
    fn code(&self) -> Code {
        match self {
            Finding::Uncovered => Code::Uncovered,
            Finding::BranchRequired { .. } => Code::BranchRequired,
            Finding::JoinRequired { .. } => Code::JoinRequired,
            Finding::NoCommissioner => Code::NoCommissioner,
            Finding::NoInstructor => Code::NoInstructor,
            Finding::InstructorNotMember { .. } => Code::InstructorNotMember,
            Finding::JointTooWide { .. } => Code::JointTooWide,
            Finding::CommitteeRequired { .. } => Code::CommitteeRequired,
            Finding::CommitteeSize { .. } => Code::CommitteeSize,
            Finding::UpgradeSuggested { .. } => Code::UpgradeSuggested,
            Finding::ElectionDue { .. } => Code::ElectionDue,
            Finding::ElectionOverdue { .. } => Code::ElectionOverdue,
            Finding::ElectionSeverelyOverdue { .. } => Code::ElectionSeverelyOverdue,
            Finding::SecretaryVacant => Code::SecretaryVacant,
            Finding::GroupOrphaned => Code::GroupOrphaned,
            Finding::TemporaryStale => Code::TemporaryStale,
            Finding::StarterFundUnpaid { .. } => Code::StarterFundUnpaid,
            Finding::StarterFundIneligible { .. } => Code::StarterFundIneligible,
        }
    }

    fn message(&self, lang: Lang) -> String {
        use Finding::*;
        let (zh, en) = match self {
            Uncovered => (
                "尚未实现党的组织覆盖和工作覆盖：有党员的成立或联建党组织，没有党员的选派党建指导员".to_string(),
                "Not covered: found or join a party organization, or send a party-building instructor".to_string(),
            ),
            BranchRequired { full, status } => (
                format!("有正式党员 {full} 名（≥3），应单独成立党支部（当前覆盖方式：{}）", crate::model::labels::status_zh(*status)),
                format!("{full} full members (3 or more): found its own branch (now: {status:?})"),
            ),
            JoinRequired { full } => (
                format!("正式党员 {full} 名（不足 3 名），应与邻近单位联合成立党支部"),
                format!("{full} full member(s), fewer than 3: join a joint branch with neighbouring units"),
            ),
            NoCommissioner => (
                "在建项目未配备项目专员，应按“一对一”选派".to_string(),
                "Project under construction without a commissioner: assign one (one-to-one)".to_string(),
            ),
            NoInstructor => (
                "在建项目未配备党建指导员，应选派".to_string(),
                "Project under construction without a party-building instructor: send one".to_string(),
            ),
            InstructorNotMember { person } => (
                format!("党建指导员“{person}”不是党员，应改派懂党务的党员干部"),
                format!("Instructor {person} is not a party member: send a party-member cadre instead"),
            ),
            JointTooWide { units } => (
                format!("联合党支部覆盖 {units} 个单位，超过 5 个，应拆分"),
                format!("Joint branch covers {units} units, more than 5: split it"),
            ),
            CommitteeRequired { full } => (
                format!("正式党员 {full} 名（≥7），应选举产生支部委员会（3至5人，最多7人）"),
                format!("{full} full members (7 or more): elect a branch committee of 3 to 5 (at most 7)"),
            ),
            CommitteeSize { size } => (
                format!("支部委员会 {size} 人，应为 3 至 7 人"),
                format!("Branch committee of {size}: it should have 3 to 7 members"),
            ),
            UpgradeSuggested { members, kind } => match kind {
                OrgKind::GeneralBranch => (
                    format!("党员 {members} 名（≥100），可成立基层党委"),
                    format!("{members} members (100 or more): may become a basic committee"),
                ),
                _ => (
                    format!("党员 {members} 名（超过 50 名），可成立党总支"),
                    format!("{members} members (more than 50): may become a general branch"),
                ),
            },
            ElectionDue { due } => (
                format!("任期将于 {} 届满，请准备换届选举", date_zh(*due)),
                format!("Term ends on {due}: prepare the election"),
            ),
            ElectionOverdue { due } => (
                format!("任期已于 {} 届满，应尽快换届（延期须经批准，最长 1 年）", date_zh(*due)),
                format!("Term ended on {due}: hold the election now (postponement needs approval, at most 1 year)"),
            ),
            ElectionSeverelyOverdue { due } => (
                format!("任期已于 {} 届满，超期 1 年以上，须立即换届", date_zh(*due)),
                format!("Term ended on {due}, more than a year ago: hold the election at once"),
            ),
            SecretaryVacant => (
                "书记空缺，应尽快配齐".to_string(),
                "No secretary: appoint or elect one".to_string(),
            ),
            GroupOrphaned => (
                "党小组没有存续的上级基层党组织，应明确隶属的党支部".to_string(),
                "Party group without an active basic parent: attach it to a branch".to_string(),
            ),
            TemporaryStale => (
                "临时党支部所在项目均已不在建设期，应撤销或转为正式党支部".to_string(),
                "None of the temporary branch's units is under construction: dissolve it or make it a branch".to_string(),
            ),
            StarterFundUnpaid { paid, min } => (
                format!("新建非公企业党组织启动资金未拨付到位：已拨 {}，应不少于 {}", yuan(*paid), yuan(*min)),
                format!("Starter fund not paid: {} paid, at least {} due", yuan(*paid), yuan(*min)),
            ),
            StarterFundIneligible { voucher, date, what } => {
                let (zh, en): (Vec<String>, Vec<String>) = what
                    .iter()
                    .map(|d| match d {
                        ledger::Disagreement::BelowMinimum { min } => (
                            format!("金额低于现行最低标准 {}", yuan(*min)),
                            format!("the amount is below today's minimum of {}", yuan(*min)),
                        ),
                        ledger::Disagreement::NotEligible => (
                            "按现有数据，该组织在拨付当日不符合启动资金条件（当日存续、有上级的基层党组织、覆盖非公有制企业、在起算日期后成立）".to_string(),
                            "with today's data the organization was not eligible or not active on that day".to_string(),
                        ),
                    })
                    .unzip();
                (
                    format!(
                        "{}拨付的启动资金（凭证 {voucher}）与后来更正的数据不符：{}；请核实，如确属错拨请冲销该笔",
                        date_zh(*date),
                        zh.join("；")
                    ),
                    format!(
                        "The starter fund paid on {date} (voucher {voucher}) no longer agrees with the corrected data: {}; check it and reverse the entry if it was paid in error",
                        en.join("; ")
                    ),
                )
            }
        };
        lang.pick(zh, en)
    }
}

/// A date as a Chinese office writes it: 2013年6月30日.
#[must_use]
pub fn date_zh(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

#[must_use]
pub fn find(reg: &Registry, d: NaiveDate, lang: Lang) -> Vec<Gap> {
    find_in(&Facts::new(reg, d), lang)
}

/// What a gap is about: a unit or an organization, by index.
#[derive(Clone, Copy)]
enum Subject {
    Unit(usize),
    Org(usize),
}

impl Subject {
    /// The gap `finding` makes about this subject, its message written.
    fn gap(self, facts: &Facts, finding: &Finding, lang: Lang) -> Gap {
        let (unit, org, name) = match self {
            Subject::Unit(u) => {
                let unit = &facts.reg.units[u];
                (Some(unit.id.clone()), None, unit.name.clone())
            }
            Subject::Org(o) => {
                let org = &facts.reg.organizations[o];
                (None, Some(org.id.clone()), org.name.clone())
            }
        };
        Gap {
            code: finding.code(),
            severity: finding.code().severity(),
            unit,
            org,
            name,
            message: finding.message(lang),
        }
    }
}

/// A finding with what it is listed by: severity, name, code.
type Found<'a> = (Severity, &'a str, Code, Subject, Finding);

/// The order gaps are listed in: most severe first, then by name and code
/// (then as found: sorts that use this are stable).
fn listing_order(a: &Found, b: &Found) -> std::cmp::Ordering {
    (a.0, a.1, a.2 as u8).cmp(&(b.0, b.1, b.2 as u8))
}

/// Every finding in the order gaps are listed, messages not yet written:
/// most of a large registry's are only counted.
fn sorted_findings<'a>(facts: &Facts<'a>) -> Vec<Found<'a>> {
    let mut found = findings(facts);
    found.sort_by(listing_order);
    found
}

/// Every finding as found: units, then organizations.
fn findings<'a>(facts: &Facts<'a>) -> Vec<Found<'a>> {
    let reg = facts.reg;
    let units = (0..reg.units.len()).flat_map(|u| {
        unit_findings(facts, u)
            .into_iter()
            .map(move |f| (reg.units[u].name.as_str(), Subject::Unit(u), f))
    });
    let orgs = (0..reg.organizations.len()).flat_map(|o| {
        org_findings(facts, o)
            .into_iter()
            .map(move |f| (reg.organizations[o].name.as_str(), Subject::Org(o), f))
    });
    units
        .chain(orgs)
        .map(|(name, subject, f)| (f.code().severity(), name, f.code(), subject, f))
        .collect()
}

/// Every gap as of the facts' date, most severe first, then by name.
#[must_use]
pub fn find_in(facts: &Facts, lang: Lang) -> Vec<Gap> {
    sorted_findings(facts)
        .iter()
        .map(|(_, _, _, subject, f)| subject.gap(facts, f, lang))
        .collect()
}

/// The first `n` gaps of each severity, in `find_in`'s order, and how
/// many there are of each (error, warning, info); only the gaps returned
/// get their messages written.
pub fn first_of_each_severity(facts: &Facts, lang: Lang, n: usize) -> (Vec<Gap>, [usize; 3]) {
    let mut by_severity: [Vec<(usize, Found)>; 3] = Default::default();
    for (i, found) in findings(facts).into_iter().enumerate() {
        by_severity[found.0 as usize].push((i, found));
    }
    let counts = by_severity.each_ref().map(Vec::len);
    // Only the first n of each are put in order: a large registry has
    // tens of thousands of findings, and sorting them all by name costs
    // more than finding them.
    let in_order =
        |a: &(usize, Found), b: &(usize, Found)| listing_order(&a.1, &b.1).then(a.0.cmp(&b.0));
    let shown = by_severity
        .into_iter()
        .flat_map(|mut found| {
            if found.len() > n {
                found.select_nth_unstable_by(n, in_order);
                found.truncate(n);
            }
            found.sort_unstable_by(in_order);
            found
        })
        .map(|(_, (.., subject, f))| subject.gap(facts, &f, lang))
        .collect();
    (shown, counts)
}

/// The gaps of unit `u` (by index), unsorted.
#[must_use]
pub fn unit_gaps(facts: &Facts, u: usize, lang: Lang) -> Vec<Gap> {
    unit_findings(facts, u)
        .iter()
        .map(|f| Subject::Unit(u).gap(facts, f, lang))
        .collect()
}

/// The gaps of organization `o` (by index), unsorted.
#[must_use]
pub fn org_gaps(facts: &Facts, o: usize, lang: Lang) -> Vec<Gap> {
    org_findings(facts, o)
        .iter()
        .map(|f| Subject::Org(o).gap(facts, f, lang))
        .collect()
}

/// The codes of unit `u`'s gaps, without writing their messages.
pub fn unit_codes(facts: &Facts, u: usize) -> Vec<Code> {
    unit_findings(facts, u).iter().map(Finding::code).collect()
}

fn unit_findings(facts: &Facts, u: usize) -> Vec<Finding> {
    let Some(status) = facts.status[u] else {
        return Vec::new();
    };
    let unit = &facts.reg.units[u];
    let full = unit.full_members;
    let mut out = Vec::new();
    if status == Status::None {
        out.push(Finding::Uncovered);
    }
    if full >= 3 && status != Status::Own {
        out.push(Finding::BranchRequired { full, status });
    }
    if (1..=2).contains(&full) && matches!(status, Status::None | Status::Instructor) {
        out.push(Finding::JoinRequired { full });
    }
    if unit.stage == Stage::Construction {
        if unit.commissioner.is_none() {
            out.push(Finding::NoCommissioner);
        }
        if unit.instructor.is_none() {
            out.push(Finding::NoInstructor);
        }
    }
    if let Some(person) = unit
        .instructor
        .as_deref()
        .and_then(|id| facts.index.person(id))
    {
        if !person.party_member {
            out.push(Finding::InstructorNotMember {
                person: person.name.clone(),
            });
        }
    }
    out
}

fn org_findings(facts: &Facts, o: usize) -> Vec<Finding> {
    let org = &facts.reg.organizations[o];
    // About past payments: holds whether or not the organization is still active.
    let mut out: Vec<Finding> = facts
        .starter_funds(o)
        .iter()
        .filter_map(|e| {
            let what = ledger::starter_fund_disagreements(facts.reg, &facts.index, org, e);
            (!what.is_empty()).then(|| Finding::StarterFundIneligible {
                voucher: e.voucher.clone(),
                date: e.date,
                what,
            })
        })
        .collect();
    if !facts.org_active[o] {
        return out;
    }
    let d = facts.date;
    let members = facts.members(o);
    let units = facts.org_units[o].len();
    if org.kind == OrgKind::JointBranch && units > 5 {
        out.push(Finding::JointTooWide { units });
    }
    if org.kind.is_branch_level() {
        if members.full >= 7 && org.committee_size == 0 {
            out.push(Finding::CommitteeRequired { full: members.full });
        }
        if org.committee_size != 0 && !(3..=7).contains(&org.committee_size) {
            out.push(Finding::CommitteeSize {
                size: org.committee_size,
            });
        }
    }
    let upgrade = (org.kind.is_branch_level() && members.all() > 50)
        || (org.kind == OrgKind::GeneralBranch && members.all() >= 100);
    if upgrade {
        out.push(Finding::UpgradeSuggested {
            members: members.all(),
            kind: org.kind,
        });
    }
    if let Some(due) = election_due(org) {
        if d >= crate::rules::facts::add_years(due, 1) {
            out.push(Finding::ElectionSeverelyOverdue { due });
        } else if d >= due {
            out.push(Finding::ElectionOverdue { due });
        } else if d >= due - chrono::Duration::days(90) {
            out.push(Finding::ElectionDue { due });
        }
    }
    if org.kind.is_basic() && org.secretary.is_none() {
        out.push(Finding::SecretaryVacant);
    }
    if org.kind == OrgKind::Group && facts.active_basic_parent(o).is_none() {
        out.push(Finding::GroupOrphaned);
    }
    if org.kind == OrgKind::TemporaryBranch
        && !facts.org_units[o]
            .iter()
            .any(|&u| facts.reg.units[u].stage == Stage::Construction)
    {
        out.push(Finding::TemporaryStale);
    }
    if let Some(paid) = ledger::starter_fund_unpaid(facts, o) {
        out.push(Finding::StarterFundUnpaid {
            paid,
            min: facts.reg.park.starter_fund_min_fen,
        });
    }
    out
}
