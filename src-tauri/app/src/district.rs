//! The window on a district file (`--db` naming one): the parks' table,
//! the problems across parks, a page per park's submission (read only),
//! and adding parks' workbooks through the native dialog. The figures and
//! their texts come from the core.

use crate::commands::as_of;
use crate::error::IpcResult;
use crate::{Ctx, Dialog, NoArgs};
use parkreg_core::district::{Added, District, DistrictSummary, ParkFigures};
use parkreg_core::model::labels::severity_zh;
use parkreg_core::model::money::percent;
use parkreg_core::rules::coverage::Summary;
use serde::{Deserialize, Serialize};

/// The district file the program is on.
fn open(ctx: &Ctx) -> IpcResult<District> {
    let path = ctx.app.district.as_ref().ok_or_else(|| {
        parkreg_core::Error::NotFound("区县文件：这个窗口打开的是园区登记簿".into())
    })?;
    Ok(District::open(path)?)
}

/// One line of the parks' table (or the total), its texts made here.
#[derive(Serialize)]
pub struct ParkRow {
    park: String,
    as_of: String,
    in_scope: usize,
    non_public: usize,
    /// The organizational coverage, 0–1, for the chart; `None` over nobody.
    coverage: Option<f64>,
    /// The six rates as percentages: all units, then non-public.
    rates: [String; 6],
    uncovered: usize,
    compliance: String,
    budget_fen: i64,
    net_fen: i64,
    balance_fen: i64,
    flags: Vec<String>,
}

fn row(s: &Summary, flags: &[String]) -> ParkRow {
    let (a, n) = (&s.coverage.all, &s.coverage.non_public);
    ParkRow {
        park: s.park.clone(),
        as_of: s.as_of.to_string(),
        in_scope: s.units.in_scope,
        non_public: s.units.non_public_in_scope,
        coverage: a.organizational,
        rates: [
            percent(a.organizational),
            percent(a.single_build),
            percent(a.work),
            percent(n.organizational),
            percent(n.single_build),
            percent(n.work),
        ],
        uncovered: s.status_counts.none,
        compliance: percent(s.organizational_life.compliance),
        budget_fen: s.money.budget_fen,
        net_fen: s.money.net_fen,
        balance_fen: s.money.balance_fen,
        flags: flags.to_vec(),
    }
}

#[derive(Serialize)]
pub struct Problem {
    code: &'static str,
    severity: String,
    severity_text: &'static str,
    message: String,
}

#[derive(Serialize)]
pub struct DistrictPage {
    district: String,
    path: String,
    parks: Vec<ParkRow>,
    total: ParkRow,
    problems: Vec<Problem>,
}

fn page(sum: DistrictSummary, path: String) -> DistrictPage {
    DistrictPage {
        parks: sum
            .parks
            .iter()
            .map(|p: &ParkFigures| row(&p.summary, &p.flags))
            .collect(),
        total: row(&sum.total, &[]),
        problems: sum
            .problems
            .into_iter()
            .map(|p| Problem {
                code: p.code,
                severity: parkreg_core::model::code_of(&p.severity),
                severity_text: severity_zh(p.severity),
                message: p.message,
            })
            .collect(),
        district: sum.district,
        path,
    }
}

/// The date the page asked for; `None` (each park's latest) when empty.
fn chosen_date(as_of: Option<String>) -> IpcResult<Option<chrono::NaiveDate>> {
    as_of
        .filter(|a| !a.is_empty())
        .map(|a| self::as_of(Some(a)))
        .transpose()
}

/// The district's name when the window is on a district file.
pub fn district_status(ctx: &Ctx, _: NoArgs) -> IpcResult<Option<String>> {
    match &ctx.app.district {
        None => Ok(None),
        Some(_) => Ok(Some(open(ctx)?.name()?)),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AsOf {
    as_of: Option<String>,
}

/// The parks' table, the total and the problems, as of `as_of` (each
/// park's latest when empty).
pub fn district_page(ctx: &Ctx, a: AsOf) -> IpcResult<DistrictPage> {
    let district = open(ctx)?;
    let path = district.path().display().to_string();
    Ok(page(district.summary(chosen_date(a.as_of)?)?, path))
}

#[derive(Serialize)]
pub struct ParkPage {
    row: ParkRow,
    file: String,
    uncovered: Vec<parkreg_core::district::UnitLine>,
    gaps: Vec<GapRow>,
}

#[derive(Serialize)]
pub struct GapRow {
    severity_text: &'static str,
    code: String,
    name: String,
    message: String,
}

/// One park's submission, read only: its figures, flags, uncovered units
/// and gaps.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OnePark {
    park: String,
    as_of: Option<String>,
}

pub fn district_park(ctx: &Ctx, a: OnePark) -> IpcResult<ParkPage> {
    let p = open(ctx)?.park(&a.park, chosen_date(a.as_of)?)?;
    Ok(ParkPage {
        row: row(&p.figures.summary, &p.figures.flags),
        file: p.figures.file,
        uncovered: p.uncovered,
        gaps: (p.gaps.into_iter())
            .map(|g| GapRow {
                severity_text: severity_zh(g.severity),
                code: g.code,
                name: g.name,
                message: g.message,
            })
            .collect(),
    })
}

#[derive(Serialize)]
pub struct AddedLine {
    stored: bool,
    text: String,
}

/// Adds the park workbooks the clerk picks; what became of each, or
/// `None` when the dialog was cancelled.
pub fn district_add(ctx: &Ctx, _: NoArgs) -> IpcResult<Option<Vec<AddedLine>>> {
    let Some(picked) = ctx.shell.pick_many(Dialog::OpenWorkbooks)? else {
        return Ok(None);
    };
    let added = open(ctx)?.add(&picked)?;
    Ok(Some(
        added
            .into_iter()
            .map(|(path, a)| AddedLine {
                stored: matches!(a, Added::Stored { .. }),
                text: a.line(
                    &ctx.shell
                        .shown(path.file_name().unwrap_or_default().as_ref()),
                ),
            })
            .collect(),
    ))
}

/// Writes the district workbook (the core's `District::export`, the same
/// as `parkreg district export`) where the clerk chooses, as of the date
/// asked (each park's latest when empty); the file written, or `None` when
/// the dialog was cancelled.
pub fn district_export(ctx: &Ctx, a: AsOf) -> IpcResult<Option<String>> {
    let district = open(ctx)?;
    let date = chosen_date(a.as_of)?;
    let day = date.unwrap_or_else(parkreg_core::today);
    let name = format!(
        "{}-区县汇总-{}.xlsx",
        district.name()?,
        day.format("%Y%m%d")
    );
    let Some(out) = ctx.shell.pick(Dialog::SaveXlsx(name))? else {
        return Ok(None);
    };
    parkreg_core::store::refuse_registry_file(&out, district.path())?;
    district.export(&out, date)?;
    Ok(Some(ctx.shell.shown(&out)))
}

#[derive(Deserialize)]
pub struct Park {
    park: String,
}

/// Takes a park out of the district's figures (its submissions stay in the
/// history, audited); how many submissions that was.
pub fn district_remove(ctx: &Ctx, a: Park) -> IpcResult<usize> {
    Ok(open(ctx)?.remove_park(&a.park)?)
}
