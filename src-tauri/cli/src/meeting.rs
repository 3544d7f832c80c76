//! `parkreg meeting …`: organizational-life records on the command line.
//! The text fields go through the same form as the desktop program's.

use crate::text;
use chrono::Datelike;
use clap::{Args, Subcommand};
use parkreg_core::exchange::forms::MeetingForm;
use parkreg_core::exchange::workbook::import;
use parkreg_core::model::labels;
use parkreg_core::{Error, Result};

/// The fields of a record; on `edit`, those given replace the record's.
#[derive(Args, Default)]
pub struct Fields {
    #[arg(long)]
    org: Option<String>,
    /// member_meeting, committee_meeting, group_meeting, party_lecture, theme_day,
    /// life_meeting, democratic_review or training (or the Chinese name).
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    date: Option<String>,
    #[arg(long)]
    expected: Option<String>,
    #[arg(long)]
    attended: Option<String>,
    /// Study hours, one decimal at most.
    #[arg(long)]
    hours: Option<String>,
    #[arg(long)]
    topic: Option<String>,
    /// The id of the person who chaired or taught it.
    #[arg(long)]
    host: Option<String>,
    #[arg(long)]
    note: Option<String>,
}

impl Fields {
    fn fill(self, form: &mut MeetingForm) {
        let put = |to: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *to = v;
            }
        };
        put(&mut form.org, self.org);
        put(&mut form.kind, self.kind);
        put(&mut form.date, self.date);
        put(&mut form.expected, self.expected);
        put(&mut form.attended, self.attended);
        put(&mut form.hours, self.hours);
        put(&mut form.topic, self.topic);
        put(&mut form.host, self.host);
        put(&mut form.note, self.note);
    }
}

#[derive(Subcommand)]
pub enum MeetingCommand {
    /// Record a meeting or training session; prints its id.
    Add(Fields),
    /// Correct a record: the fields given replace its own.
    Edit {
        id: String,
        #[command(flatten)]
        fields: Fields,
    },
    /// Delete a record made by mistake (the history keeps it).
    Remove { id: String },
    /// The records, oldest first.
    List {
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        /// A JSON array of the document's records.
        #[arg(long)]
        json: bool,
    },
    /// Import records from a sheet like the workbook's 组织生活 (xlsx or
    /// CSV): all or nothing, every problem by row and column.
    Import {
        file: std::path::PathBuf,
        /// Show what would change; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn run(path: &std::path::Path, command: MeetingCommand) -> Result<()> {
    let mut store = crate::passphrase::open_existing(path)?;
    match command {
        MeetingCommand::Add(fields) => {
            let mut form = MeetingForm::default();
            fields.fill(&mut form);
            let id = store.save_meeting(form.to_meeting()?)?;
            println!("{id}");
        }
        MeetingCommand::Edit { id, fields } => {
            let reg = store.registry()?;
            let old = reg
                .meetings
                .iter()
                .find(|m| m.id == id)
                .ok_or_else(|| Error::NotFound(format!("组织生活记录“{id}”")))?;
            let mut form = MeetingForm::of(old);
            drop(reg);
            fields.fill(&mut form);
            store.save_meeting(form.to_meeting()?)?;
            println!("已修改 {id}");
        }
        MeetingCommand::Remove { id } => {
            store.remove_meeting(&id)?;
            println!("已删除 {id}");
        }
        MeetingCommand::List { org, year, json } => {
            let reg = store.registry()?;
            let mut chosen: Vec<_> = reg
                .meetings
                .iter()
                .filter(|m| org.as_ref().is_none_or(|o| &m.org == o))
                .filter(|m| year.is_none_or(|y| m.date.year() == y))
                .collect();
            chosen.sort_by_key(|m| m.date);
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&chosen).expect("serializes")
                );
            } else {
                for m in chosen {
                    let org = reg.org(&m.org).map_or(m.org.as_str(), |o| o.name.as_str());
                    let expected = m.expected.map(|e| e.to_string()).unwrap_or("—".into());
                    println!(
                        "{}  {}  {}  {}  {}  应到 {expected} 实到 {}  学时 {}",
                        m.id,
                        m.date,
                        org,
                        labels::meeting_kind_zh(m.kind),
                        m.topic,
                        m.attended,
                        m.hours
                    );
                }
            }
        }
        MeetingCommand::Import { file, dry_run } => {
            crate::sheet_import::run::<import::Meetings>(
                || Ok(store),
                &file,
                dry_run,
                text::meeting_plan,
            )?;
        }
    }
    Ok(())
}
