// The app manifest lists the shell's three commands (`call`, which runs every
// command of parkreg-app, `painted`, the start-up mark, and `print`, the web
// view's print dialog) so that each gets an allow-/deny- permission;
// capabilities/ allows exactly these.
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["call", "painted", "print"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build step");
}
