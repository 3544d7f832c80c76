//! `parkreg district …`: the district's roll-up of parks' workbooks, in
//! its own file (`--db`, or `district.db` in the program's data folder).

use crate::text::{rate_texts, table};
use chrono::NaiveDate;
use clap::Subcommand;
use parkreg_core::district::{Added, DistrictSummary, ParkGap};
use parkreg_core::model::labels::severity_zh;
use parkreg_core::model::money::{percent, yuan};
use parkreg_core::rules::gaps::date_zh;
use parkreg_core::{Error, Result};
use std::fmt::Write;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum DistrictCommand {
    /// Create the district's file.
    Init {
        #[arg(long)]
        name: String,
    },
    /// Add park workbooks exported by parkreg (each stored, flagged or refused).
    Add {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The parks, the district's total and the problems across parks.
    Summary {
        /// Each park's latest submission on or before this date (default: each park's latest).
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Every gap of every park.
    Gaps {
        #[arg(long)]
        json: bool,
    },
    /// Write the district's workbook.
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Take a park out of the district's figures (its submissions stay in the history).
    Remove {
        #[arg(long)]
        park: String,
    },
}

fn as_of_arg(text: Option<&str>) -> Result<Option<NaiveDate>> {
    text.map(|t| {
        parkreg_core::model::dates::parse_date(t).map_err(|m| Error::invalid("", "--as-of", m))
    })
    .transpose()
}

pub fn run(path: &Path, command: DistrictCommand) -> Result<()> {
    match command {
        DistrictCommand::Init { name } => {
            crate::passphrase::new_district(path, &name)?;
            println!("已在 {} 新建区县“{}”", path.display(), name.trim());
        }
        DistrictCommand::Add { files } => {
            let added = crate::passphrase::district(path)?.add(&files)?;
            let refused = added
                .iter()
                .filter(|(_, a)| matches!(a, Added::Refused { .. }))
                .count();
            for (file, a) in &added {
                println!("{}", a.line(&file.display().to_string()));
            }
            if refused > 0 {
                return Err(Error::File {
                    path: path.to_path_buf(),
                    message: format!("{refused} 个文件未保存（原因见上）；其余已保存"),
                });
            }
        }
        DistrictCommand::Summary { as_of, json } => {
            let sum = crate::passphrase::district(path)?.summary(as_of_arg(as_of.as_deref())?)?;
            crate::show(json, &sum, summary_text);
        }
        DistrictCommand::Gaps { json } => {
            let gaps = crate::passphrase::district(path)?.gaps(None)?;
            crate::show(json, &gaps, |g| gaps_text(g));
        }
        DistrictCommand::Export { out, as_of } => {
            crate::passphrase::district(path)?.export(&out, as_of_arg(as_of.as_deref())?)?;
            println!("已导出区县工作簿 {}", out.display());
        }
        DistrictCommand::Remove { park } => {
            let n = crate::passphrase::district(path)?.remove_park(&park)?;
            println!("已从区县汇总中移除“{park}”（{n} 份报送留在历史中）");
        }
    }
    Ok(())
}

fn summary_text(s: &DistrictSummary) -> String {
    let mut out = format!("{}　{} 个园区\n\n", s.district, s.parks.len());
    let row = |name: &str, sum: &parkreg_core::rules::coverage::Summary| {
        let mut r = vec![
            name.to_string(),
            date_zh(sum.as_of),
            sum.units.in_scope.to_string(),
        ];
        r.extend(rate_texts(&sum.coverage.all));
        r.extend(rate_texts(&sum.coverage.non_public));
        r.push(sum.status_counts.none.to_string());
        r.push(percent(sum.organizational_life.compliance));
        r.push(yuan(sum.money.net_fen));
        r
    };
    let mut rows: Vec<Vec<String>> = s
        .parks
        .iter()
        .map(|p| row(&p.summary.park, &p.summary))
        .collect();
    rows.push(row("合计", &s.total));
    out += &table(
        &[
            "园区",
            "截至",
            "纳入统计",
            "组织覆盖率",
            "单独组建率",
            "工作覆盖率",
            "非公组织覆盖率",
            "非公单独组建率",
            "非公工作覆盖率",
            "未覆盖",
            "组织生活合规率",
            "净支出",
        ],
        &rows,
    );
    if s.problems.is_empty() {
        out += "\n没有跨园区的问题。\n";
    } else {
        let _ = writeln!(out, "\n跨园区的问题 {} 项：", s.problems.len());
        for p in &s.problems {
            let _ = writeln!(out, "  [{}] {}", severity_zh(p.severity), p.message);
        }
    }
    out
}

fn gaps_text(gaps: &[ParkGap]) -> String {
    if gaps.is_empty() {
        return "各园区都没有缺口。\n".into();
    }
    let rows: Vec<Vec<String>> = gaps
        .iter()
        .map(|g| {
            vec![
                g.park.clone(),
                severity_zh(g.gap.severity).into(),
                g.gap.code.clone(),
                g.gap.name.clone(),
                g.gap.message.clone(),
            ]
        })
        .collect();
    format!(
        "共 {} 处缺口：\n\n{}",
        gaps.len(),
        table(&["园区", "级别", "代码", "单位/党组织", "说明"], &rows)
    )
}
