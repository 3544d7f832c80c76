//! `parkreg member …` and `parkreg roster …`: the roster on the
//! command line. The fields go through the member dialog's form; each
//! status change is its own command, with its date.

use clap::{Args, Subcommand};
use parkreg_core::exchange::member_form::MemberForm;
use parkreg_core::exchange::workbook::import;
use parkreg_core::exchange::workbook::roster_book::{write_roster, PERSONAL_DATA_NOTICE};
use parkreg_core::model::dates::parse_date;
use parkreg_core::model::{from_code, LeftReason};
use parkreg_core::store::MemberAction;
use parkreg_core::views::members::{members, MemberQuery};
use parkreg_core::{Error, Result};
use std::path::{Path, PathBuf};

/// A member's fields; on `edit`, those given replace the member's own.
#[derive(Args, Default)]
pub struct Fields {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    /// male or female.
    #[arg(long)]
    gender: Option<String>,
    #[arg(long)]
    ethnicity: Option<String>,
    /// YYYY-MM-DD or YYYY-MM.
    #[arg(long)]
    birth_date: Option<String>,
    /// 公民身份号码 (18 characters).
    #[arg(long)]
    id_number: Option<String>,
    #[arg(long)]
    education: Option<String>,
    /// The id of the organization that holds the 组织关系.
    #[arg(long)]
    org: Option<String>,
    /// The id of the unit the member works in.
    #[arg(long)]
    unit: Option<String>,
    /// 入党日期, YYYY-MM-DD.
    #[arg(long)]
    joined_on: Option<String>,
    /// 转正日期 (as recorded in the past; `member full` records one now).
    #[arg(long)]
    full_on: Option<String>,
    /// here (组织关系在本园区) or elsewhere (流入党员).
    #[arg(long)]
    relationship: Option<String>,
    /// For elsewhere: when the member began to work here.
    #[arg(long)]
    arrived_on: Option<String>,
    /// Corrects a status date the actions recorded ("" clears it).
    #[arg(long)]
    probation_extended_to: Option<String>,
    #[arg(long)]
    lost_contact_on: Option<String>,
    #[arg(long)]
    stopped_on: Option<String>,
    #[arg(long)]
    left_on: Option<String>,
    /// transferred_out, withdrew, removed, expelled or died ("" clears it).
    #[arg(long)]
    left_reason: Option<String>,
}

impl Fields {
    fn fill(self, form: &mut MemberForm) {
        let put = |to: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *to = v;
            }
        };
        put(&mut form.name, self.name);
        put(&mut form.phone, self.phone);
        put(&mut form.gender, self.gender);
        put(&mut form.ethnicity, self.ethnicity);
        put(&mut form.birth_date, self.birth_date);
        put(&mut form.id_number, self.id_number);
        put(&mut form.education, self.education);
        put(&mut form.org, self.org);
        put(&mut form.unit, self.unit);
        put(&mut form.joined_on, self.joined_on);
        put(&mut form.full_on, self.full_on);
        put(&mut form.relationship, self.relationship);
        put(&mut form.arrived_on, self.arrived_on);
        put(&mut form.probation_extended_to, self.probation_extended_to);
        put(&mut form.lost_contact_on, self.lost_contact_on);
        put(&mut form.stopped_on, self.stopped_on);
        put(&mut form.left_on, self.left_on);
        put(&mut form.left_reason, self.left_reason);
    }
}

#[derive(Subcommand)]
pub enum MemberCommand {
    /// Add a member to the roster (a new person); prints the id.
    Add(Box<Fields>),
    /// Correct a member, or put a person already registered on the roster:
    /// the fields given replace their own.
    Edit {
        id: String,
        #[command(flatten)]
        fields: Box<Fields>,
    },
    /// The roster at a date: members by default (ID numbers masked).
    List {
        /// full, probationary, elsewhere, lost_contact, stopped or left.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        as_of: Option<String>,
        /// A JSON array of the people (the document's fields, ID numbers
        /// masked) with `status` at the date.
        #[arg(long)]
        json: bool,
    },
    /// 转正: a probationary member becomes full on the date.
    Full {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// 延长预备期 to the date (6 to 12 months beyond the year).
    Extend {
        id: String,
        #[arg(long)]
        to: String,
    },
    /// 失去联系 since the date.
    Lost {
        id: String,
        #[arg(long)]
        since: String,
    },
    /// 停止党籍 on the date.
    Stop {
        id: String,
        #[arg(long)]
        on: String,
    },
    /// 转出 or 出党 on the date.
    Leave {
        id: String,
        #[arg(long)]
        on: String,
        /// transferred_out, withdrew, removed, expelled or died.
        #[arg(long)]
        reason: String,
    },
}

fn date(field: &str, text: &str) -> Result<chrono::NaiveDate> {
    parse_date(text).map_err(|m| Error::invalid("", field, m))
}

pub fn run(path: &std::path::Path, command: MemberCommand) -> Result<()> {
    let mut store = crate::passphrase::open_existing(path)?;
    let action = match command {
        MemberCommand::Add(fields) => {
            let mut form = MemberForm::default();
            fields.fill(&mut form);
            let id = store.save_member(form.to_person(None)?)?;
            println!("{id}");
            return Ok(());
        }
        MemberCommand::Edit { id, fields } => {
            let stored = store
                .registry()?
                .person(&id)
                .cloned()
                .ok_or_else(|| Error::NotFound(format!("人员“{id}”")))?;
            let mut form = MemberForm::of(&stored);
            fields.fill(&mut form);
            store.save_member(form.to_person(Some(&stored))?)?;
            println!("已修改 {id}");
            return Ok(());
        }
        MemberCommand::List {
            status,
            org,
            unit,
            as_of,
            json,
        } => {
            let d = match as_of {
                Some(t) => date("--as-of", &t)?,
                None => parkreg_core::today(),
            };
            let q = MemberQuery {
                status: status.unwrap_or_default(),
                org: org.unwrap_or_default(),
                unit: unit.unwrap_or_default(),
                text: String::new(),
                limit: usize::MAX,
            };
            let list = members(&*store.registry()?, d, &q);
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&list.rows).expect("serializes")
                );
            } else {
                for r in &list.rows {
                    let m = r.person.membership.as_ref().expect("rows are members");
                    println!(
                        "{}  {}  {}  {}  入党 {}  {}",
                        r.person.id,
                        r.person.name,
                        r.person.id_number.as_deref().unwrap_or("—"),
                        r.member_unit_name.as_deref().unwrap_or("—"),
                        m.joined_on,
                        parkreg_core::model::code_of(&r.status),
                    );
                }
                println!("共 {} 人", list.matched);
            }
            return Ok(());
        }
        MemberCommand::Full { id, on } => (
            id,
            MemberAction::Full {
                on: date("--on", &on)?,
            },
        ),
        MemberCommand::Extend { id, to } => (
            id,
            MemberAction::Extend {
                to: date("--to", &to)?,
            },
        ),
        MemberCommand::Lost { id, since } => (
            id,
            MemberAction::LostContact {
                since: date("--since", &since)?,
            },
        ),
        MemberCommand::Stop { id, on } => (
            id,
            MemberAction::Stop {
                on: date("--on", &on)?,
            },
        ),
        MemberCommand::Leave { id, on, reason } => {
            let reason: LeftReason = from_code(&reason).ok_or_else(|| {
                Error::invalid(
                    "",
                    "--reason",
                    format!(
                        "“{reason}”不是允许的值（transferred_out, withdrew, removed, expelled, died）"
                    ),
                )
            })?;
            let on = date("--on", &on)?;
            (id, MemberAction::Leave { on, reason })
        }
    };
    let (id, action) = action;
    store.member_action(&id, action)?;
    println!("已记录 {id}");
    Ok(())
}

#[derive(Subcommand)]
pub enum RosterCommand {
    /// Count members from the roster as of each date.
    On,
    /// Count members from the numbers typed per unit again.
    Off,
    /// Import the 花名册 kept in Excel (xlsx, xls, ods or CSV; columns by
    /// header): all or nothing, every problem by row and column.
    Import {
        file: PathBuf,
        /// Show what would change; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the 花名册 of the members at a date (personal data: said
    /// before writing, and in the file's properties).
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        as_of: Option<String>,
        /// Write ID numbers whole (masked by default).
        #[arg(long)]
        full_id: bool,
    },
}

/// `parkreg roster …`.
pub fn roster(path: &Path, command: RosterCommand) -> Result<()> {
    match command {
        RosterCommand::On => switch(path, true),
        RosterCommand::Off => switch(path, false),
        RosterCommand::Import { file, dry_run } => crate::sheet_import::run::<import::Members>(
            || crate::passphrase::open_existing(path),
            &file,
            dry_run,
            crate::text::roster_plan,
        ),
        RosterCommand::Export {
            out,
            as_of,
            full_id,
        } => {
            let d = match as_of {
                Some(t) => date("--as-of", &t)?,
                None => parkreg_core::today(),
            };
            let store = crate::passphrase::open_existing(path)?;
            eprintln!("注意：{PERSONAL_DATA_NOTICE}");
            let n = write_roster(&*store.registry()?, d, &out, full_id)?;
            println!("已导出 {n} 名党员到 {}", out.display());
            Ok(())
        }
    }
}

/// Whether every count of members comes from the roster.
fn switch(path: &Path, on: bool) -> Result<()> {
    let mut store = crate::passphrase::open_existing(path)?;
    let mut park = store.registry()?.park.clone();
    park.roster = on;
    store.set_park(park)?;
    println!(
        "{}",
        if on {
            "已启用党员名册：党员人数按名册统计"
        } else {
            "已停用党员名册：党员人数按各单位填报的数字统计"
        }
    );
    Ok(())
}
