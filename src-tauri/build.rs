// The app manifest lists the shell's commands so that each gets an
// allow-/deny- permission; capabilities/ then allows exactly those the UI uses.
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "registry_status",
        "start_sample",
        "start_empty",
        "dashboard",
        "warm_up",
        "unit_detail",
        "org_detail",
        "money_page",
        "fund_pay",
        "fund_reverse",
        "fund_budget",
        "export_workbook",
        "import_preview",
        "import_apply",
        "import_undo",
        "units_page",
        "save_unit",
        "orgs_page",
        "save_org",
        "dissolve_org",
        "record_election",
        "people_page",
        "save_person",
        "history_page",
        "settings_page",
        "save_settings",
        "form_choices",
        "painted",
        "backup_now",
        "restore_backup",
        "open_other",
        "life_grid",
        "life_records",
        "save_meeting",
        "remove_meeting",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build step");
}
