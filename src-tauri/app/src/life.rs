//! The 组织生活 page's commands: the grid, the list of records, and
//! recording, correcting and deleting a record. Every rule stays in the
//! core (`views::life`, `Store::save_meeting`).

use crate::commands::{as_of, lang_of, typed_date, Viewing};
use crate::error::IpcResult;
use crate::pages::Form;
use crate::Ctx;
use parkreg_core::exchange::forms::MeetingForm;
use parkreg_core::rules::facts::Facts;
use parkreg_core::views::life::{self, Grid, GridQuery, RecordList, RecordQuery};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct GridPage {
    #[serde(flatten)]
    viewing: Viewing,
    query: Option<GridQuery>,
}

pub fn life_grid(ctx: &Ctx, a: GridPage) -> IpcResult<Grid> {
    let d = as_of(a.viewing.as_of)?;
    let lang = lang_of(a.viewing.lang);
    ctx.reg().with(|s| {
        let r = s.registry()?;
        Ok(life::grid(
            &Facts::new(&r, d),
            lang,
            &a.query.unwrap_or_default(),
        ))
    })
}

#[derive(Deserialize)]
pub struct Records {
    query: Option<RecordQuery>,
}

pub fn life_records(ctx: &Ctx, a: Records) -> IpcResult<RecordList> {
    ctx.reg()
        .with(|s| Ok(life::records(&*s.registry()?, &a.query.unwrap_or_default())))
}

pub fn save_meeting(ctx: &Ctx, mut a: Form<MeetingForm>) -> IpcResult<String> {
    typed_date(&mut a.form.date);
    let meeting = a.form.to_meeting()?;
    ctx.reg().with(|s| s.save_meeting(meeting))
}

#[derive(Deserialize)]
pub struct Id {
    id: String,
}

pub fn remove_meeting(ctx: &Ctx, a: Id) -> IpcResult<()> {
    ctx.reg().with(|s| s.remove_meeting(&a.id))
}
