//! Generated registries for scale tests and benchmarks: N units with the
//! proportions of a real district (mostly small non-public enterprises,
//! some projects under construction), organizations built singly, jointly
//! and as groups, people, budgets and a ledger. Deterministic for a seed,
//! and valid by construction (the tests load what it makes).

use crate::model::*;
use chrono::{Datelike, NaiveDate};

/// A small deterministic generator (SplitMix64); no dependency, same
/// numbers on every platform.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn date(&mut self, from_year: i32, years: u64) -> NaiveDate {
        let start = NaiveDate::from_ymd_opt(from_year, 1, 1).expect("valid");
        start + chrono::Duration::days(self.below(years * 365) as i64)
    }
}

const TOWNS: [&str; 6] = [
    "沙文镇",
    "麦架镇",
    "都拉乡",
    "牛场乡",
    "艳山红镇",
    "大山洞镇",
];
const TRADES: [&str; 10] = [
    "铝业",
    "铝材",
    "新材料",
    "机械",
    "物流",
    "电子",
    "建材",
    "化工",
    "食品",
    "科技",
];
const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
];

/// A registry of `n` enterprises and projects (plus the park
/// administration), as of 2024, for seed `seed`.
#[must_use]
pub fn registry(n: usize, seed: u64) -> Registry {
    let mut rng = Rng(seed);
    let mut park = Park::new(&format!("合成园区（{n} 个单位，种子 {seed}）"));
    park.district = "合成区".into();
    let mut reg = Registry::empty(park);

    // People: a commissioner for every tenth unit, instructors, secretaries.
    let people = (n / 4).max(8);
    for i in 0..people {
        let surname = SURNAMES[i % SURNAMES.len()];
        reg.people.push(Person {
            id: format!("p{}", i + 1),
            name: format!("{surname}合成{}", i + 1),
            party_member: !rng.chance(15),
            phone: None,
            unit_name: None,
            ..Person::default()
        });
    }
    let person = |rng: &mut Rng| format!("p{}", 1 + rng.below(people as u64));

    reg.units.push(Unit {
        id: "u0".into(),
        name: "合成园区管理委员会".into(),
        kind: UnitKind::Organ,
        ownership: Ownership::State,
        stage: Stage::Operating,
        credit_code: None,
        employees: 60,
        full_members: 20,
        probationary_members: 2,
        town: Some(TOWNS[0].into()),
        village: None,
        key_project: false,
        commissioner: None,
        instructor: None,
        started_on: Some(NaiveDate::from_ymd_opt(2009, 1, 1).expect("valid")),
        closed_on: None,
        wholly_owned: false,
        legal_rep_member: false,
        legal_rep_secretary: false,
    });
    for i in 1..=n {
        let project = rng.chance(15);
        let construction = project && rng.chance(70);
        let ownership = match rng.below(100) {
            0..=69 => Ownership::Private,
            70..=74 => Ownership::Hmt,
            75..=79 => Ownership::Foreign,
            80..=89 => Ownership::State,
            90..=96 => Ownership::Collective,
            _ => Ownership::Other,
        };
        let employees = match rng.below(10) {
            0..=5 => 5 + rng.below(50),
            6..=8 => 50 + rng.below(300),
            _ => 300 + rng.below(3000),
        } as u32;
        // Most small enterprises have no or few members.
        let full = match rng.below(10) {
            0..=3 => 0,
            4..=6 => 1 + rng.below(2),
            7..=8 => 3 + rng.below(10),
            _ => 10 + rng.below(60),
        } as u32;
        let started = rng.date(2005, 19);
        let closed = rng
            .chance(3)
            .then(|| started + chrono::Duration::days(200 + rng.below(2000) as i64));
        let trade = TRADES[rng.below(TRADES.len() as u64) as usize];
        let kind_word = if project { "项目" } else { "有限公司" };
        reg.units.push(Unit {
            id: format!("u{i}"),
            name: format!("合成{trade}{kind_word}{i:06}"),
            kind: if project {
                UnitKind::Project
            } else {
                UnitKind::Enterprise
            },
            ownership,
            stage: if construction {
                Stage::Construction
            } else {
                Stage::Operating
            },
            credit_code: rng.chance(60).then(|| credit_code_for(i)),
            employees,
            full_members: full,
            probationary_members: (full > 0 && rng.chance(30)) as u32,
            town: Some(TOWNS[rng.below(TOWNS.len() as u64) as usize].into()),
            village: None,
            key_project: rng.chance(10),
            commissioner: (construction && rng.chance(85)).then(|| person(&mut rng)),
            instructor: rng.chance(25).then(|| person(&mut rng)),
            started_on: Some(started),
            closed_on: closed,
            // From the unit's number, not the random stream, so that the
            // rest of a generated park stays as it was.
            wholly_owned: ownership.is_non_public() && i % 5 < 2,
            legal_rep_member: full > 0 && i % 7 == 0,
            legal_rep_secretary: full > 0 && i % 14 == 0,
        });
    }

    // The park committee, the organ branch, then organizations for units.
    let founded = NaiveDate::from_ymd_opt(2009, 6, 1).expect("valid");
    let org = |id: String,
               name: String,
               kind: OrgKind,
               parent: Option<&str>,
               units: Vec<String>,
               founded_on: NaiveDate,
               secretary: Option<String>| Organization {
        id,
        name,
        kind,
        parent: parent.map(String::from),
        units,
        founded_on,
        dissolved_on: None,
        approval_doc: None,
        secretary,
        committee_size: 0,
        last_election_on: None,
    };
    reg.organizations.push(org(
        "o1".into(),
        "合成园区党委".into(),
        OrgKind::Committee,
        None,
        vec![],
        founded,
        Some("p1".into()),
    ));
    reg.organizations.push(org(
        "o2".into(),
        "合成园区机关党支部".into(),
        OrgKind::Branch,
        Some("o1"),
        vec!["u0".into()],
        founded,
        Some("p2".into()),
    ));
    let mut next = 3;
    let mut pending_joint: Vec<String> = Vec::new();
    let mut last_branch = "o2".to_string();
    for i in 1..=n {
        let u = &reg.units[i];
        let id = u.id.clone();
        let start = u.started_on.expect("set above");
        let f = start + chrono::Duration::days(rng.below(700) as i64);
        let secretary = rng.chance(92).then(|| person(&mut rng));
        let oid = format!("o{next}");
        if u.full_members >= 3 && rng.chance(80) {
            let kind = if u.stage == Stage::Construction {
                OrgKind::TemporaryBranch
            } else {
                OrgKind::Branch
            };
            let mut o = org(
                oid.clone(),
                format!("{}党支部", u.name),
                kind,
                Some("o1"),
                vec![id],
                f,
                secretary,
            );
            o.committee_size = if u.full_members >= 7 && rng.chance(85) {
                3 + rng.below(3) as u32
            } else {
                0
            };
            o.last_election_on = (kind == OrgKind::Branch && rng.chance(60))
                .then(|| f + chrono::Duration::days(1000 + rng.below(800) as i64));
            reg.organizations.push(o);
            last_branch = oid;
            next += 1;
        } else if u.full_members > 0 && rng.chance(70) {
            pending_joint.push(id);
            if pending_joint.len() >= 2 + rng.below(4) as usize {
                let units = std::mem::take(&mut pending_joint);
                reg.organizations.push(org(
                    oid,
                    format!("合成联合党支部{next}"),
                    OrgKind::JointBranch,
                    Some("o1"),
                    units,
                    f,
                    secretary,
                ));
                next += 1;
            }
        } else if u.full_members == 0 && rng.chance(20) {
            reg.organizations.push(org(
                oid,
                format!("{}党小组", u.name),
                OrgKind::Group,
                Some(&last_branch),
                vec![id],
                f,
                secretary,
            ));
            next += 1;
        }
    }
    // Organizations cannot be founded before their units start, nor be
    // dated later than the registry's "now": clamp to a valid window.
    let latest = NaiveDate::from_ymd_opt(2024, 6, 30).expect("valid");
    for o in &mut reg.organizations {
        o.founded_on = o.founded_on.min(latest);
        if let Some(e) = o.last_election_on {
            o.last_election_on = (e <= latest && e >= o.founded_on).then_some(e);
        }
    }

    // Money: a budget per year, starter funds to most new non-public
    // organizations, and activity spending, all within the budgets.
    for year in 2012..=2024 {
        reg.budgets.push(Budget {
            year,
            amount_fen: 100_000 * 100 + (n as i64 * 2_500 * 100),
            source: DEFAULT_BUDGET_SOURCE.into(),
        });
    }
    // Candidates in date order, kept only where the ledger's own rules
    // accept them (eligibility on the date, the budget, one fund each).
    let mut candidates: Vec<LedgerEntry> = Vec::new();
    let facts = crate::rules::facts::Facts::new(&reg, latest);
    for (o, org) in reg.organizations.iter().enumerate() {
        if facts.starter_fund_eligible(o) && rng.chance(85) {
            let date =
                (org.founded_on + chrono::Duration::days(10 + rng.below(60) as i64)).min(latest);
            candidates.push(LedgerEntry {
                id: String::new(),
                date,
                purpose: Purpose::StarterFund,
                org: Some(org.id.clone()),
                amount_fen: DEFAULT_STARTER_FUND_MIN_FEN,
                voucher: String::new(),
                note: "启动资金".into(),
                reverses: None,
            });
        }
    }
    for _ in 0..n / 10 {
        candidates.push(LedgerEntry {
            id: String::new(),
            date: rng.date(2012, 12).min(latest),
            purpose: [Purpose::Activity, Purpose::Training, Purpose::Facility]
                [rng.below(3) as usize],
            org: None,
            amount_fen: 10_000 + rng.below(200_000) as Fen,
            voucher: String::new(),
            note: "合成支出".into(),
            reverses: None,
        });
    }
    candidates.sort_by_key(|e| e.date);
    for (i, e) in candidates.iter_mut().enumerate() {
        e.id = format!("d{}", i + 1);
        e.voucher = format!("SYN-{:07}", i + 1);
    }
    let accepted = {
        let mut state = crate::rules::ledger::LedgerState::new(&reg);
        let mut accepted = Vec::new();
        for e in &candidates {
            if state.check(&reg, e, latest, "").is_empty() {
                state.apply(e);
                accepted.push(e.clone());
            }
        }
        accepted
    };
    reg.ledger = accepted;
    reg.meetings = meetings(&reg, &mut rng, latest);
    reg
}

/// Three years of organizational life up to `latest`: each due meeting
/// held with a chance of nine in ten (so the compliance rate is about
/// 0.9), and a monthly weekend classroom under the park committee.
fn meetings(reg: &Registry, rng: &mut Rng, latest: NaiveDate) -> Vec<Meeting> {
    use crate::rules::life::{Frequency, Rule};
    let from = NaiveDate::from_ymd_opt(latest.year() - 3, latest.month(), 1).expect("valid");
    let mut out = Vec::new();
    let mut record = |rng: &mut Rng, org: &Organization, kind: MeetingKind, date: NaiveDate| {
        let expected = 3 + rng.below(30) as u32;
        let training = kind == MeetingKind::Training;
        out.push(Meeting {
            id: String::new(),
            org: org.id.clone(),
            kind,
            date,
            topic: format!("{}（合成）", labels::meeting_kind_zh(kind)),
            expected: (!training).then_some(expected),
            attended: if training {
                20 + rng.below(30) as u32
            } else {
                expected - rng.below(3).min(expected as u64 - 1) as u32
            },
            hours: Hours(if kind.needs_hours() {
                10 + 5 * rng.below(4) as u32
            } else {
                0
            }),
            host: org.secretary.clone(),
            note: String::new(),
        });
    };
    let periods = |f: Frequency| {
        std::iter::successors(Some(f.containing(from)), move |p| {
            Some(f.containing(p.last.succ_opt()?)).filter(|n| n.first <= latest)
        })
    };
    for org in &reg.organizations {
        for rule in Rule::ALL.into_iter().filter(|r| r.binds(org)) {
            for p in periods(rule.frequency(&reg.park)) {
                if org.founded_on <= p.first && rng.chance(90) {
                    let days = (p.last.min(latest) - p.first).num_days() as u64 + 1;
                    let date = p.first + chrono::Duration::days(rng.below(days) as i64);
                    record(rng, org, rule.kind(), date);
                }
            }
        }
    }
    let committee = &reg.organizations[0];
    for p in periods(Frequency::Month) {
        // The second Saturday or so of each month.
        record(
            rng,
            committee,
            MeetingKind::Training,
            p.first + chrono::Duration::days(9),
        );
    }
    out.sort_by_key(|m| m.date);
    for (i, m) in out.iter_mut().enumerate() {
        m.id = format!("m{}", i + 1);
    }
    out
}

/// `registry(n, seed)` as one of a district's parks: named by its seed,
/// and its units' names and credit codes its own (no unit is in two parks).
#[must_use]
pub fn district_park(n: usize, seed: u64) -> Registry {
    let mut reg = registry(n, seed);
    reg.park.name = format!("合成园区{seed}");
    let first = (seed as usize).wrapping_mul(n + 1);
    for (i, u) in reg.units.iter_mut().enumerate() {
        u.name = format!("{}·{}", reg.park.name, u.name);
        if u.credit_code.is_some() {
            u.credit_code = Some(credit_code_for(first.wrapping_add(i)));
        }
    }
    reg
}

/// A valid unified social credit code unique to `i`.
fn credit_code_for(i: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut body = String::from("9152");
    let mut x = i as u64;
    for _ in 0..13 {
        body.push(ALPHABET[(x % 31) as usize] as char);
        x /= 31;
    }
    let check = crate::model::credit_code::check_char(&body).expect("17 valid characters");
    body.push(check);
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_registries_are_valid_and_deterministic() {
        for (n, seed) in [(30, 1), (1_000, 7), (3_000, 42)] {
            let reg = registry(n, seed);
            assert_eq!(reg.units.len(), n + 1);
            let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
            let text = crate::exchange::document::to_json(&reg);
            let back = crate::exchange::document::from_json(&text, today)
                .unwrap_or_else(|p| panic!("{n}: {:?}", &p[..p.len().min(5)]));
            assert_eq!(back, reg);
            assert_eq!(registry(n, seed), reg, "same seed, same registry");
        }
        assert_ne!(registry(100, 1), registry(100, 2));
    }

    #[test]
    fn generated_registries_have_every_coverage_status() {
        let reg = registry(2_000, 3);
        let s =
            crate::rules::coverage::summary(&reg, NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
        let c = s.status_counts;
        assert!(
            c.own > 0 && c.joint > 0 && c.group > 0 && c.instructor > 0 && c.none > 0,
            "{c:?}"
        );
        assert!(!reg.ledger.is_empty());
    }

    #[test]
    fn generated_records_could_each_have_been_made_and_comply_about_ninety_percent() {
        let reg = registry(2_000, 5);
        assert!(
            reg.meetings.len() > 10 * reg.organizations.len(),
            "{}",
            reg.meetings.len()
        );
        for m in &reg.meetings {
            let made = crate::rules::meeting_checks::made(&reg, m);
            assert!(made.is_empty(), "{m:?}: {made:?}");
        }
        let s =
            crate::rules::coverage::summary(&reg, NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
        let c = s.organizational_life.compliance.unwrap();
        assert!((0.85..0.95).contains(&c), "{c}");
    }
}
