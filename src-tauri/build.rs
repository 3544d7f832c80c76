// The app manifest lists the shell's two commands (`call`, which runs every
// command of parkreg-app, and `painted`, the start-up mark) so that each gets
// an allow-/deny- permission; capabilities/ allows exactly these.
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["call", "painted"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build step");
}
