//! The browser mode in the real old Chromium engines that UOS 20 and Kylin
//! V10 ship: Chromium 69 and 83, as QtWebEngine embeds them in the
//! PyQtWebEngine wheels (5.12.1 and 5.15.2) that scripts/setup.sh installs.
//! On the sample park each visits every page, opens and closes each dialog
//! renames a unit through its dialog, uploads a sheet to the import's
//! preview and downloads the exported workbook (tests/support/old_engine.py);
//! the test fails on any console error or warning, any page that does not
//! say it is ready, and a rename not in `parkreg dump`.

use parkreg_tests::cli::Parkreg;
use parkreg_tests::serve::Served;
use parkreg_tests::TempDir;
use std::path::PathBuf;
use std::process::Command;

/// Where scripts/setup.sh installs the engines (PARKREG_OLD_ENGINES
/// overrides), one folder per engine.
fn engines() -> PathBuf {
    std::env::var_os("PARKREG_OLD_ENGINES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/parkreg/old-engines")
        })
}

fn in_engine(engine: &str, chromium: &str) {
    let site = engines().join(engine);
    assert!(
        site.join("PyQt5").is_dir(),
        "no {engine} in {}: run scripts/setup.sh",
        site.display()
    );
    let dir = TempDir::new(engine);
    let db = dir.join("registry.db");
    let cli = Parkreg::new(&db);
    cli.run(&["demo"]).ok();
    let sheet = dir.join("单位表.xlsx");
    cli.run(&["export", "--out", sheet.to_str().unwrap()]).ok();
    let downloads = dir.join("downloads");
    std::fs::create_dir(&downloads).unwrap();
    let served = Served::on(&db);
    let name = "改名后的单位（旧浏览器）";
    let out = Command::new("/usr/bin/python3")
        .arg(parkreg_tests::root().join("tests/support/old_engine.py"))
        .args([served.link().as_str(), name])
        .arg(&sheet)
        .arg(&downloads)
        .env("PYTHONPATH", &site)
        .env("QT_QPA_PLATFORM", "offscreen")
        // Drawn without OpenGL, which the offscreen platform lacks.
        .env("QT_QUICK_BACKEND", "software")
        .env("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
        .env("XDG_RUNTIME_DIR", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{engine}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));

    let agent = seen["user_agent"].as_str().unwrap_or_default();
    assert!(agent.contains(&format!(" Chrome/{chromium}.")), "{agent}");
    assert_eq!(seen["started"], true, "{seen}");
    assert_eq!(seen["too_old_shown"], false, "{seen}");
    assert_eq!(seen["console"], serde_json::json!([]), "console messages");
    let pages = seen["pages"].as_object().unwrap();
    assert_eq!(pages.len(), 9);
    for (page, ready) in pages {
        assert_eq!(
            ready, true,
            "{engine}: the {page} page never said it was ready"
        );
    }
    let dialogs = seen["dialogs"].as_object().unwrap();
    assert_eq!(dialogs.len(), 8);
    for (dialog, done) in dialogs {
        assert_eq!(
            done,
            &serde_json::json!({ "opened": true, "closed": true }),
            "{engine}: {dialog}"
        );
    }
    assert_eq!(seen["edited"], true, "{seen}");
    assert_eq!(
        seen["previewed"], true,
        "the sheet uploaded and previewed: {seen}"
    );
    let got = seen["downloaded"].as_array().expect("a download");
    assert_eq!(got.len(), 1, "{seen}");
    let file = downloads.join(got[0].as_str().unwrap());
    assert!(
        file.to_string_lossy().ends_with(".xlsx"),
        "{}",
        file.display()
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"PK"), "the workbook downloaded whole");
    let dump: serde_json::Value = serde_json::from_str(&cli.run(&["dump"]).ok()).unwrap();
    let units = dump["units"].as_array().unwrap();
    assert!(
        units.iter().any(|u| u["name"] == name),
        "the rename is stored"
    );
}

#[test]
fn chromium_69() {
    in_engine("qt512", "69");
}

#[test]
fn chromium_83() {
    in_engine("qt515", "83");
}
