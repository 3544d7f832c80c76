//! The 组织生活 page's commands: the grid, the list of records, and
//! recording, correcting and deleting a record. Every rule stays in the
//! core (`views::life`, `Store::save_meeting`).

use crate::commands::{as_of, lang_of, Registry};
use crate::error::IpcResult;
use parkreg_core::exchange::forms::MeetingForm;
use parkreg_core::rules::facts::Facts;
use parkreg_core::views::life::{self, Grid, GridQuery, RecordList, RecordQuery};
use tauri::State;

#[tauri::command]
pub async fn life_grid(
    reg: State<'_, Registry>,
    as_of: Option<String>,
    lang: Option<String>,
    query: Option<GridQuery>,
) -> IpcResult<Grid> {
    let d = self::as_of(as_of)?;
    let lang = lang_of(lang);
    reg.with(|s| {
        let r = s.registry()?;
        Ok(life::grid(
            &Facts::new(&r, d),
            lang,
            &query.unwrap_or_default(),
        ))
    })
}

#[tauri::command]
pub async fn life_records(
    reg: State<'_, Registry>,
    query: Option<RecordQuery>,
) -> IpcResult<RecordList> {
    reg.with(|s| Ok(life::records(&*s.registry()?, &query.unwrap_or_default())))
}

#[tauri::command]
pub async fn save_meeting(reg: State<'_, Registry>, form: MeetingForm) -> IpcResult<String> {
    let meeting = form.to_meeting()?;
    reg.with(|s| s.save_meeting(meeting))
}

#[tauri::command]
pub async fn remove_meeting(reg: State<'_, Registry>, id: String) -> IpcResult<()> {
    reg.with(|s| s.remove_meeting(&id))
}
