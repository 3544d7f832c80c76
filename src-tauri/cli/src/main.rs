//! `parkreg`: the park party registry on the command line. Parses the
//! command, calls the core, prints its answer. Errors: one line on stderr,
//! exit status 1, nothing half-written.

mod district;
mod generate;
mod meeting;
mod member;
mod passphrase;
mod serve;
mod sheet_import;
mod text;

use chrono::NaiveDate;
use clap::{CommandFactory, Parser, Subcommand};
use parkreg_core::exchange::document;
use parkreg_core::exchange::workbook::{self, import};
use parkreg_core::model::Lang;
use parkreg_core::model::*;
use parkreg_core::model::{dates, money};
use parkreg_core::rules::gaps;
use parkreg_core::rules::{coverage, ledger};
use parkreg_core::store;
use parkreg_core::views::{self, trend};
use parkreg_core::{Error, Result};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "parkreg",
    version,
    about = "园区党组织台账 · the park party registry"
)]
struct Cli {
    /// The registry database (default: the desktop program's; PARKREG_DB overrides).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Language of messages: zh (default) or en.
    #[arg(long, global = true, default_value = "zh")]
    lang: String,
    /// On an error, list every problem after its one-line summary.
    #[arg(long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Protect the registry by a passphrase, or change it (PARKREG_NEW_PASSPHRASE, else typed twice).
    Protect,
    /// Remove the passphrase: the registry and its backups become plain files again.
    Unprotect,
    /// Create an empty registry.
    Init {
        #[arg(long)]
        park: String,
        /// The district the park belongs to (所属区县).
        #[arg(long, default_value = "")]
        district: String,
    },
    /// Create the sample park in a new registry (or a generated one).
    Demo {
        /// Generate a park of N units instead, for scale tests.
        #[arg(long)]
        synthetic: Option<usize>,
        /// Seed of the generated park.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// With a roster of about this many more members (the park's
        /// people too), the roster switched on.
        #[arg(long, requires = "synthetic")]
        members: Option<usize>,
    },
    /// Replace the registry's content with a registry document.
    Load { file: PathBuf },
    /// Write the registry document.
    Dump {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Counts, the six coverage rates, the year's money.
    Summary {
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
        /// Also the six rates and the gap counts at each of the last 24
        /// month ends (the last point: the as-of date).
        #[arg(long, value_enum)]
        series: Option<Series>,
    },
    /// The gaps, most severe first.
    Gaps {
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write the district workbook (or one CSV per sheet with --format csv).
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        as_of: Option<String>,
        /// xlsx (default) or csv (then --out is a folder).
        #[arg(long, default_value = "xlsx")]
        format: String,
    },
    /// Add or update units from a sheet like the workbook's 单位 sheet.
    Import {
        file: PathBuf,
        /// Show what would change, change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Restore the registry as it was before the last import.
    UndoImport,
    /// Copy the registry to a backup file.
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Replace the registry with a backup (the current one is kept as a backup).
    Restore { file: PathBuf },
    /// Check the registry: SQLite integrity, foreign keys, the audit hash chain, the ledger.
    Check {
        #[arg(long)]
        json: bool,
        /// More anchors of the audit trail to compare: exported workbooks, backups kept elsewhere.
        #[arg(long)]
        anchor: Vec<PathBuf>,
    },
    /// Money: budgets, disbursements, reversals, report.
    Fund {
        #[command(subcommand)]
        command: FundCommand,
    },
    /// Organizational life: meetings and training sessions.
    Meeting {
        #[command(subcommand)]
        command: meeting::MeetingCommand,
    },
    /// The roster (党员名册): members by name, and their status changes.
    Member {
        #[command(subcommand)]
        command: member::MemberCommand,
    },
    /// Whether the park keeps its roster (every count of members from it).
    Roster {
        #[command(subcommand)]
        command: member::RosterCommand,
    },
    /// The window's pages in the system's browser, served on 127.0.0.1
    /// only, until the last page closes or Ctrl-C.
    ///
    /// Browsers: Chromium 69 and later (the UOS browser, 奇安信可信浏览器 and
    /// others built on it) and Firefox 60 and later; an older one is told so.
    Serve {
        /// The port (default: a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Print the link (with its one-time key) to this terminal instead
        /// of opening the browser; otherwise the browser is opened on a
        /// private start page, so the key is on no command line.
        #[arg(long)]
        no_open: bool,
    },
    /// The district: roll up parks' workbooks (its own file, given by --db).
    District {
        #[command(subcommand)]
        command: district::DistrictCommand,
    },
    /// The audit trail, newest first.
    History {
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// The entries as stored: action codes, old and new values.
        #[arg(long)]
        json: bool,
    },
    /// For packaging: write the man pages and shell completions to a folder.
    #[command(hide = true)]
    GenerateAssets {
        #[arg(long)]
        out: PathBuf,
    },
}

/// The series `summary --series` adds.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Series {
    /// Month ends over the last 24 months.
    Months,
}

#[derive(Subcommand)]
enum FundCommand {
    /// Set a year's budget.
    Budget {
        #[arg(long)]
        year: i32,
        /// Yuan, up to two decimals.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        #[arg(long, default_value = DEFAULT_BUDGET_SOURCE)]
        source: String,
    },
    /// Record a disbursement.
    Pay {
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        purpose: String,
        /// Yuan, up to two decimals.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        #[arg(long)]
        voucher: String,
        #[arg(long)]
        date: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Reverse an entry in full.
    Reverse {
        #[arg(long)]
        entry: String,
        #[arg(long)]
        reason: String,
        /// Voucher of the reversal (default: R- and the original's voucher).
        #[arg(long)]
        voucher: Option<String>,
        /// Date of the reversal (default: today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Budget, disbursed, reversed, net and balance by year and purpose.
    Report {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    store::private::owner_only();
    let cli = Cli::parse();
    let verbose = cli.verbose;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("parkreg: {}", one_line(&e));
            if let (true, Error::Invalid(problems)) = (verbose, &e) {
                for p in problems {
                    eprintln!("  {p}");
                }
            }
            ExitCode::FAILURE
        }
    }
}

/// An error as one line: the first problem of a list, and how many more
/// there are (all of them with --verbose).
fn one_line(e: &Error) -> String {
    match e {
        Error::Invalid(problems) if !problems.is_empty() => {
            let more = match problems.len() - 1 {
                0 => String::new(),
                n => format!("（另有 {n} 处问题，加 --verbose 列出全部）"),
            };
            format!("输入有误，未作任何修改：{}{more}", problems[0])
        }
        other => other.to_string(),
    }
    .replace(['\n', '\r'], " ")
}

fn date_arg(field: &str, text: Option<&str>) -> Result<NaiveDate> {
    match text {
        None => Ok(parkreg_core::today()),
        Some(t) => dates::parse_date(t).map_err(|m| Error::invalid("", field, m)),
    }
}

fn run(cli: Cli) -> Result<()> {
    if let Command::District { command } = cli.command {
        let path = cli.db.unwrap_or_else(parkreg_core::district::default_path);
        return district::run(&path, command);
    }
    let path = cli.db.unwrap_or_else(store::default_path);
    if let Command::Serve { port, no_open } = cli.command {
        return serve::run(path, port, no_open);
    }
    let lang = Lang::parse(&cli.lang);
    let today = parkreg_core::today();
    match cli.command {
        Command::Init { park, district } => {
            passphrase::open(&path)?.init(Park::in_district(&park, &district))?
        }
        Command::GenerateAssets { out } => generate::write(&Cli::command(), &out)
            .map_err(|source| Error::Io { path: out, source })?,
        Command::Demo {
            synthetic,
            seed,
            members,
        } => {
            let mut store = passphrase::open(&path)?;
            if store.read()?.is_some() {
                return Err(Error::NotEmpty(path));
            }
            let (reg, what) = match synthetic {
                None => (parkreg_core::samples::sample_park(), "示例园区".to_string()),
                Some(n) => {
                    let mut reg = parkreg_core::samples::synthetic::registry(n, seed);
                    if let Some(m) = members {
                        parkreg_core::samples::roster::add_roster(&mut reg, m, seed);
                    }
                    (reg, format!("合成园区（{n} 个单位，种子 {seed}）"))
                }
            };
            store.replace(&reg, "registry.demo", &format!("载入{what}"))?;
            println!("已在 {} 创建{what}", path.display());
        }
        Command::Load { file } => {
            let text = document::read_file(&file)?;
            let mut store = passphrase::open(&path)?;
            let reg = store::load_document(&mut store, &text, today, &file.display().to_string())?;
            println!(
                "已载入 {}：{} 个单位，{} 个党组织",
                file.display(),
                reg.units.len(),
                reg.organizations.len()
            );
        }
        Command::Dump { out } => {
            let json = document::to_json(&*passphrase::open_existing(&path)?.registry()?);
            match out {
                Some(file) => {
                    // The document is the whole registry, people's phone
                    // numbers included, and it is not encrypted.
                    eprintln!(
                        "注意：{} 含人员的姓名、电话、身份证号和出生日期等个人信息，且未加密；请只交给需要的人，用完删除",
                        file.display()
                    );
                    std::fs::write(&file, json)
                        .map_err(|source| Error::Io { path: file, source })?
                }
                None => print!("{json}"),
            }
        }
        Command::Summary {
            as_of,
            json,
            series,
        } => {
            let d = date_arg("--as-of", as_of.as_deref())?;
            let reg = passphrase::open_existing(&path)?.registry()?;
            let summary = text::WithMembers {
                members: reg
                    .park
                    .roster
                    .then(|| parkreg_core::rules::roster::counts_at(&reg, d)),
                summary: coverage::summary(&reg, d),
            };
            match series {
                None => show(json, &summary, text::summary),
                Some(Series::Months) => {
                    let with = text::WithSeries {
                        series: trend::series(&reg, d),
                        summary,
                    };
                    show(json, &with, text::summary_with_series);
                }
            }
        }
        Command::Gaps { as_of, json } => {
            let d = date_arg("--as-of", as_of.as_deref())?;
            let found = gaps::find(&*passphrase::open_existing(&path)?.registry()?, d, lang);
            // The contract leaves the display name out of the JSON.
            show(json, &text::gaps_json(&found), |_| text::gaps(&found, d));
        }
        Command::Export { out, as_of, format } => {
            let d = date_arg("--as-of", as_of.as_deref())?;
            let format = workbook::Format::parse(&format)?;
            let store = passphrase::open_existing(&path)?;
            for file in store.export(format, &out, d, today)? {
                println!("已导出 {}", file.display());
            }
        }
        Command::Import { file, dry_run } => {
            let open = || passphrase::open_existing(&path);
            sheet_import::run::<import::Units>(open, &file, dry_run, text::import_plan)?;
        }
        Command::UndoImport => {
            passphrase::open_existing(&path)?.undo_last_import()?;
            println!("已撤销上一次导入");
        }
        Command::Backup { out } => {
            store::refuse_registry_file(&out, &path)?;
            passphrase::open_existing(&path)?.backup_to(&out)?;
            println!("已备份到 {}", out.display());
        }
        Command::Restore { file } => {
            let kept = passphrase::open(&path)?.restore_from(
                &file,
                "registry.restore",
                &format!("从 {} 恢复", file.display()),
            )?;
            println!(
                "已从 {} 恢复；恢复前的登记簿保存在 {}",
                file.display(),
                kept.display()
            );
        }
        Command::Check { json, anchor } => {
            let anchors: Vec<&std::path::Path> = anchor.iter().map(PathBuf::as_path).collect();
            let report = passphrase::open_existing(&path)?.check_with(today, &anchors)?;
            show(json, &report, text::check);
            if !report.is_ok() {
                return Err(Error::File {
                    path,
                    message: "检查未通过".into(),
                });
            }
        }
        Command::Protect => passphrase::set(&path, true)?,
        Command::Unprotect => passphrase::set(&path, false)?,
        Command::Fund { command } => fund(&path, command, today)?,
        Command::Meeting { command } => meeting::run(&path, command)?,
        Command::Member { command } => member::run(&path, command)?,
        Command::Roster { command } => member::roster(&path, command)?,
        Command::District { .. } | Command::Serve { .. } => unreachable!("handled first"),
        Command::History { limit, json } => {
            let store = passphrase::open_existing(&path)?;
            let entries = store.history(limit)?;
            let reg = store
                .read()?
                .unwrap_or_else(|| Registry::empty(Park::new("")));
            show(json, &entries, |e| {
                text::history(&views::history(e, &reg.index(), Lang::Zh))
            });
        }
    }
    Ok(())
}

/// Prints `value` as JSON, or as the readable text `text` makes of it.
pub(crate) fn show<T: serde::Serialize>(json: bool, value: &T, text: impl FnOnce(&T) -> String) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("serializes")
        );
    } else {
        print!("{}", text(value));
    }
}

fn amount_arg(text: &str) -> Result<Fen> {
    money::parse_yuan(text).map_err(|m| Error::invalid("", "--amount", m))
}

fn fund(path: &std::path::Path, command: FundCommand, today: NaiveDate) -> Result<()> {
    let mut store = passphrase::open_existing(path)?;
    match command {
        FundCommand::Budget {
            year,
            amount,
            source,
        } => {
            let amount_fen = amount_arg(&amount)?;
            store.set_budget(Budget {
                year,
                amount_fen,
                source,
            })?;
            println!("{year} 年预算：{}", money::yuan(amount_fen));
        }
        FundCommand::Pay {
            org,
            purpose,
            amount,
            voucher,
            date,
            note,
        } => {
            let payment = parkreg_core::exchange::forms::Payment {
                org,
                purpose,
                amount,
                voucher,
                date,
                note,
            };
            let entry = payment.to_entry()?;
            let amount = entry.amount_fen;
            let id = store.append_entry(entry, today)?;
            println!("已记账 {id}：{}", money::yuan(amount));
        }
        FundCommand::Reverse {
            entry,
            reason,
            voucher,
            date,
        } => {
            let date = date_arg("--date", date.as_deref())?;
            let reversal =
                ledger::reversal_of(&*store.registry()?, &entry, &reason, voucher, date)?;
            let id = store.append_entry(reversal, today)?;
            println!("已冲销 {entry}（冲销记录 {id}）");
        }
        FundCommand::Report { year, json } => {
            let report = ledger::report(&*store.registry()?, year, today);
            show(json, &report, text::fund_report);
        }
    }
    Ok(())
}
