//! The empty shell: a minimal Tauri window showing a static page, built
//! with the same toolchain and settings as the registry, so that the
//! registry's start-up time and memory can be compared with it
//! (scripts/bench.sh).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[path = "../startup.rs"]
mod startup;

fn main() {
    startup::mark_start();
    startup::choose_renderer();
    tauri::Builder::default()
        // Its page (ui/empty/index.html) goes to painted.html after its
        // first frame.
        .on_page_load(|_, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Started
                && payload.url().path().ends_with("painted.html")
            {
                startup::painted("empty".into());
            }
        })
        .run(tauri::generate_context!("empty-shell/tauri.conf.json"))
        .expect("the empty shell starts");
}
