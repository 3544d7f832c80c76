//! When the window first shows its page, for the start-up benchmark: the
//! page calls `painted` after its first frame, and the time since the
//! process started goes to stderr as `painted PAGE MS`.

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Marks the start of the process; call first thing in main.
pub fn mark_start() {
    STARTED.get_or_init(Instant::now);
}

#[tauri::command]
pub fn painted(page: String) {
    let ms = STARTED
        .get()
        .map_or(0.0, |t| t.elapsed().as_secs_f64() * 1000.0);
    eprintln!("painted {page} {ms:.0}");
}
