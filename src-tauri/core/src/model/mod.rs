//! The domain types: exactly the records of the registry document
//! (`parkreg/3`), so that the document, the store and the rules share one
//! vocabulary. IDs are the document's own strings.

mod audit;
mod codes;
pub mod credit_code;
pub mod dates;
pub mod development;
pub mod dues;
pub mod labels;
mod meetings;
pub mod members;
pub mod money;
pub mod problem;

pub use audit::{AuditEntry, Head};
pub use codes::{Lang, Severity, Status};
pub use dues::{DuesCategory, DuesPayment, DuesSetting, Month};
pub use meetings::{Hours, LecturePeriod, Meeting, MeetingKind, MAX_HOURS_TENTHS};
pub use members::{BirthDate, Gender, LeftReason, Membership, Relationship};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Money is always whole fen (1 yuan = 100 fen); never a float.
pub type Fen = i64;

/// The whole registry in memory: what the rules read and the document holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Registry {
    pub park: Park,
    pub people: Vec<Person>,
    pub units: Vec<Unit>,
    pub organizations: Vec<Organization>,
    pub budgets: Vec<Budget>,
    pub ledger: Vec<LedgerEntry>,
    /// Organizational life: meetings and training sessions.
    #[serde(default)]
    pub meetings: Vec<Meeting>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Park {
    pub name: String,
    pub district: String,
    /// Units with fewer employees are outside the scope of the rates.
    pub min_employees: u32,
    /// Organizations founded on or after this date are owed a starter fund.
    pub starter_fund_since: NaiveDate,
    pub starter_fund_min_fen: Fen,
    /// How often a party lecture is due (the park's own setting).
    #[serde(default)]
    pub party_lecture_period: LecturePeriod,
    /// The park keeps its roster: every count of members comes from it.
    #[serde(default)]
    pub roster: bool,
}

impl Park {
    /// A new park with the district's defaults: starter funds of at least
    /// 2,000 yuan for organizations founded since 2012 (中办发〔2012〕11号).
    #[must_use]
    pub fn new(name: &str) -> Park {
        Park {
            name: name.trim().to_string(),
            district: String::new(),
            min_employees: 0,
            starter_fund_since: NaiveDate::from_ymd_opt(2012, 1, 1).expect("valid date"),
            starter_fund_min_fen: DEFAULT_STARTER_FUND_MIN_FEN,
            party_lecture_period: LecturePeriod::Quarter,
            roster: false,
        }
    }

    /// A new park (`Park::new`) of a district, as the first-run form names it.
    #[must_use]
    pub fn in_district(name: &str, district: &str) -> Park {
        Park {
            district: district.trim().to_string(),
            ..Park::new(name)
        }
    }
}

pub const DEFAULT_STARTER_FUND_MIN_FEN: Fen = 200_000;
/// A year's budget when the clerk has set none (DOMAIN.md: 100,000 yuan of
/// district-managed party fees).
pub const DEFAULT_BUDGET_FEN: Fen = 10_000_000;
pub const DEFAULT_BUDGET_SOURCE: &str = "区管党费";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// A member of the party. With a membership on the roster, the roster
    /// says it (`is_member_at`); this is what was typed.
    pub party_member: bool,
    pub phone: Option<String>,
    /// Free text: where the person works.
    pub unit_name: Option<String>,
    // Personal facts of the roster (DOMAIN.md "Members"): personal data.
    #[serde(default)]
    pub gender: Option<Gender>,
    #[serde(default)]
    pub ethnicity: Option<String>,
    #[serde(default)]
    pub birth_date: Option<BirthDate>,
    /// 公民身份号码, as `members::normalise_id_number` writes it.
    #[serde(default)]
    pub id_number: Option<String>,
    #[serde(default)]
    pub education: Option<String>,
    #[serde(default)]
    pub membership: Option<Membership>,
}

impl Person {
    /// A party member at D: by the roster when the park keeps one and the
    /// person has a membership, else as typed.
    #[must_use]
    pub fn is_member_at(&self, park: &Park, d: NaiveDate) -> bool {
        match &self.membership {
            Some(m) if park.roster => m.member_at(d),
            _ => self.party_member,
        }
    }

    /// Takes the roster's facts (personal facts and membership) from the
    /// person as stored: for forms that edit only the contact facts.
    pub fn keep_roster_facts(&mut self, stored: &Person) {
        self.gender = stored.gender;
        self.ethnicity.clone_from(&stored.ethnicity);
        self.birth_date = stored.birth_date;
        self.id_number.clone_from(&stored.id_number);
        self.education.clone_from(&stored.education);
        self.membership.clone_from(&stored.membership);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Enterprise,
    Project,
    Organ,
}

/// Who controls a unit's capital (DOMAIN.md "Ownership"); the first three
/// are the non-public ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ownership {
    /// 私营：私有经济控制。
    Private,
    /// 港澳台商投资：港澳台商经济控制。
    Hmt,
    /// 外商投资：外商经济控制。
    Foreign,
    State,
    Collective,
    Other,
}

impl Ownership {
    pub const ALL: [Ownership; 6] = [
        Ownership::Private,
        Ownership::Hmt,
        Ownership::Foreign,
        Ownership::State,
        Ownership::Collective,
        Ownership::Other,
    ];

    /// Non-public (非公有制) in every rule: private, Hong Kong/Macao/Taiwan
    /// or foreign capital. The one place that question is answered.
    #[must_use]
    pub fn is_non_public(self) -> bool {
        matches!(
            self,
            Ownership::Private | Ownership::Hmt | Ownership::Foreign
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Construction,
    Operating,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: UnitKind,
    pub ownership: Ownership,
    /// 独资: wholly owned by its (private, HMT or foreign) capital.
    #[serde(default)]
    pub wholly_owned: bool,
    /// 法定代表人是党员.
    #[serde(default)]
    pub legal_rep_member: bool,
    /// 法定代表人兼任企业党组织书记 (requires `legal_rep_member`).
    #[serde(default)]
    pub legal_rep_secretary: bool,
    pub stage: Stage,
    pub credit_code: Option<String>,
    pub employees: u32,
    pub full_members: u32,
    pub probationary_members: u32,
    pub town: Option<String>,
    pub village: Option<String>,
    pub key_project: bool,
    pub commissioner: Option<String>,
    pub instructor: Option<String>,
    pub started_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

impl Unit {
    /// A unit with only its id and name: an operating enterprise of other
    /// ownership, no employees or members, nothing else known.
    #[must_use]
    pub fn new(id: &str, name: &str) -> Unit {
        Unit {
            id: id.into(),
            name: name.into(),
            kind: UnitKind::Enterprise,
            ownership: Ownership::Other,
            stage: Stage::Operating,
            credit_code: None,
            employees: 0,
            full_members: 0,
            probationary_members: 0,
            town: None,
            village: None,
            key_project: false,
            commissioner: None,
            instructor: None,
            started_on: None,
            closed_on: None,
            wholly_owned: false,
            legal_rep_member: false,
            legal_rep_secretary: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Committee,
    GeneralBranch,
    Branch,
    JointBranch,
    TemporaryBranch,
    Group,
}

impl OrgKind {
    /// Basic organizations are all but the group, which lives inside a branch.
    #[must_use]
    pub fn is_basic(self) -> bool {
        self != OrgKind::Group
    }

    #[must_use]
    pub fn is_branch_level(self) -> bool {
        matches!(
            self,
            OrgKind::Branch | OrgKind::JointBranch | OrgKind::TemporaryBranch
        )
    }

    /// Term of office in years; `None` for bodies that hold no elections.
    #[must_use]
    pub fn term_years(self) -> Option<i32> {
        match self {
            OrgKind::Committee => Some(5),
            OrgKind::GeneralBranch | OrgKind::Branch | OrgKind::JointBranch => Some(3),
            OrgKind::TemporaryBranch | OrgKind::Group => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
    pub parent: Option<String>,
    pub units: Vec<String>,
    pub founded_on: NaiveDate,
    pub dissolved_on: Option<NaiveDate>,
    pub approval_doc: Option<String>,
    pub secretary: Option<String>,
    pub committee_size: u32,
    pub last_election_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub year: i32,
    pub amount_fen: Fen,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    StarterFund,
    Activity,
    Training,
    Facility,
    Other,
}

impl Purpose {
    pub const ALL: [Purpose; 5] = [
        Purpose::StarterFund,
        Purpose::Activity,
        Purpose::Training,
        Purpose::Facility,
        Purpose::Other,
    ];
}

/// One line of the append-only ledger: a disbursement, or the full reversal
/// of an earlier one (`reverses` names it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub id: String,
    pub date: NaiveDate,
    pub purpose: Purpose,
    pub org: Option<String>,
    pub amount_fen: Fen,
    pub voucher: String,
    pub note: String,
    pub reverses: Option<String>,
}

impl LedgerEntry {
    /// What the entry adds to its year's net: its amount, or for a
    /// reversal the amount taken back.
    #[must_use]
    pub fn signed_fen(&self) -> Fen {
        if self.reverses.is_some() {
            -self.amount_fen
        } else {
            self.amount_fen
        }
    }
}

/// The largest number of the ids made of `prefix` and a number (0 if none).
pub fn largest_number<'a>(ids: impl Iterator<Item = &'a str>, prefix: &str) -> u64 {
    ids.filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
}

/// The snake_case code of an enum value, as in the document (`private`).
pub fn code_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The enum value of a document code, if it is one.
#[must_use]
pub fn from_code<T: for<'de> Deserialize<'de>>(code: &str) -> Option<T> {
    use serde::de::{value::StrDeserializer, IntoDeserializer};
    let code: StrDeserializer<'_, serde::de::value::Error> = code.into_deserializer();
    T::deserialize(code).ok()
}

impl Registry {
    #[must_use]
    pub fn empty(park: Park) -> Registry {
        Registry {
            park,
            people: Vec::new(),
            units: Vec::new(),
            organizations: Vec::new(),
            budgets: Vec::new(),
            ledger: Vec::new(),
            meetings: Vec::new(),
        }
    }

    /// Lookups by id, for work over the whole registry (a linear search per
    /// lookup would make it quadratic).
    #[must_use]
    pub fn index(&self) -> Index<'_> {
        fn positions<'a, T>(records: &'a [T], id: impl Fn(&'a T) -> &'a str) -> IdMap<'a> {
            records
                .iter()
                .enumerate()
                .map(|(i, r)| (id(r), i))
                .collect()
        }
        Index {
            reg: self,
            people: positions(&self.people, |p| &p.id),
            units: positions(&self.units, |u| &u.id),
            orgs: positions(&self.organizations, |o| &o.id),
        }
    }

    #[must_use]
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    #[must_use]
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    #[must_use]
    pub fn org(&self, id: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }

    #[must_use]
    pub fn budget_of(&self, year: i32) -> Fen {
        budget_of(&self.budgets, year)
    }

    /// Whether the year's budget is the default, not one the clerk set.
    #[must_use]
    pub fn budget_is_default(&self, year: i32) -> bool {
        !self.budgets.iter().any(|b| b.year == year)
    }
}

/// A year's budget in a list of budgets; the default when none was set.
#[must_use]
pub fn budget_of(budgets: &[Budget], year: i32) -> Fen {
    budgets
        .iter()
        .find(|b| b.year == year)
        .map_or(DEFAULT_BUDGET_FEN, |b| b.amount_fen)
}

/// Positions by id. Ids come from the clerk's own registry and files; a
/// seeded fast hash suffices and costs a fraction of the default's on
/// registries of 100,000 units.
type IdMap<'a> = foldhash::HashMap<&'a str, usize>;

/// Records of a registry, and their positions, by id.
pub struct Index<'a> {
    reg: &'a Registry,
    people: IdMap<'a>,
    units: IdMap<'a>,
    orgs: IdMap<'a>,
}

impl<'a> Index<'a> {
    #[must_use]
    pub fn person(&self, id: &str) -> Option<&'a Person> {
        self.people.get(id).map(|&i| &self.reg.people[i])
    }

    #[must_use]
    pub fn unit(&self, id: &str) -> Option<&'a Unit> {
        self.unit_at(id).map(|i| &self.reg.units[i])
    }

    #[must_use]
    pub fn org(&self, id: &str) -> Option<&'a Organization> {
        self.org_at(id).map(|i| &self.reg.organizations[i])
    }

    /// The position of unit `id` in the registry's units.
    #[must_use]
    pub fn unit_at(&self, id: &str) -> Option<usize> {
        self.units.get(id).copied()
    }

    /// The position of organization `id` in the registry's organizations.
    #[must_use]
    pub fn org_at(&self, id: &str) -> Option<usize> {
        self.orgs.get(id).copied()
    }
}
