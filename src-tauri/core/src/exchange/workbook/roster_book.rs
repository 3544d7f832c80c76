//! The 花名册 written out (`parkreg roster export`): the members at D, one
//! row each, under the headers the roster import reads, so that a sheet
//! exported, corrected in Excel and imported again changes only what was
//! corrected. It holds personal data: the file's properties say so, and ID
//! numbers are masked unless asked for whole.

use crate::error::{Error, Result};
use crate::model::members::{mask_id_number, MemberStatus};
use crate::model::*;
use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Format, FormatBorder, Workbook, XlsxError};
use std::path::Path;

/// What the file's properties and the command say before writing.
pub const PERSONAL_DATA_NOTICE: &str =
    "本文件含党员个人信息（姓名、出生年月、身份证号、联系电话），请按个人信息保护要求妥善保管，不得外传";

const HEADERS: [(&str, f64); 13] = [
    ("编号", 8.0),
    ("姓名", 10.0),
    ("性别", 6.0),
    ("民族", 8.0),
    ("出生年月", 11.0),
    ("学历", 10.0),
    ("身份证号", 21.0),
    ("工作单位", 24.0),
    ("所在党组织", 24.0),
    ("入党时间", 12.0),
    ("转正时间", 12.0),
    ("党籍状态", 9.0),
    ("联系电话", 14.0),
];

/// A membership date as the 花名册 writes it: the day, or `2005.07` when
/// only the month is known.
fn date_text(m: &Membership, field: &str, d: Option<NaiveDate>) -> String {
    match d {
        None => String::new(),
        Some(d) if m.is_approximate(field) => d.format("%Y.%m").to_string(),
        Some(d) => d.to_string(),
    }
}

/// Writes the members at `d` to `path`; returns how many.
pub fn write_roster(reg: &Registry, d: NaiveDate, path: &Path, full_id: bool) -> Result<usize> {
    let failed = |e: XlsxError| Error::File {
        path: path.to_path_buf(),
        message: format!("无法写入花名册：{e}"),
    };
    let index = reg.index();
    let members: Vec<(&Person, &Membership)> = (reg.people.iter())
        .filter_map(|p| p.membership.as_ref().map(|m| (p, m)))
        .filter(|(_, m)| m.member_at(d))
        .collect();
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title("党员名册")
            .set_comment(PERSONAL_DATA_NOTICE)
            .set_custom_property("个人信息", PERSONAL_DATA_NOTICE),
    );
    let sheet = book.add_worksheet();
    let write = |sheet: &mut rust_xlsxwriter::Worksheet| -> Result<(), XlsxError> {
        sheet.set_name(crate::exchange::workbook::import::ROSTER)?;
        let title = Format::new().set_bold().set_font_size(14);
        let head = Format::new().set_bold().set_border(FormatBorder::Thin);
        let cell = Format::new().set_border(FormatBorder::Thin);
        sheet.write_string_with_format(
            0,
            0,
            format!(
                "{}党员名册（截至 {}）",
                reg.park.name,
                crate::rules::gaps::date_zh(d)
            ),
            &title,
        )?;
        for (c, (h, width)) in HEADERS.iter().enumerate() {
            sheet.write_string_with_format(1, c as u16, *h, &head)?;
            sheet.set_column_width(c as u16, *width)?;
        }
        sheet.set_repeat_rows(1, 1)?;
        for (i, (p, m)) in members.iter().enumerate() {
            let r = i as u32 + 2;
            let id_number = p.id_number.as_deref().map(|id| {
                if full_id {
                    id.to_string()
                } else {
                    mask_id_number(id)
                }
            });
            let values = [
                p.id.clone(),
                p.name.clone(),
                p.gender
                    .map(|g| if g == Gender::Male { "男" } else { "女" }.to_string())
                    .unwrap_or_default(),
                p.ethnicity.clone().unwrap_or_default(),
                p.birth_date
                    .map(|b| b.to_string().replace('-', "."))
                    .unwrap_or_default(),
                p.education.clone().unwrap_or_default(),
                id_number.unwrap_or_default(),
                (m.unit.as_deref().and_then(|u| index.unit(u)))
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                (m.org.as_deref().and_then(|o| index.org(o)))
                    .map(|o| o.name.clone())
                    .unwrap_or_default(),
                date_text(m, "joined_on", Some(m.joined_on)),
                date_text(m, "full_on", m.full_on.filter(|f| *f <= d)),
                match m.status_at(d) {
                    MemberStatus::Full => "正式党员",
                    _ => "预备党员",
                }
                .to_string(),
                p.phone.clone().unwrap_or_default(),
            ];
            for (c, v) in values.iter().enumerate() {
                sheet.write_string_with_format(r, c as u16, v, &cell)?;
            }
        }
        Ok(())
    };
    write(sheet).map_err(failed)?;
    let bytes = book.save_to_buffer().map_err(failed)?;
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(members.len())
}
