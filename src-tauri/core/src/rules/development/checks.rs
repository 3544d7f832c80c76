//! The checks when a stage of a development is recorded (DOMAIN.md "Member
//! development"): each refusal names its field and, where one sets it, the
//! article of the 细则.

use super::workdays::{nth_working_day, working_days_between};
use super::{date_zh, MIN_PUBLICITY_DAYS, MIN_TRAINING_DAYS, MIN_TRAINING_HOURS};
use crate::model::dates::date_problem;
use crate::model::development::{Development, Holiday};
use crate::model::members::read_id_number;
use crate::model::problem::Problem;
use crate::model::{BirthDate, Index, Park, Person};
use crate::rules::facts::add_years;
use chrono::{Datelike, NaiveDate};

/// What the checks read besides the record: the park (whether it keeps
/// its roster), the registry's people by id, the clerk's calendar entries
/// and today.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub park: &'a Park,
    pub index: &'a Index<'a>,
    pub holidays: &'a [Holiday],
    pub today: NaiveDate,
}

/// A full member at D: a member (`Person::is_member_at`) and, by the
/// roster when the park keeps one, full (`Membership::full_at`); without
/// the roster the typed flag is taken as full.
#[must_use]
pub fn full_member_at(p: &Person, park: &Park, d: NaiveDate) -> bool {
    p.is_member_at(park, d)
        && match &p.membership {
            Some(m) if park.roster => m.full_at(d),
            _ => true,
        }
}

/// The name of a date field as the messages say it.
fn label(field: &str) -> &'static str {
    match field {
        "applied_on" => "递交入党申请",
        "talked_on" => "谈话",
        "activist_on" => "列为入党积极分子",
        "reviews" => "考察",
        "target_on" => "列为发展对象",
        "reviewed_on" => "政治审查结论",
        "publicity_from" => "公示开始",
        "publicity_to" => "公示结束",
        "pre_reviewed_on" => "基层党委预审",
        "admitted_on" => "支部大会接收",
        "approved_on" => "上级党委审批",
        "dropped_on" => "终止发展",
        _ => "",
    }
}

struct Out<'p> {
    path: &'p str,
    list: Vec<Problem>,
}

impl Out<'_> {
    fn push(&mut self, field: &str, message: String) {
        if !self
            .list
            .iter()
            .any(|p| p.field == field && p.message == message)
        {
            self.list.push(Problem::new(self.path, field, message));
        }
    }
}

/// Every problem of `person`'s development record `dev` (at `path`, e.g.
/// `people[3].development`), in the order of the stages. None for a
/// record every stage of which may be recorded.
#[must_use]
pub fn stage_problems(
    path: &str,
    person: &Person,
    dev: &Development,
    cx: &Context,
) -> Vec<Problem> {
    let mut out = Out {
        path,
        list: Vec::new(),
    };
    let dates = [
        ("applied_on", dev.applied_on),
        ("talked_on", dev.talked_on),
        ("activist_on", dev.activist_on),
        ("target_on", dev.target_on),
        ("reviewed_on", dev.reviewed_on),
        ("publicity_from", dev.publicity_from),
        ("publicity_to", dev.publicity_to),
        ("pre_reviewed_on", dev.pre_reviewed_on),
        ("admitted_on", dev.admitted_on),
        ("approved_on", dev.approved_on),
        ("dropped_on", dev.dropped_on),
    ];
    let reviews = dev.reviews.iter().map(|&r| ("reviews", Some(r)));
    for (field, date) in dates.into_iter().chain(reviews) {
        let Some(date) = date else { continue };
        if let Some(msg) = date_problem(date) {
            out.push(field, msg);
        } else if date > cx.today && field != "publicity_to" {
            out.push(
                field,
                format!(
                    "{}日期 {} 晚于今天（{}）",
                    label(field),
                    date_zh(date),
                    date_zh(cx.today)
                ),
            );
        }
    }
    required(&mut out, dev);
    order(&mut out, dev);
    age(&mut out, person, dev);
    if let (Some(activist), Some(target)) = (dev.activist_on, dev.target_on) {
        let earliest = add_years(activist, 1);
        if target < earliest {
            out.push(
                "target_on",
                format!(
                    "列为发展对象应在列为积极分子满一年后（细则第十三条）：最早 {}",
                    date_zh(earliest)
                ),
            );
        }
    }
    contacts(&mut out, person, dev, cx);
    introducers(&mut out, person, dev, cx);
    if let Some(admitted) = dev.admitted_on {
        admission(&mut out, person, dev, admitted, cx);
    }
    if dev.dropped_on.is_some() && dev.approved_on.is_some() {
        out.push(
            "dropped_on",
            "已经上级党委审批的发展不能再终止（出党或取消预备党员资格记在党员信息中）".into(),
        );
    }
    if let Some(id) = dev.org.as_deref() {
        if cx.index.org(id).is_none() {
            out.push("org", format!("党组织“{id}”不存在"));
        }
    }
    out.list
}

/// A stage recorded without the one it needs.
fn required(out: &mut Out, dev: &Development) {
    let any = |fields: &[(&'static str, bool)]| {
        fields.iter().find(|(_, present)| *present).map(|(f, _)| *f)
    };
    let after_applying = [
        ("talked_on", dev.talked_on.is_some()),
        ("activist_on", dev.activist_on.is_some()),
        ("target_on", dev.target_on.is_some()),
        ("admitted_on", dev.admitted_on.is_some()),
        ("approved_on", dev.approved_on.is_some()),
        ("dropped_on", dev.dropped_on.is_some()),
    ];
    let after_activist = [
        ("target_on", dev.target_on.is_some()),
        ("reviews", !dev.reviews.is_empty()),
        ("contacts", !dev.contacts.is_empty()),
    ];
    let after_target = [
        ("reviewed_on", dev.reviewed_on.is_some()),
        ("publicity_from", dev.publicity_from.is_some()),
        ("pre_reviewed_on", dev.pre_reviewed_on.is_some()),
        ("admitted_on", dev.admitted_on.is_some()),
        ("introducers", !dev.introducers.is_empty()),
    ];
    let rules: [(&str, bool, Option<&str>, &str); 5] = [
        (
            "applied_on",
            dev.applied_on.is_some(),
            any(&after_applying),
            "",
        ),
        (
            "activist_on",
            dev.activist_on.is_some(),
            any(&after_activist),
            "（细则第十三条）",
        ),
        (
            "target_on",
            dev.target_on.is_some(),
            any(&after_target),
            "（细则第十三条）",
        ),
        (
            "publicity_from",
            dev.publicity_from.is_some(),
            dev.publicity_to.map(|_| "publicity_to"),
            "",
        ),
        (
            "admitted_on",
            dev.admitted_on.is_some(),
            dev.approved_on.map(|_| "approved_on"),
            "",
        ),
    ];
    for (field, present, later, article) in rules {
        if let Some(later) = later.filter(|_| !present) {
            let what = match later {
                "contacts" => "指定培养联系人",
                "introducers" => "确定入党介绍人",
                other => label(other),
            };
            out.push(
                field,
                format!(
                    "缺少{}日期：{what}之前应先{}{article}",
                    label(field),
                    label(field)
                ),
            );
        }
    }
}

/// A date field and its value.
type Dated = (&'static str, Option<NaiveDate>);

/// Each stage not before the ones it follows.
fn order(out: &mut Out, dev: &Development) {
    let later_than: [(&str, Option<NaiveDate>, &[Dated]); 9] = [
        (
            "talked_on",
            dev.talked_on,
            &[("applied_on", dev.applied_on)],
        ),
        (
            "activist_on",
            dev.activist_on,
            &[("applied_on", dev.applied_on), ("talked_on", dev.talked_on)],
        ),
        (
            "target_on",
            dev.target_on,
            &[("activist_on", dev.activist_on)],
        ),
        (
            "reviewed_on",
            dev.reviewed_on,
            &[("target_on", dev.target_on)],
        ),
        (
            "publicity_from",
            dev.publicity_from,
            &[("target_on", dev.target_on)],
        ),
        (
            "publicity_to",
            dev.publicity_to,
            &[("publicity_from", dev.publicity_from)],
        ),
        (
            "pre_reviewed_on",
            dev.pre_reviewed_on,
            &[
                ("target_on", dev.target_on),
                ("reviewed_on", dev.reviewed_on),
            ],
        ),
        (
            "admitted_on",
            dev.admitted_on,
            &[
                ("target_on", dev.target_on),
                ("reviewed_on", dev.reviewed_on),
                ("publicity_to", dev.publicity_to),
                ("pre_reviewed_on", dev.pre_reviewed_on),
            ],
        ),
        (
            "approved_on",
            dev.approved_on,
            &[("admitted_on", dev.admitted_on)],
        ),
    ];
    let dropped = [(
        "dropped_on",
        dev.dropped_on,
        &[("applied_on", dev.applied_on)][..],
    )];
    let activist = [("activist_on", dev.activist_on)];
    let reviews = dev
        .reviews
        .iter()
        .map(|&r| ("reviews", Some(r), &activist[..]));
    for (field, date, earlier) in later_than.into_iter().chain(dropped).chain(reviews) {
        let Some(date) = date else { continue };
        for &(before, at) in earlier {
            if let Some(at) = at.filter(|&at| date < at) {
                out.push(
                    field,
                    format!(
                        "{}日期 {} 早于{}日期 {}",
                        label(field),
                        date_zh(date),
                        label(before),
                        date_zh(at)
                    ),
                );
            }
        }
    }
}

/// 细则 art. 5: 18 or older on applying, by the birth date or else the ID
/// number; by months when only the month of birth is known.
fn age(out: &mut Out, person: &Person, dev: &Development) {
    let Some(applied) = dev.applied_on else {
        return;
    };
    let born = person.birth_date.or_else(|| {
        let (day, _) = read_id_number(person.id_number.as_deref()?).ok()?;
        Some(BirthDate::Day(day))
    });
    let Some(born) = born else { return };
    let adult = add_years(born.earliest(), 18);
    let old_enough = match born {
        BirthDate::Day(_) => applied >= adult,
        BirthDate::Month { .. } => {
            (applied.year(), applied.month()) >= (adult.year(), adult.month())
        }
    };
    if !old_enough {
        out.push(
            "applied_on",
            format!(
                "申请入党时未满 18 周岁（细则第五条）：出生 {born}，满 18 周岁为 {}",
                date_zh(adult)
            ),
        );
    }
}

/// Who a listed id is, or why it cannot be one of the people named.
fn named<'a>(
    id: &str,
    person: &Person,
    cx: &Context<'a>,
    role: &str,
) -> Result<&'a Person, String> {
    if id == person.id {
        return Err(format!("{role}不能是本人"));
    }
    cx.index
        .person(id)
        .ok_or_else(|| format!("{role}“{id}”不在人员名单中"))
}

fn distinct(ids: &[String]) -> bool {
    ids.iter().enumerate().all(|(i, id)| !ids[..i].contains(id))
}

/// 细则 art. 9: 1 or 2 full members at `activist_on`.
fn contacts(out: &mut Out, person: &Person, dev: &Development, cx: &Context) {
    const RULE: &str = "培养联系人应为一至两名正式党员（细则第九条）";
    if dev.contacts.len() > 2 || !distinct(&dev.contacts) {
        out.push(
            "contacts",
            format!("{RULE}：现有 {} 名", dev.contacts.len()),
        );
    }
    let Some(at) = dev.activist_on else { return };
    for id in &dev.contacts {
        match named(id, person, cx, "培养联系人") {
            Err(msg) => out.push("contacts", msg),
            Ok(p) if !full_member_at(p, cx.park, at) => out.push(
                "contacts",
                format!("{RULE}：{} 在 {} 不是正式党员", p.name, date_zh(at)),
            ),
            Ok(_) => {}
        }
    }
}

/// 细则 art. 14: 2 full members at `admitted_on`; before, at most 2 of
/// the registry's people.
fn introducers(out: &mut Out, person: &Person, dev: &Development, cx: &Context) {
    const RULE: &str = "入党介绍人应为两名正式党员（细则第十四条）";
    let n = dev.introducers.len();
    let count_wrong = if dev.admitted_on.is_some() {
        n != 2
    } else {
        n > 2
    };
    if count_wrong || !distinct(&dev.introducers) {
        out.push("introducers", format!("{RULE}：现有 {n} 名"));
    }
    for id in &dev.introducers {
        match named(id, person, cx, "入党介绍人") {
            Err(msg) => out.push("introducers", msg),
            Ok(p) => {
                if let Some(at) = dev
                    .admitted_on
                    .filter(|&at| !full_member_at(p, cx.park, at))
                {
                    out.push(
                        "introducers",
                        format!("{RULE}：{} 在 {} 不是正式党员", p.name, date_zh(at)),
                    );
                }
            }
        }
    }
}

/// What admission by the branch meeting needs (细则 art. 16–19), and the
/// membership it starts.
fn admission(out: &mut Out, person: &Person, dev: &Development, admitted: NaiveDate, cx: &Context) {
    if dev.reviewed_on.is_none() {
        out.push(
            "reviewed_on",
            "支部大会接收前应有政治审查结论（细则第十六、十七条）".into(),
        );
    }
    let days = dev.training_days.unwrap_or(0);
    let hours = dev.training_hours.unwrap_or(0);
    if days < MIN_TRAINING_DAYS && hours < MIN_TRAINING_HOURS {
        let field = if dev.training_hours.is_some() && dev.training_days.is_none() {
            "training_hours"
        } else {
            "training_days"
        };
        out.push(
            field,
            format!(
                "支部大会接收前应参加集中培训，不少于 {MIN_TRAINING_DAYS} 天或 {MIN_TRAINING_HOURS} 学时（细则第十八条）：现为 {days} 天、{hours} 学时"
            ),
        );
    }
    match (dev.publicity_from, dev.publicity_to) {
        (Some(from), Some(to)) => {
            if working_days_between(from, to, cx.holidays) < MIN_PUBLICITY_DAYS {
                let earliest = nth_working_day(from, MIN_PUBLICITY_DAYS, cx.holidays)
                    .map_or_else(String::new, |d| format!("，最早至 {}", date_zh(d)));
                out.push(
                    "publicity_to",
                    format!(
                        "公示应不少于 {MIN_PUBLICITY_DAYS} 个工作日（细则第十九条）：自 {} 起{earliest}",
                        date_zh(from)
                    ),
                );
            }
        }
        (None, _) => out.push(
            "publicity_from",
            "支部大会接收前应对发展对象公示（细则第十九条）".into(),
        ),
        (Some(_), None) => out.push(
            "publicity_to",
            "支部大会接收前公示应已结束：请记录公示结束日期（细则第十九条）".into(),
        ),
    }
    if dev.pre_reviewed_on.is_none() {
        out.push(
            "pre_reviewed_on",
            "支部大会接收前应经基层党委预审（细则第十九条）".into(),
        );
    }
    if let Some(m) = person
        .membership
        .as_ref()
        .filter(|m| m.joined_on != admitted)
    {
        out.push(
            "admitted_on",
            format!(
                "入党日期 {} 应与支部大会接收日期 {} 一致（入党时间自支部大会通过之日算起）",
                date_zh(m.joined_on),
                date_zh(admitted)
            ),
        );
    }
}
