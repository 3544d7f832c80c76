//! What one dues setting comes to a month (中组部 2008 规定 art. 1–7), and
//! the settings that cannot be: each problem names its field.

use crate::model::dates::year_problem;
use crate::model::dues::{DuesCategory, DuesSetting};
use crate::model::money::{yuan, MAX_FEN};
use crate::model::problem::Problem;
use crate::model::Fen;

/// The wage brackets: a base up to the bound (inclusive) pays the rate in
/// basis points (1/10,000); above the last bound, `WAGE_TOP_BP`.
const WAGE_BRACKETS: [(Fen, i64); 3] = [(300_000, 50), (500_000, 100), (1_000_000, 150)];
const WAGE_TOP_BP: i64 = 200;
/// Pensions up to 5,000 yuan pay 0.5%, above 1%.
const RETIRED_BRACKETS: [(Fen, i64); 1] = [(500_000, 50)];
const RETIRED_TOP_BP: i64 = 100;

/// A farmer member's monthly dues: 0.20 to 1.00 yuan.
pub const FARMER_FEN: std::ops::RangeInclusive<Fen> = 20..=100;
/// Students, the unemployed and those on 低保: 0.20 yuan.
pub const MINIMAL_FEN: Fen = 20;
/// The smallest base a share is taken of: 1 yuan, so that the share is
/// at least a fen. A lower "wage" is a typing mistake or a `minimal` member.
pub const MIN_BASE_FEN: Fen = 100;

/// `base × bp / 10,000`, rounded half up to the fen (the base is never
/// negative here).
fn share(base: Fen, bp: i64) -> Fen {
    (base * bp + 5_000) / 10_000
}

fn rate_bp(base: Fen, brackets: &[(Fen, i64)], top: i64) -> i64 {
    brackets
        .iter()
        .find(|(bound, _)| base <= *bound)
        .map_or(top, |&(_, bp)| bp)
}

/// The rate a base pays under a category that takes a share, in basis
/// points; `None` for the categories of a fixed amount.
#[must_use]
pub fn rate_bp_of(category: DuesCategory, base: Fen) -> Option<i64> {
    match category {
        DuesCategory::Wage => Some(rate_bp(base, &WAGE_BRACKETS, WAGE_TOP_BP)),
        DuesCategory::Retired => Some(rate_bp(base, &RETIRED_BRACKETS, RETIRED_TOP_BP)),
        _ => None,
    }
}

/// A setting's monthly dues in fen (0 for `exempt`), or every problem that
/// makes it impossible (path empty: the caller places them).
pub fn monthly_dues(s: &DuesSetting) -> Result<Fen, Vec<Problem>> {
    let problems = setting_problems(s, "");
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(match s.category {
        DuesCategory::Wage | DuesCategory::Retired => {
            let base = s.base_fen.expect("checked");
            share(base, rate_bp_of(s.category, base).expect("a share"))
        }
        DuesCategory::Farmer | DuesCategory::Reduced => s.amount_fen.expect("checked"),
        DuesCategory::Minimal => MINIMAL_FEN,
        DuesCategory::Exempt => 0,
    })
}

/// Every field of a setting that its category makes impossible: a share
/// without its base, a fixed amount outside its range, a reduction or an
/// exemption without its approval, and a field the category has no use
/// for (a second source of the amount would disagree with the first).
#[must_use]
pub fn setting_problems(s: &DuesSetting, path: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut problem = |field: &str, msg: String| out.push(Problem::new(path, field, msg));
    use DuesCategory as C;
    if let Some(msg) = year_problem(s.from_month.year()) {
        problem("from_month", msg);
    }
    let shared = matches!(s.category, C::Wage | C::Retired);
    match (shared, s.base_fen) {
        (true, None) => problem(
            "base_fen",
            "按工资或离退休费交纳党费，须填写每月税后固定收入（基数）".into(),
        ),
        (true, Some(b)) if b < MIN_BASE_FEN => problem(
            "base_fen",
            format!(
                "基数 {} 过低：至少 {}；没有收入的按最低标准每月 {} 交纳",
                yuan(b),
                yuan(MIN_BASE_FEN),
                yuan(MINIMAL_FEN)
            ),
        ),
        (true, Some(b)) if b >= MAX_FEN => problem("base_fen", format!("基数 {} 过大", yuan(b))),
        (false, Some(_)) => problem("base_fen", "只有按工资或离退休费交纳的才填写基数".into()),
        _ => {}
    }
    match (s.category, s.amount_fen) {
        (C::Wage | C::Retired, Some(_)) => problem(
            "amount_fen",
            "按比例交纳的党费由基数算出，不另填金额".into(),
        ),
        (C::Farmer, None) => problem(
            "amount_fen",
            format!(
                "农民党员须填写每月党费（{} 至 {}）",
                yuan(*FARMER_FEN.start()),
                yuan(*FARMER_FEN.end())
            ),
        ),
        (C::Farmer, Some(a)) if !FARMER_FEN.contains(&a) => problem(
            "amount_fen",
            format!(
                "农民党员每月交纳 {} 至 {}，实为 {}",
                yuan(*FARMER_FEN.start()),
                yuan(*FARMER_FEN.end()),
                yuan(a)
            ),
        ),
        (C::Minimal, Some(a)) if a != MINIMAL_FEN => problem(
            "amount_fen",
            format!("最低标准为每月 {}，实为 {}", yuan(MINIMAL_FEN), yuan(a)),
        ),
        (C::Reduced, None) => problem("amount_fen", "减交须填写批准的每月金额".into()),
        (C::Reduced, Some(a)) if a <= 0 => problem(
            "amount_fen",
            format!("减交金额须大于 0，实为 {}；不交的应为免交", yuan(a)),
        ),
        (C::Reduced, Some(a)) if a >= MAX_FEN => {
            problem("amount_fen", format!("金额 {} 过大", yuan(a)));
        }
        (C::Exempt, Some(a)) if a != 0 => {
            problem("amount_fen", format!("免交不填金额，实为 {}", yuan(a)));
        }
        _ => {}
    }
    let approved = s.approval.as_deref().is_some_and(|a| !a.trim().is_empty());
    match s.category {
        C::Reduced | C::Exempt if !approved => problem(
            "approval",
            format!(
                "{}须写明批准的日期和文件",
                if s.category == C::Reduced {
                    "减交"
                } else {
                    "免交"
                }
            ),
        ),
        C::Wage | C::Retired | C::Farmer | C::Minimal if s.approval.is_some() => {
            problem("approval", "只有减交、免交才填写批准情况".into())
        }
        _ => {}
    }
    out
}

/// A member's settings (`dues` of a person at `path`): each setting's
/// problems, and two settings from the same month (which would be in
/// force is not knowable).
#[must_use]
pub fn check_settings(settings: &[DuesSetting], path: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    for (j, s) in settings.iter().enumerate() {
        let here = format!("{path}[{j}]");
        out.extend(setting_problems(s, &here));
        if let Some(k) = settings[..j]
            .iter()
            .position(|t| t.from_month == s.from_month)
        {
            out.push(Problem::new(
                &here,
                "from_month",
                format!(
                    "起始月份 {} 与 {path}[{k}] 相同：同一月份只能有一个党费标准",
                    s.from_month
                ),
            ));
        }
    }
    out
}
