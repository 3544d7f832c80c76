//! The 组织生活 page: a grid of organizations × periods (the last twelve
//! months, and the last quarters, halves and years for the slower rules)
//! saying for each rule whether it was held, missed or is still open; and
//! the list of records with its filters.

use crate::model::*;
use crate::rules::facts::Facts;
use crate::rules::life::{held, Frequency, Period, Rule};
use chrono::Datelike;
use serde::{Deserialize, Serialize};

/// How many periods of each frequency the grid shows, the one containing
/// D last.
const COLUMNS: [(Frequency, usize); 4] = [
    (Frequency::Month, 12),
    (Frequency::Quarter, 4),
    (Frequency::HalfYear, 2),
    (Frequency::Year, 2),
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GridQuery {
    /// Matched against the organization's name.
    pub text: String,
    /// Only organizations with a missed rule in the grid's periods.
    pub missed_only: bool,
    /// 0-based.
    pub page: usize,
    pub per_page: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub frequency: Frequency,
    pub label: String,
    pub first: chrono::NaiveDate,
    pub last: chrono::NaiveDate,
}

/// What became of one rule in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Held,
    Missed,
    /// The period is not over at D and nothing is recorded yet.
    Open,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    pub kind: MeetingKind,
    pub state: State,
}

#[derive(Debug, Clone, Serialize)]
pub struct GridRow {
    pub org: String,
    pub name: String,
    pub org_kind: OrgKind,
    /// Per column, each rule the organization was subject to then; empty
    /// where none was (not founded yet, or no rule of that frequency).
    pub cells: Vec<Vec<Mark>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Grid {
    pub columns: Vec<Column>,
    pub rows: Vec<GridRow>,
    /// Organizations matching the query, over all pages.
    pub matched: usize,
    pub page: usize,
    pub pages: usize,
}

/// The grid's columns as of the facts' date.
fn columns(d: chrono::NaiveDate, lang: Lang) -> Vec<Column> {
    let mut out = Vec::new();
    for (f, n) in COLUMNS {
        let mut periods = vec![f.containing(d)];
        while periods.len() < n {
            match f.before(periods[periods.len() - 1]) {
                Some(p) => periods.push(p),
                None => break,
            }
        }
        out.extend(periods.into_iter().rev().map(|p: Period| Column {
            frequency: f,
            label: p.label(lang),
            first: p.first,
            last: p.last,
        }));
    }
    out
}

/// The marks of organization `o` in one column.
fn cell(facts: &Facts, o: usize, column: &Column) -> Vec<Mark> {
    let org = &facts.reg.organizations[o];
    let period = Period {
        first: column.first,
        last: column.last,
    };
    Rule::ALL
        .into_iter()
        .filter(|r| r.frequency(&facts.reg.park) == column.frequency && r.binds(org))
        // Subject: founded by the period's start, not dissolved before its end.
        .filter(|_| org.founded_on <= period.first)
        .filter(|_| org.dissolved_on.is_none_or(|d| d > period.last))
        .map(|rule| Mark {
            kind: rule.kind(),
            state: if held(facts, o, rule.kind(), period) {
                State::Held
            } else if period.last < facts.date {
                State::Missed
            } else {
                State::Open
            },
        })
        .collect()
}

/// The grid page: the organizations active at D (groups included, for
/// their group meetings), in the registry's order, a page at a time.
#[must_use]
pub fn grid(facts: &Facts, lang: Lang, q: &GridQuery) -> Grid {
    let columns = columns(facts.date, lang);
    let text = q.text.trim().to_lowercase();
    let per_page = q.per_page.clamp(1, 200);
    let reg = facts.reg;
    let missed = |o: usize| {
        columns
            .iter()
            .any(|c| cell(facts, o, c).iter().any(|m| m.state == State::Missed))
    };
    let chosen: Vec<usize> = (0..reg.organizations.len())
        .filter(|&o| facts.org_active[o])
        .filter(|&o| text.is_empty() || reg.organizations[o].name.to_lowercase().contains(&text))
        .filter(|&o| !q.missed_only || missed(o))
        .collect();
    let pages = chosen.len().div_ceil(per_page).max(1);
    let page = q.page.min(pages - 1);
    let rows = chosen
        .iter()
        .skip(page * per_page)
        .take(per_page)
        .map(|&o| {
            let org = &reg.organizations[o];
            GridRow {
                org: org.id.clone(),
                name: org.name.clone(),
                org_kind: org.kind,
                cells: columns.iter().map(|c| cell(facts, o, c)).collect(),
            }
        })
        .collect();
    Grid {
        columns,
        matched: chosen.len(),
        rows,
        page,
        pages,
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RecordQuery {
    /// An organization's id; empty for all.
    pub org: String,
    /// A kind's code; empty for all.
    pub kind: String,
    /// `2013`, `2013-05` or empty for all.
    pub period: String,
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordRow {
    #[serde(flatten)]
    pub meeting: Meeting,
    pub org_name: String,
    pub host_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordList {
    /// Newest first, at most `limit`.
    pub rows: Vec<RecordRow>,
    pub matched: usize,
}

/// The records matching the query, newest first.
#[must_use]
pub fn records(reg: &Registry, q: &RecordQuery) -> RecordList {
    let index = reg.index();
    let period = q.period.trim();
    let in_period = |m: &Meeting| {
        period.is_empty() || {
            let month = format!("{:04}-{:02}", m.date.year(), m.date.month());
            month == period || month[..4] == *period
        }
    };
    let mut chosen: Vec<&Meeting> = reg
        .meetings
        .iter()
        .filter(|m| q.org.is_empty() || m.org == q.org)
        .filter(|m| q.kind.is_empty() || code_of(&m.kind) == q.kind)
        .filter(|m| in_period(m))
        .collect();
    let limit = if q.limit == 0 { 200 } else { q.limit };
    let matched = chosen.len();
    let newest_first =
        |a: &&Meeting, b: &&Meeting| b.date.cmp(&a.date).then_with(|| b.id.cmp(&a.id));
    // Millions of records at district scale: pick the newest `limit` before
    // sorting them rather than sorting all.
    if matched > limit {
        chosen.select_nth_unstable_by(limit, newest_first);
        chosen.truncate(limit);
    }
    chosen.sort_unstable_by(newest_first);
    RecordList {
        matched,
        rows: chosen
            .into_iter()
            .take(limit)
            .map(|m| RecordRow {
                org_name: index.org(&m.org).map_or(m.org.clone(), |o| o.name.clone()),
                host_name: m
                    .host
                    .as_ref()
                    .and_then(|h| index.person(h))
                    .map(|p| p.name.clone()),
                meeting: m.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::gaps::org_gaps;
    use crate::samples::{sample_park, synthetic};
    use chrono::NaiveDate;

    fn all_rows(facts: &Facts) -> Grid {
        let q = GridQuery {
            per_page: 200,
            ..GridQuery::default()
        };
        grid(facts, Lang::Zh, &q)
    }

    fn code(rule: Rule) -> String {
        let kind = serde_json::to_value(rule).unwrap();
        format!("{}_MISSED", kind.as_str().unwrap().to_uppercase())
    }

    /// The grid's cell for each rule's last complete period says missed
    /// exactly when the gaps list that rule's gap for the organization.
    #[test]
    fn the_last_complete_period_agrees_with_the_gaps() {
        let sample = sample_park();
        let synthetic = synthetic::registry(150, 7);
        let cases: [(&Registry, &str); 6] = [
            (&sample, "2013-06-30"),
            (&sample, "2013-07-01"),
            (&sample, "2013-01-01"),
            (&sample, "2012-12-31"),
            (&synthetic, "2024-06-30"),
            (&synthetic, "2023-03-01"),
        ];
        for (reg, date) in cases {
            let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            let facts = Facts::new(reg, d);
            let g = all_rows(&facts);
            assert_eq!(g.rows.len(), g.matched, "one page holds them all");
            let mut missed = 0;
            for row in &g.rows {
                let o = reg
                    .organizations
                    .iter()
                    .position(|x| x.id == row.org)
                    .unwrap();
                let gaps: Vec<String> = org_gaps(&facts, o, Lang::Zh)
                    .iter()
                    .map(|gap| {
                        serde_json::to_value(gap.code)
                            .unwrap()
                            .as_str()
                            .unwrap()
                            .to_string()
                    })
                    .collect();
                for rule in Rule::ALL {
                    let f = rule.frequency(&reg.park);
                    let Some(p) = f.last_complete(d) else {
                        continue;
                    };
                    let i = g
                        .columns
                        .iter()
                        .position(|c| c.frequency == f && c.last == p.last)
                        .expect("the last complete period is a column");
                    let shown = row.cells[i]
                        .iter()
                        .any(|m| m.kind == rule.kind() && m.state == State::Missed);
                    missed += usize::from(shown);
                    assert_eq!(
                        shown,
                        gaps.contains(&code(rule)),
                        "{date}: {} {rule:?} in {}",
                        row.org,
                        g.columns[i].label
                    );
                }
            }
            assert!(missed > 0, "{date}: some rule is missed, so the test bites");
        }
    }

    #[test]
    fn columns_run_back_from_the_period_containing_the_date() {
        let d = NaiveDate::from_ymd_opt(2013, 6, 30).unwrap();
        let cols = columns(d, Lang::Zh);
        let labels: Vec<&str> = cols.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels.len(), 20);
        assert_eq!(labels[0], "2012年7月");
        assert_eq!(labels[11], "2013年6月");
        assert_eq!(
            &labels[12..16],
            [
                "2012年第3季度",
                "2012年第4季度",
                "2013年第1季度",
                "2013年第2季度"
            ]
        );
        assert_eq!(&labels[16..18], ["2012年下半年", "2013年上半年"]);
        assert_eq!(&labels[18..20], ["2012年", "2013年"]);
    }

    /// Cells of a still-open period are open, never missed; a founded-later
    /// organization has empty cells before its founding.
    #[test]
    fn open_periods_and_periods_before_founding() {
        let reg = sample_park();
        let d = NaiveDate::from_ymd_opt(2013, 6, 30).unwrap();
        let facts = Facts::new(&reg, d);
        let g = all_rows(&facts);
        let june = g
            .columns
            .iter()
            .position(|c| c.label == "2013年6月")
            .unwrap();
        for row in &g.rows {
            assert!(
                row.cells[june].iter().all(|m| m.state != State::Missed),
                "{}",
                row.org
            );
            let org = reg.organizations.iter().find(|o| o.id == row.org).unwrap();
            for (c, marks) in g.columns.iter().zip(&row.cells) {
                if org.founded_on > c.first {
                    assert!(
                        marks.is_empty(),
                        "{} before founding in {}",
                        row.org,
                        c.label
                    );
                }
            }
        }
        let q = GridQuery {
            missed_only: true,
            text: "碳素".into(),
            per_page: 10,
            ..GridQuery::default()
        };
        let only = grid(&facts, Lang::Zh, &q);
        assert_eq!(
            only.rows.iter().map(|r| r.org.as_str()).collect::<Vec<_>>(),
            ["o9"]
        );
    }

    #[test]
    fn records_filter_by_org_kind_and_period_newest_first() {
        let reg = sample_park();
        let cases = [
            ("o9", "", "", None),
            ("", "training", "", Some(24)),
            ("o9", "member_meeting", "2012", None),
            ("", "", "2013-05", None),
        ];
        for (org, kind, period, count) in cases {
            let q = RecordQuery {
                org: org.into(),
                kind: kind.into(),
                period: period.into(),
                limit: 1000,
            };
            let list = records(&reg, &q);
            let expected: Vec<&Meeting> = reg
                .meetings
                .iter()
                .filter(|m| org.is_empty() || m.org == org)
                .filter(|m| kind.is_empty() || code_of(&m.kind) == kind)
                .filter(|m| m.date.to_string().starts_with(period))
                .collect();
            assert!(!expected.is_empty(), "{org} {kind} {period}");
            assert_eq!(list.matched, expected.len());
            if let Some(n) = count {
                assert_eq!(list.matched, n);
            }
            assert!(list
                .rows
                .windows(2)
                .all(|w| w[0].meeting.date >= w[1].meeting.date));
        }
        let few = records(
            &reg,
            &RecordQuery {
                limit: 5,
                ..RecordQuery::default()
            },
        );
        assert_eq!(few.rows.len(), 5);
        assert_eq!(few.matched, reg.meetings.len());
    }
}
