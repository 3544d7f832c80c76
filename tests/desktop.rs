//! End-to-end: the real desktop program under Xvfb, driven over WebDriver.
//! Each test leaves a screenshot in target/screenshots/.

use chrono::Datelike;
use parkreg_tests::cli::Parkreg;
use parkreg_tests::desktop::{Shell, Ui};
use parkreg_tests::TempDir;

/// Sets the as-of date as a clerk would, and waits for the new figures.
async fn set_as_of(app: &Ui, iso: &str) {
    app.script(&format!(
        "document.body.dataset.ready = ''; const i = document.getElementById('as-of'); i.value = '{iso}'; i.dispatchEvent(new Event('change'));"
    ))
    .await;
    app.ready("dashboard").await;
}

async fn first_run_loads_the_sample_park(shell: Shell) {
    let dir = TempDir::new("e2e-sample");
    let app = Ui::open(shell, &dir.join("registry.db"), None).await;
    app.ready("welcome").await;
    assert_eq!(app.text("#btn-sample").await, "载入示例园区");
    app.screenshot("welcome").await;

    app.click("#btn-sample").await;
    app.ready("dashboard").await;
    assert!(app.text("#park-name").await.contains("白云铝及铝加工园区"));
    assert_eq!(app.text("#count-coverable").await, "30 个");

    set_as_of(&app, "2013-06-30").await;
    assert_eq!(app.text("#rate-organizational-all").await, "100.0%");
    assert_eq!(app.text("#rate-organizational-non_public").await, "100.0%");
    let groups = app
        .script("return [...document.querySelectorAll('.gap-group h3')].map(h => h.textContent)")
        .await;
    assert!(groups[0].as_str().unwrap().starts_with("错误"), "{groups}");
    let codes = app
        .script(
            "return [...new Set([...document.querySelectorAll('.gap')].map(b => b.dataset.code))]",
        )
        .await;
    assert!(codes.as_array().unwrap().len() >= 4, "{codes}");
    assert_eq!(app.text("#money-balance").await, "¥55,800.00");
    // The non-public statistics table: the core's figures, card and form.
    let table = parkreg_core::rules::coverage::summary(
        &parkreg_core::samples::sample_park(),
        parkreg_core::model::dates::parse_date("2013-06-30").unwrap(),
    )
    .table27;
    for row in ["units", "own", "joint", "none"] {
        let shown = app.text(&format!("#table27-{row}")).await;
        assert_eq!(shown, table.cell(row, "total").to_string(), "{row}");
    }
    app.screenshot("dashboard").await;
    app.click("#table27-open").await;
    for (row, column) in [
        ("own_branch", "private"),
        ("joint_orgs", "total"),
        ("employees", "hmt"),
    ] {
        let shown = app.text(&format!("#t27-{row}-{column}")).await;
        assert_eq!(
            shown,
            table.cell(row, column).to_string(),
            "{row} × {column}"
        );
    }
    app.screenshot("table27").await;
    app.click("#table27-dialog button[type=submit]").await;

    // A gap opens what it is about.
    app.click(".gap[data-code='INSTRUCTOR_NOT_MEMBER']").await;
    // The detail is fetched, then drawn: waited for, not read at once (the
    // old engine draws it after the click returns).
    wait_text(&app, "#detail-title", "孵化园项目").await;
    wait_text(&app, "#detail-body", "徐凯").await;
    app.screenshot("gap-detail").await;
    app.click("#detail button[type=submit]").await;

    // English on request, and back.
    app.click("#lang-toggle").await;
    app.ready("dashboard").await;
    assert_eq!(app.text("#lang-toggle").await, "中文");
    assert!(app.text("#gaps").await.contains("Instructor"));
    // The names of codes come from the core's one table, in either language.
    let counts = app.text("#org-counts").await;
    assert!(counts.contains("Joint branches"), "{counts}");
    app.click("#lang-toggle").await;
    app.ready("dashboard").await;
    assert!(app.text("#gaps").await.contains("党建指导员"));
    let counts = app.text("#org-counts").await;
    assert!(
        counts.contains("联合党支部") && !counts.contains("org."),
        "{counts}"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_registry_shows_dashes_not_zero() {
    let dir = TempDir::new("e2e-empty");
    let app = Ui::start(&dir.join("registry.db")).await;
    app.ready("welcome").await;
    app.script("document.getElementById('new-park').value = '<b>新园区</b>'")
        .await;
    app.click("#btn-empty").await;
    app.ready("dashboard").await;
    // Shown as literal text, never as markup.
    assert_eq!(app.text("#park-name").await, "<b>新园区</b>");
    for id in ["organizational", "single_build", "work"] {
        assert_eq!(app.text(&format!("#rate-{id}-all")).await, "—");
        assert_eq!(app.text(&format!("#rate-{id}-non_public")).await, "—");
    }
    app.screenshot("empty-registry").await;
    // Each empty page says what to do to fill it.
    assert!(app.text("#dash-hint").await.contains("导入导出"));
    for (page, hint, says) in [
        ("units", "#units-table .empty-hint", "新增单位"),
        ("orgs", "#org-tree .empty-hint", "新增党组织"),
        ("people", "#people-table .empty-hint", "新增人员"),
        ("money", "#ledger .empty-hint", "登记每一笔"),
        ("life", "#life-records .empty-hint", "登记组织生活"),
    ] {
        goto(&app, page).await;
        let text = app.text(hint).await;
        assert!(text.contains(says), "{page}: {text}");
        app.screenshot(&format!("empty-{page}")).await;
    }
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_park_starts_with_its_district_and_its_own_unit_sheet() {
    let dir = TempDir::new("e2e-first-run");
    // The clerk's own sheet: here, the sample park's workbook.
    let sheet = dir.join("我们的单位表.xlsx");
    let sample = parkreg_tests::cli::Parkreg::new(&dir.join("sample.db"));
    sample.run(&["demo"]).ok();
    sample
        .run(&["export", "--out", sheet.to_str().unwrap()])
        .ok();
    let db = dir.join("registry.db");
    let app = Ui::start_with(&db, &["--test-file", sheet.to_str().unwrap()]).await;
    app.ready("welcome").await;
    app.screenshot("welcome").await;
    // Nothing to navigate to yet: the welcome is the whole window.
    assert_eq!(
        app.script("return getComputedStyle(document.getElementById('nav')).display")
            .await,
        "none"
    );
    // Without a name the form says so and nothing is created.
    app.click("#btn-import-start").await;
    assert_eq!(
        app.script("return document.getElementById('new-park').validity.valueMissing")
            .await,
        true
    );
    assert_eq!(
        app.script("return document.body.dataset.ready").await,
        "welcome"
    );
    app.script("document.getElementById('new-park').value = '江宁开发区'")
        .await;
    app.script("document.getElementById('new-district').value = '南京市江宁区'")
        .await;
    app.click("#btn-import-start").await;
    wait_text(&app, "#import-table", "黔中示例铝业股份有限公司").await;
    assert_eq!(
        app.script("return document.body.dataset.ready").await,
        "exchange"
    );
    app.screenshot("first-run-import").await;
    app.script("document.body.dataset.ready = ''").await;
    app.click("#import-apply").await;
    app.ready("exchange").await;
    goto(&app, "units").await;
    wait_text(&app, "#unit-count", "共 31 个").await;
    goto(&app, "settings").await;
    assert_eq!(
        app.script("return document.querySelector('#settings-form [name=district]').value")
            .await,
        "南京市江宁区"
    );
    app.close().await;
    let park = parkreg_tests::cli::Parkreg::new(&db).run(&["dump"]).json();
    assert_eq!(park["park"]["name"], "江宁开发区");
    assert_eq!(park["park"]["district"], "南京市江宁区");
    assert_eq!(park["units"].as_array().unwrap().len(), 31);
}

/// Fills a form field as a person would (value, then an input event).
async fn type_into(app: &Ui, css: &str, value: &str) {
    let js = format!(
        "const f = document.querySelector({css:?}); f.value = {value:?}; f.dispatchEvent(new Event('input', {{bubbles: true}})); f.dispatchEvent(new Event('change', {{bubbles: true}}));"
    );
    app.script(&js).await;
}

async fn money_page_records_refuses_and_reverses(shell: Shell) {
    let dir = TempDir::new("e2e-money");
    let app = Ui::open(shell, &dir.join("registry.db"), None).await;
    // This year's money: the sample park opens at its own date.
    sample_today_on(&app, "money").await;

    // This year has no budget yet in the sample: set one.
    let year = chrono::Local::now().format("%Y").to_string();
    type_into(&app, "#budget-form [name=year]", &year).await;
    type_into(&app, "#budget-form [name=amount]", "100,000").await;
    app.click("#budget-form button[type=submit]").await;
    wait_text(&app, "#card-balance", "¥100,000.00").await;

    // A starter fund to the organization still owed one.
    type_into(&app, "#pay-form [name=purpose]", "starter_fund").await;
    let options = app.script("return [...document.querySelectorAll('#pay-form [name=org] option')].map(o => o.textContent)").await;
    assert_eq!(options, serde_json::json!(["大山洞片区第三联合党支部"]));
    type_into(&app, "#pay-form [name=amount]", "2000").await;
    type_into(&app, "#pay-form [name=voucher]", "PF-E2E-1").await;
    type_into(&app, "#pay-form [name=note]", "启动资金").await;
    app.click("#pay-submit").await;
    wait_text(&app, "#card-balance", "¥98,000.00").await;
    assert!(app.text("#owed").await.contains("均已拨付"));
    // The notice names what was paid, to whom (no internal ids).
    wait_text(&app, "#notice", "已记账：大山洞片区第三联合党支部，2000 元").await;

    // More than the balance: refused next to the amount, nothing recorded.
    type_into(&app, "#pay-form [name=purpose]", "training").await;
    type_into(&app, "#pay-form [name=amount]", "98000.01").await;
    type_into(&app, "#pay-form [name=voucher]", "PF-E2E-2").await;
    app.click("#pay-submit").await;
    wait_text(&app, "#pay-form .field-error[data-for=amount_fen]", "超出").await;
    assert_eq!(app.text("#card-balance").await, "¥98,000.00");
    let rows = app
        .script("return document.querySelectorAll('#ledger tbody tr').length")
        .await;
    assert_eq!(rows, 1);
    app.screenshot("money").await;

    // Reverse the starter fund: the balance comes back.
    app.click("#ledger button.reverse").await;
    type_into(&app, "#reverse-form [name=reason]", "拨错账户").await;
    app.click("#reverse-submit").await;
    wait_text(&app, "#card-balance", "¥100,000.00").await;
    let rows = app
        .script("return [...document.querySelectorAll('#ledger tbody tr')].map(r => r.className)")
        .await;
    assert_eq!(rows, serde_json::json!(["reversed", "reversal"]));
    app.close().await;
}

/// Waits until the form field's value is `expected`.
async fn wait_until_value(app: &Ui, css: &str, expected: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let js = format!("const e = document.querySelector({css:?}); return e ? e.value : null");
    while app.script(&js).await != serde_json::json!(expected) {
        assert!(
            std::time::Instant::now() < deadline,
            "{css} never held {expected:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Waits until the element's text contains `expected`.
async fn wait_text(app: &Ui, css: &str, expected: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let text = app
            .script(&format!(
                "const e = document.querySelector({css:?}); return e ? e.textContent : null"
            ))
            .await;
        if text.as_str().is_some_and(|t| t.contains(expected)) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} never showed {expected:?}; it shows {text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn export_through_the_ui_and_read_it_back(shell: Shell) {
    let dir = TempDir::new("e2e-export");
    let out = dir.join("导出.xlsx");
    let app = Ui::open(shell, &dir.join("registry.db"), Some(&out)).await;
    app.ready("welcome").await;
    app.click("#btn-sample").await;
    app.ready("dashboard").await;
    app.click("#nav button[data-page='exchange']").await;
    app.ready("exchange").await;
    // The page names every sheet the workbook holds.
    let says = app.text("#export-text").await;
    for sheet in parkreg_tests::SHEETS {
        assert!(says.contains(sheet), "{sheet} in {says}");
    }
    app.click("#export-xlsx").await;
    let out = app.saved(".xlsx").await;
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    wait_text(&app, "#export-result", &name).await;
    app.screenshot("export").await;
    // The export, with one unit's head count edited by another program,
    // imports back (uploaded, in the browser) as that one change.
    let edited = dir.join("改过.xlsx");
    let script = "import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb['单位']
col = [c.value for c in ws[3]].index('职工人数') + 1
ws.cell(row=4, column=col).value = 46
wb.save(sys.argv[2])";
    let ran = std::process::Command::new("/usr/bin/python3")
        .args(["-c", script])
        .args([&out, &edited])
        .status()
        .unwrap();
    assert!(ran.success());
    app.close().await;
    let app = Ui::open(shell, &dir.join("registry.db"), Some(&edited)).await;
    app.ready("dashboard").await;
    goto(&app, "exchange").await;
    app.click("#import-pick").await;
    app.give_file(&edited).await;
    wait_text(&app, "#import-summary", "更新 1 个，30 个不变").await;
    assert_eq!(app.text("#import-file").await, shell_name(&app, &edited));
    app.click("#import-apply").await;
    wait_text(&app, "#notice", "已导入").await;
    goto(&app, "history").await;
    assert!(app.text("#history-table").await.contains("改过.xlsx"));
    app.close().await;
    let book = std::process::Command::new("/usr/bin/python3")
        .arg(parkreg_tests::root().join("tests/support/read_workbook.py"))
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        book.status.success(),
        "{}",
        String::from_utf8_lossy(&book.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&book.stdout).unwrap();
    assert_eq!(book["sheets"], serde_json::json!(parkreg_tests::SHEETS));
    assert_eq!(book["rows"]["单位"], 31);
    assert_eq!(book["summary"]["纳入统计的企业和项目"], 30);
}

async fn import_preview_lists_problems_and_imports_nothing(shell: Shell) {
    let dir = TempDir::new("e2e-import");
    let bad = parkreg_tests::root().join("tests/data/bad-imports/negative-count.xlsx");
    let app = Ui::open(shell, &dir.join("registry.db"), Some(&bad)).await;
    app.ready("welcome").await;
    app.click("#btn-sample").await;
    app.ready("dashboard").await;
    app.click("#nav button[data-page='exchange']").await;
    app.ready("exchange").await;
    app.click("#import-pick").await;
    app.give_file(&bad).await;
    wait_text(&app, "#import-table", "不能为负数").await;
    assert!(app.text("#import-table").await.contains("第 3 行"));
    let disabled = app
        .script("return document.getElementById('import-apply').disabled")
        .await;
    assert_eq!(disabled, true);
    app.screenshot("import-problems").await;
    app.close().await;
}

/// How the page names a file the clerk chose: the desktop its path, the
/// browser its name (the upload is a copy).
fn shell_name(app: &Ui, file: &std::path::Path) -> String {
    match app.shell {
        Shell::Desktop => file.display().to_string(),
        Shell::Browser | Shell::OldBrowser => {
            file.file_name().unwrap().to_string_lossy().into_owned()
        }
    }
}

/// Loads the sample park and opens a page from the navigation.
async fn sample_on(app: &Ui, page: &str) {
    app.ready("welcome").await;
    app.click("#btn-sample").await;
    app.ready("dashboard").await;
    goto(app, page).await;
}

/// Loads the sample park, views it as of today (it opens at its own date)
/// and opens a page: for what a unit added today changes.
async fn sample_today_on(app: &Ui, page: &str) {
    app.ready("welcome").await;
    app.click("#btn-sample").await;
    app.ready("dashboard").await;
    set_as_of(app, &parkreg_core::today().to_string()).await;
    goto(app, page).await;
}

async fn goto(app: &Ui, page: &str) {
    app.click(&format!("#nav button[data-page='{page}']")).await;
    app.ready(page).await;
}

/// The gap codes the dashboard lists for the unit or organization named `name`.
async fn dashboard_codes_for(app: &Ui, name: &str) -> Vec<String> {
    let js = format!(
        "return [...document.querySelectorAll('.gap')].filter(b => b.querySelector('.gap-name').textContent === {name:?}).map(b => b.dataset.code)"
    );
    serde_json::from_value(app.script(&js).await).unwrap()
}

async fn add_unit(app: &Ui, name: &str, full: &str) {
    app.click("#unit-add").await;
    app.wait_for("#unit-dialog[open]").await;
    type_into(app, "#unit-form [name=name]", name).await;
    type_into(app, "#unit-form [name=employees]", "20").await;
    type_into(app, "#unit-form [name=full_members]", full).await;
    app.click("#unit-save").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_unit_lowers_coverage_until_its_branch_is_founded() {
    let dir = TempDir::new("e2e-unit");
    let db = dir.join("registry.db");
    let app = Ui::start(&db).await;
    // The sample opens at its own date; this test looks at today.
    sample_today_on(&app, "units").await;
    app.screenshot("units").await;
    let cli = Parkreg::new(&db);
    // Typed counts: the sample's roster switched off (with it, the
    // roster's members of the new unit, none, would count).
    cli.run(&["roster", "off"]).ok();
    goto(&app, "units").await;
    let last_year = format!("{}-12-31", parkreg_core::today().year() - 1);
    let past = |cli: &Parkreg| {
        cli.run(&["summary", "--json", "--as-of", &last_year])
            .json()
    };
    let before = past(&cli);
    add_unit(&app, "示例新建铝材公司", "3").await;
    wait_text(&app, "#notice", "已保存“示例新建铝材公司”").await;
    // Its start date was today unless changed: last year's figures stand.
    let dump = cli.run(&["dump"]).json();
    let added = dump["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "示例新建铝材公司")
        .expect("saved")
        .clone();
    assert_eq!(added["started_on"], parkreg_core::today().to_string());
    assert_eq!(past(&cli), before, "a new unit changed last year's figures");
    // While the window runs, the registry file alone, copied as a clerk
    // copies it to a USB stick (without its -wal), holds the change.
    let copy = dir.join("copied.db");
    std::fs::copy(&db, &copy).unwrap();
    let copied = Parkreg::new(&copy).run(&["dump"]).json();
    assert!(
        copied["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["name"] == "示例新建铝材公司"),
        "the file alone lacks the new unit"
    );

    goto(&app, "dashboard").await;
    assert_eq!(app.text("#rate-organizational-all").await, "96.8%");
    let codes = dashboard_codes_for(&app, "示例新建铝材公司").await;
    assert!(
        codes.contains(&"UNCOVERED".to_string()) && codes.contains(&"BRANCH_REQUIRED".to_string()),
        "{codes:?}"
    );

    goto(&app, "orgs").await;
    // A party group is led by a 组长, a branch by a 书记.
    let leaders = app
        .script(
            "return [...document.querySelectorAll('#page-orgs .org')].map(o => o.textContent)\
             .filter(t => t.includes('孵化园项目党小组') || t.includes('园区机关党支部'))\
             .map(t => t.includes('组长：') ? '组长' : t.includes('书记：') ? '书记' : '?')",
        )
        .await;
    assert_eq!(leaders, serde_json::json!(["书记", "组长"]));
    app.click("#org-add").await;
    app.wait_for("#org-dialog[open]").await;
    type_into(&app, "#org-form [name=name]", "示例新建铝材公司党支部").await;
    // Find the unit in the picker by typing part of its name, then tick it.
    type_into(&app, "#org-form .picker-filter", "新建铝材").await;
    app.script(
        "[...document.querySelectorAll('#org-form .picker-list label')].find(l => l.dataset.name === '示例新建铝材公司').querySelector('input').click()",
    )
    .await;
    app.click("#org-save").await;
    wait_text(&app, "#notice", "已保存").await;
    app.screenshot("orgs").await;

    goto(&app, "dashboard").await;
    assert_eq!(app.text("#rate-organizational-all").await, "100.0%");
    let codes = dashboard_codes_for(&app, "示例新建铝材公司").await;
    assert!(codes.is_empty(), "{codes:?}");

    // The dashboard of the registry as it is now is kept for the next start.
    let db = dir.join("registry.db");
    let key = format!("{}|Zh|{}", parkreg_core::today(), env!("CARGO_PKG_VERSION"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let kept = loop {
        let store = parkreg_core::store::Store::open_deferring_backup(&db, None).unwrap();
        if let Some(json) = store.snapshot("dashboard", &key).unwrap() {
            break json;
        }
        assert!(std::time::Instant::now() < deadline, "dashboard not kept");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    app.close().await;
    let store = parkreg_core::store::Store::open_deferring_backup(&db, None).unwrap();
    let reg = store.registry().unwrap();
    let facts = parkreg_core::rules::facts::Facts::new(&reg, parkreg_core::today());
    let fresh = parkreg_core::views::dashboard(&facts, parkreg_core::model::Lang::Zh);
    assert_eq!(kept, serde_json::to_string(&fresh).unwrap());
}

async fn bad_input_is_shown_next_to_its_field_and_nothing_is_saved(shell: Shell) {
    let dir = TempDir::new("e2e-form");
    let app = Ui::open(shell, &dir.join("registry.db"), None).await;
    sample_on(&app, "units").await;
    let before = app
        .script("return document.querySelectorAll('#units-table tbody tr').length")
        .await;
    add_unit(&app, "示例错误数据公司", "-1").await;
    wait_text(
        &app,
        "#unit-form .field-error[data-for=full_members]",
        "不能为负数",
    )
    .await;
    type_into(&app, "#unit-form [name=full_members]", "2").await;
    type_into(&app, "#unit-form [name=credit_code]", "91520113MA6AL00010").await;
    app.click("#unit-save").await;
    wait_text(
        &app,
        "#unit-form .field-error[data-for=credit_code]",
        "校验位",
    )
    .await;
    assert_eq!(
        app.text("#unit-form .field-error[data-for=full_members]")
            .await,
        ""
    );
    let open = app
        .script("return document.getElementById('unit-dialog').open")
        .await;
    assert_eq!(open, true);
    app.screenshot("unit-form-errors").await;
    app.click("#unit-form [data-close]").await;
    goto(&app, "units").await;
    let after = app
        .script("return document.querySelectorAll('#units-table tbody tr').length")
        .await;
    assert_eq!(before, after);
    goto(&app, "history").await;
    assert!(!app
        .text("#history-table")
        .await
        .contains("示例错误数据公司"));
    app.close().await;
}

async fn a_hostile_name_is_shown_as_text_everywhere(shell: Shell) {
    const NAME: &str = "<img src=x onerror=alert(1)>";
    let dir = TempDir::new("e2e-xss");
    let app = Ui::open(shell, &dir.join("registry.db"), None).await;
    sample_today_on(&app, "units").await;
    add_unit(&app, NAME, "0").await;
    wait_text(&app, "#notice", "已保存").await;
    goto(&app, "units").await;
    assert!(app.text("#units-table").await.contains(NAME));
    goto(&app, "dashboard").await;
    assert_eq!(
        dashboard_codes_for(&app, NAME).await,
        vec!["UNCOVERED".to_string()]
    );
    app.script(&format!(
        "[...document.querySelectorAll('.gap')].find(b => b.querySelector('.gap-name').textContent === {NAME:?}).click()"
    ))
    .await;
    wait_text(&app, "#detail-title", NAME).await;
    app.click("#detail button[type=submit]").await;
    goto(&app, "history").await;
    assert!(app.text("#history-table").await.contains(NAME));
    let images = app
        .script("return document.querySelectorAll('img').length")
        .await;
    assert_eq!(images, 0, "markup was interpreted");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_fits_a_small_and_a_large_window() {
    let dir = TempDir::new("e2e-sizes");
    let app = Ui::start(&dir.join("registry.db")).await;
    sample_on(&app, "dashboard").await;
    set_as_of(&app, "2013-06-30").await;
    for (w, h) in [(1280, 800), (1920, 1080)] {
        app.client
            .set_window_size(w, h)
            .await
            .expect("window resizes");
        for page in [
            "dashboard",
            "units",
            "orgs",
            "people",
            "money",
            "life",
            "exchange",
            "history",
            "settings",
        ] {
            goto(&app, page).await;
            let overflow = app
                .script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                .await;
            assert!(
                overflow.as_i64().unwrap() <= 0,
                "{page} at {w}×{h} scrolls sideways by {overflow}"
            );
            // The pictures of docs/pages.md (scripts/screenshots.sh).
            if w == 1280 {
                app.screenshot(&format!("page-{page}")).await;
            }
        }
        app.screenshot(&format!("settings-{w}x{h}")).await;
    }
    // Every control can be reached with the keyboard: nothing clickable is
    // taken out of the tab order.
    let untabbable = app
        .script("return [...document.querySelectorAll('button, input, select, a')].filter(e => e.tabIndex < 0).length")
        .await;
    assert_eq!(untabbable, 0);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_window_on_the_same_registry_is_refused_clearly() {
    let dir = TempDir::new("e2e-second");
    let db = dir.join("registry.db");
    let _first = parkreg_core::store::WindowLock::acquire(&db).unwrap();
    let app = Ui::start(&db).await;
    app.ready("trouble").await;
    assert!(app
        .text("#trouble-message")
        .await
        .contains("已在另一个窗口中打开"));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_registry_is_set_aside_and_a_backup_restored() {
    let dir = TempDir::new("e2e-damaged");
    let cli = parkreg_tests::cli::Parkreg::new(&dir.join("good.db"));
    cli.run(&["demo"]).ok();
    let backup = dir.join("good-backup.db");
    cli.run(&["backup", "--out", backup.to_str().unwrap()]).ok();
    let db = dir.join("registry.db");
    let garbage = "这不是登记簿".repeat(500);
    std::fs::write(&db, &garbage).unwrap();

    let app = Ui::start_with(&db, &["--test-file", backup.to_str().unwrap()]).await;
    app.ready("trouble").await;
    assert!(app
        .text("#trouble-message")
        .await
        .contains("不是 SQLite 数据库"));
    assert_eq!(
        std::fs::read_to_string(&db).unwrap(),
        garbage,
        "the damaged file was written to"
    );
    app.screenshot("damaged").await;
    app.click("#trouble-restore").await;
    app.ready("dashboard").await;
    assert!(app.text("#park-name").await.contains("白云铝及铝加工园区"));
    app.close().await;
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("registry.db.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), garbage);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_day_s_backup_and_the_kept_dashboard_wait_for_the_first_page() {
    let dir = TempDir::new("e2e-after-paint");
    let db = dir.join("registry.db");
    parkreg_tests::cli::Parkreg::new(&db).run(&["demo"]).ok();
    let daily_backups = || {
        std::fs::read_dir(dir.join("backups").join("registry.db")).map_or(0, |d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with("-daily.db"))
                .count()
        })
    };
    assert_eq!(daily_backups(), 0);

    let app = Ui::start(&db).await;
    app.ready("dashboard").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while daily_backups() == 0 {
        assert!(std::time::Instant::now() < deadline, "no backup of the day");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.close().await;
    assert_eq!(daily_backups(), 1);
    // Today's dashboard is in the file for the next start.
    let store = parkreg_core::store::Store::open_deferring_backup(&db, None).unwrap();
    let key = format!("{}|Zh|{}", parkreg_core::today(), env!("CARGO_PKG_VERSION"));
    let kept = store.snapshot("dashboard", &key).unwrap();
    assert!(kept.is_some_and(|json| json.contains("白云铝及铝加工园区")));
}

/// The organizations' gap codes the dashboard lists for `org`.
async fn dashboard_codes_of_org(app: &Ui, org: &str) -> Vec<String> {
    let js = format!(
        "return [...document.querySelectorAll('.gap')].filter(b => b.dataset.org === {org:?}).map(b => b.dataset.code)"
    );
    serde_json::from_value(app.script(&js).await).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recorded_member_meeting_clears_its_gap_and_turns_the_cell_held() {
    let dir = TempDir::new("e2e-life");
    let app = Ui::start(&dir.join("registry.db")).await;
    sample_on(&app, "dashboard").await;
    set_as_of(&app, "2013-06-30").await;
    assert!(dashboard_codes_of_org(&app, "o9")
        .await
        .contains(&"MEMBER_MEETING_MISSED".to_string()));

    goto(&app, "life").await;
    // The cell of o9 whose member meeting is missed (the first quarter).
    let column = app
        .script(
            "const cells = [...document.querySelectorAll('#life-grid tr[data-org=o9] td')];
             return cells.findIndex(c => c.dataset.state === 'missed' && c.querySelector('button').title.includes('支部党员大会：未开'))",
        )
        .await
        .as_i64()
        .unwrap();
    assert!(column >= 0, "o9 shows no missed member meeting");
    let cell = format!("#life-grid tr[data-org=o9] td:nth-of-type({})", column + 1);
    assert!(app.text(&cell).await.contains("✗ 支部党员大会"));
    app.screenshot("life").await;

    app.click(&format!("{cell} button")).await;
    app.wait_for("#meeting-dialog[open]").await;
    let preset = app
        .script("const f = document.getElementById('meeting-form'); return [f.org.value, f.kind.value, f.date.value]")
        .await;
    assert_eq!(
        preset,
        serde_json::json!(["o9", "member_meeting", "2013-03-31"])
    );
    type_into(
        &app,
        "#meeting-form [name=topic]",
        "支部党员大会：一季度工作",
    )
    .await;
    type_into(&app, "#meeting-form [name=expected]", "999").await;
    // More present than the branch has members: a warning, not a refusal.
    type_into(&app, "#meeting-form [name=attended]", "999").await;
    wait_text(&app, "#meeting-form .form-warning", "党员人数").await;
    type_into(&app, "#meeting-form [name=expected]", "4").await;
    type_into(&app, "#meeting-form [name=attended]", "5").await;
    app.click("#meeting-save").await;
    // More present than expected is refused beside its field, nothing saved.
    wait_text(
        &app,
        "#meeting-form .field-error[data-for=attended]",
        "应到",
    )
    .await;
    type_into(&app, "#meeting-form [name=attended]", "4").await;
    // The warning goes once the count is within the members.
    app.wait_for("#meeting-form .form-warning[hidden]").await;
    app.script("document.body.dataset.ready = ''").await;
    app.click("#meeting-save").await;
    app.ready("life").await;
    let state = app
        .script(&format!(
            "return document.querySelector({cell:?}).dataset.state"
        ))
        .await;
    assert_eq!(state, "held");
    wait_text(&app, "#life-records", "支部党员大会：一季度工作").await;

    goto(&app, "dashboard").await;
    assert!(!dashboard_codes_of_org(&app, "o9")
        .await
        .contains(&"MEMBER_MEETING_MISSED".to_string()));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_meeting_sheet_with_one_bad_row_is_refused_whole_with_the_row_named() {
    let dir = TempDir::new("e2e-life-import");
    let sheet = dir.join("组织生活台账.xlsx");
    let made = std::process::Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import openpyxl, sys
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '组织生活'
ws.append(['日期', '党组织', '类型', '主题', '应到', '实到', '学时', '主持人', '备注'])
ws.append(['2013-03-28', '示例碳素制品党支部', '支部党员大会', '一季度工作', 4, 4, None, None, None])
ws.append(['2013-04-10', '示例碳素制品党支部', '主题党日', '参观', 4, 9, None, None, None])
wb.save(sys.argv[1])",
        ])
        .arg(&sheet)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let db = dir.join("registry.db");
    let app = Ui::start_with(&db, &["--test-file", sheet.to_str().unwrap()]).await;
    sample_on(&app, "exchange").await;
    app.click("#import-meetings-pick").await;
    wait_text(&app, "#import-table", "第 3 行").await;
    assert!(app.text("#import-table").await.contains("实到"));
    let disabled = app
        .script("return document.getElementById('import-apply').disabled")
        .await;
    assert_eq!(disabled, true);
    app.screenshot("import-meetings-problems").await;
    app.close().await;
    // Nothing of the sheet was written: o9's first quarter is still empty.
    let list = parkreg_tests::cli::Parkreg::new(&db)
        .run(&["meeting", "list", "--org", "o9"])
        .ok();
    assert!(list.contains("示例碳素制品党支部"), "{list}");
    assert!(!list.contains("一季度工作"), "{list}");
}

/// What the clerk sees of a page: its rendered text (tooltips and data
/// attributes, where codes may stay, are not part of it): the gap codes,
/// anything in capitals with underscores, and the history's action codes.
fn visible_codes() -> String {
    let actions: Vec<&str> = parkreg_core::model::labels::ACTIONS
        .iter()
        .map(|a| a.0)
        .collect();
    VISIBLE_CODES.replace(
        "ACTION_CODES",
        &serde_json::to_string(&actions).expect("serializes"),
    )
}

const VISIBLE_CODES: &str = "
    const codes = Object.keys(window.__PARKREG_LABELS__.zh).filter(k => k.startsWith('gap.')).map(k => k.slice(4));
    const text = document.body.innerText;
    const found = codes.filter(c => new RegExp('\\\\b' + c + '\\\\b').test(text));
    const screaming = text.match(/\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b/g) ?? [];
    const actions = ACTION_CODES.filter(a => text.includes(a));
    return { found, screaming, actions, codes: codes.length };";

#[tokio::test(flavor = "multi_thread")]
async fn no_page_shows_a_code_in_capitals_in_either_language() {
    let dir = TempDir::new("e2e-codes");
    let app = Ui::start(&dir.join("registry.db")).await;
    sample_on(&app, "dashboard").await;
    set_as_of(&app, "2013-06-30").await;
    let pages = [
        "dashboard",
        "units",
        "orgs",
        "people",
        "money",
        "life",
        "exchange",
        "history",
        "settings",
    ];
    for lang in ["zh", "en"] {
        for page in pages {
            goto(&app, page).await;
            let seen = app.script(&visible_codes()).await;
            assert_eq!(seen["codes"], 32, "the label table has every gap code");
            assert_eq!(seen["found"], serde_json::json!([]), "{lang} {page}");
            assert_eq!(seen["screaming"], serde_json::json!([]), "{lang} {page}");
            assert_eq!(seen["actions"], serde_json::json!([]), "{lang} {page}");
        }
        // An organization's detail lists its gaps by name too.
        goto(&app, "orgs").await;
        app.click("#page-orgs .org[data-org=o9] .org-name").await;
        app.wait_for("#detail[open]").await;
        wait_text(&app, "#detail-body", "·").await;
        let seen = app.script(&visible_codes()).await;
        assert_eq!(seen["found"], serde_json::json!([]), "{lang} detail");
        assert_eq!(seen["screaming"], serde_json::json!([]), "{lang} detail");
        assert_eq!(seen["actions"], serde_json::json!([]), "{lang} detail");
        app.screenshot(&format!("codes-{lang}")).await;
        app.script("document.getElementById('detail').close()")
            .await;
        if lang == "zh" {
            app.click("#lang-toggle").await;
            app.ready("orgs").await;
        }
    }
    // The gaps on the dashboard are named, with the code as a tooltip only.
    goto(&app, "dashboard").await;
    let named = app
        .script("const g = document.querySelector('.gap[data-code=MEMBER_MEETING_MISSED]'); return [g.querySelector('.gap-code').textContent, g.querySelector('.gap-code').title]")
        .await;
    assert_eq!(
        named,
        serde_json::json!(["Member meeting missed", "MEMBER_MEETING_MISSED"])
    );
    app.click("#lang-toggle").await;
    app.ready("dashboard").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_year_without_a_budget_shows_the_default_until_one_is_set() {
    let dir = TempDir::new("e2e-budget");
    let app = Ui::start(&dir.join("registry.db")).await;
    sample_on(&app, "dashboard").await;
    set_as_of(&app, "2014-06-30").await;
    assert_eq!(app.text("#money-budget").await, "¥100,000.00（默认）");
    goto(&app, "money").await;
    assert_eq!(app.text("#card-budget").await, "¥100,000.00");
    assert!(app.text("#budget-default").await.contains("默认预算"));
    // Dates in the forms are written as an office writes them, whatever
    // the locale.
    let pay_date = app
        .script("return document.querySelector('#pay-form [name=date]').value")
        .await;
    assert!(
        pay_date
            .as_str()
            .is_some_and(|d| d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-'),
        "{pay_date}"
    );
    assert_eq!(app.text("#as-of").await, "");
    assert_eq!(
        app.script("return document.getElementById('as-of').value")
            .await,
        "2014-06-30"
    );
    app.script("const f = document.getElementById('budget-form'); f.year.value = '2014'; f.amount.value = '120000';")
        .await;
    app.script("document.body.dataset.ready = ''").await;
    app.click("#budget-form button[type=submit]").await;
    wait_text(&app, "#card-budget", "¥120,000.00").await;
    assert_eq!(
        app.script("return document.getElementById('budget-default')")
            .await,
        serde_json::Value::Null
    );
    goto(&app, "dashboard").await;
    assert_eq!(app.text("#money-budget").await, "¥120,000.00");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_trend_shows_the_values_of_the_summary_series() {
    use parkreg_core::model::money::percent;
    use parkreg_core::rules::gaps::date_zh;
    let dir = TempDir::new("e2e-trend");
    let db = dir.join("registry.db");
    let app = Ui::start(&db).await;
    sample_on(&app, "dashboard").await;
    set_as_of(&app, "2013-06-30").await;
    app.wait_for("#trend-panel[data-ready='2013-06-30']").await;
    let table = app
        .script(
            "return [...document.querySelectorAll('#trend-rows tbody tr')].map(r => [...r.children].map(c => c.textContent))",
        )
        .await;
    // Each point's values are on hover too, in the dot's title.
    let titles = app
        .script(
            "return [...document.querySelectorAll('#trend-lines circle')].map(c => [c.dataset.asOf, c.dataset.series, c.querySelector('title').textContent])",
        )
        .await;
    // Printing heads the page with the park and the date, and unfolds the table.
    assert_eq!(
        app.script("return document.body.dataset.printTitle").await,
        "白云铝及铝加工园区（示例数据）　统计日期：2013年6月30日"
    );
    app.script("window.dispatchEvent(new Event('beforeprint'))")
        .await;
    assert_eq!(
        app.script("return document.getElementById('trend-details').open")
            .await,
        true
    );
    app.script("document.getElementById('trend-panel').scrollIntoView()")
        .await;
    app.screenshot("dashboard-trend").await;
    app.close().await;

    let with = parkreg_tests::cli::Parkreg::new(&db)
        .run(&[
            "summary",
            "--json",
            "--series",
            "months",
            "--as-of",
            "2013-06-30",
        ])
        .json();
    let series = with["series"].as_array().unwrap();
    let scopes = ["all", "non_public"];
    let rates = ["organizational", "single_build", "work"];
    let expected: Vec<Vec<String>> = series
        .iter()
        .map(|p| {
            let day = chrono::NaiveDate::parse_from_str(p["as_of"].as_str().unwrap(), "%Y-%m-%d")
                .unwrap();
            let mut row = vec![date_zh(day), p["in_scope"].to_string()];
            for scope in scopes {
                for rate in rates {
                    row.push(percent(p["coverage"][scope][rate].as_f64()));
                }
            }
            for s in ["error", "warning", "info"] {
                row.push(p["gap_counts"][s].to_string());
            }
            row
        })
        .collect();
    assert_eq!(table, serde_json::json!(expected));
    let titles: Vec<(String, String, String)> = serde_json::from_value(titles).unwrap();
    assert_eq!(titles.len(), series.len() * 6, "six rates a month");
    for (as_of, which, title) in titles {
        let p = series
            .iter()
            .find(|p| p["as_of"] == as_of.as_str())
            .unwrap();
        let (scope, rate) = which.split_once('.').unwrap();
        let value = percent(p["coverage"][scope][rate].as_f64());
        assert!(
            title.ends_with(&value),
            "{as_of} {which}: {title} ≠ {value}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_history_records_the_operator_named_in_the_settings() {
    let dir = TempDir::new("e2e-operator");
    let app = Ui::start(&dir.join("registry.db")).await;
    sample_on(&app, "history").await;
    let first_who =
        "return document.querySelector('#history-table tbody tr td:nth-child(2)').textContent";
    // Before a name is given: the account logged in, never "unknown".
    let system = app.script(first_who).await;
    assert!(
        system
            .as_str()
            .is_some_and(|w| !w.is_empty() && w != "unknown"),
        "{system}"
    );
    goto(&app, "settings").await;
    assert_eq!(
        app.script("return document.getElementById('app-version').textContent")
            .await,
        env!("CARGO_PKG_VERSION")
    );
    // Too long a name is refused next to its field, and nothing is kept.
    let long = "王".repeat(41);
    app.script(&format!(
        "document.querySelector('#operator-form [name=operator]').value = '{long}'"
    ))
    .await;
    app.click("#operator-save").await;
    wait_text(
        &app,
        "#operator-form .field-error[data-for=operator]",
        "最多 40 个字",
    )
    .await;
    app.script("document.querySelector('#operator-form [name=operator]').value = '王芳'")
        .await;
    app.script("document.body.dataset.ready = ''").await;
    app.click("#operator-save").await;
    app.ready("settings").await;
    wait_text(&app, "#notice", "王芳").await;
    // The next change is recorded as hers.
    app.script("document.querySelector('#settings-form [name=district]').value = '白云区（改）'")
        .await;
    // Every setting of the park is on the form: saving keeps the others.
    assert_eq!(
        app.script("return document.querySelector('#settings-form [name=party_lecture_period]').selectedOptions[0].textContent")
            .await,
        "每季度"
    );
    app.script(
        "document.querySelector('#settings-form [name=party_lecture_period]').value = 'month'",
    )
    .await;
    app.script("document.body.dataset.ready = ''").await;
    app.click("#settings-save").await;
    app.ready("settings").await;
    app.screenshot("settings").await;
    goto(&app, "history").await;
    assert_eq!(app.script(first_who).await, "王芳");
    // The change reads in the form's words, the action's code a tooltip.
    let first = app
        .script("const r = document.querySelector('#history-table tbody tr'); return [r.cells[2].textContent, r.cells[2].title, [...r.querySelectorAll('.diff li')].map(li => li.textContent)]")
        .await;
    assert_eq!(
        first,
        serde_json::json!([
            "修改园区设置",
            "park.update",
            [
                "所属区县：贵阳市白云区 → 白云区（改）",
                "党课频次：每季度 → 每月"
            ]
        ])
    );
    app.screenshot("history").await;
    app.close().await;
    let park = parkreg_tests::cli::Parkreg::new(&dir.join("registry.db"))
        .run(&["dump"])
        .json();
    assert_eq!(park["park"]["party_lecture_period"], "month");
    assert_eq!(park["park"]["starter_fund_min_fen"], 200_000, "kept");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_registry_busy_for_a_moment_asks_to_try_again_and_loses_nothing() {
    let dir = TempDir::new("e2e-busy");
    let db = dir.join("registry.db");
    let app = Ui::start(&db).await;
    sample_on(&app, "settings").await;
    // Another program (here Python's sqlite3) holds the write lock longer
    // than the registry waits for it.
    let hold = std::process::Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN IMMEDIATE')\nprint('held', flush=True)\ntime.sleep(6)\nc.execute('ROLLBACK')",
        ])
        .arg(&db)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut hold = hold;
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(hold.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "held");
    app.script("document.querySelector('#settings-form [name=district]').value = '忙时改的区'")
        .await;
    app.click("#settings-save").await;
    wait_text(&app, "#error", "稍后再试").await;
    assert_eq!(
        app.script("return document.getElementById('trouble').hidden")
            .await,
        true,
        "no offer to restore a backup"
    );
    app.screenshot("busy").await;
    assert!(hold.wait().unwrap().success());
    // Saved on the second try, once the other program let go.
    app.script("document.body.dataset.ready = ''").await;
    app.click("#settings-save").await;
    app.ready("settings").await;
    wait_text(&app, "#notice", "设置已保存").await;
    app.close().await;
    let doc = parkreg_tests::cli::Parkreg::new(&db).run(&["dump"]).json();
    assert_eq!(doc["park"]["district"], "忙时改的区");
}

#[tokio::test(flavor = "multi_thread")]
async fn dates_read_as_an_office_writes_them_under_any_system_locale() {
    let today = chrono::Local::now().date_naive().to_string();
    for locale in ["en_US.UTF-8", "zh_CN.UTF-8"] {
        let dir = TempDir::new("e2e-locale");
        let db = dir.join("registry.db");
        let app = Ui::start_in(&db, &[], &[("LANG", locale), ("LC_ALL", locale)]).await;
        // The system's locale reached the window (else this proves nothing).
        let language = app.script("return navigator.language").await;
        let want = &locale[..2];
        assert!(
            language.as_str().is_some_and(|l| l.starts_with(want)),
            "{locale}: navigator.language {language}"
        );
        sample_on(&app, "dashboard").await;
        let field = |css: &str| format!("return document.querySelector({css:?}).value");
        // The sample park opens at its own date, written the ISO way.
        assert_eq!(app.script(&field("#as-of")).await, "2013-06-30", "{locale}");
        set_as_of(&app, &today).await;
        assert_eq!(app.script(&field("#as-of")).await, today, "{locale}");
        assert!(iso_date(&today));
        // A payment is dated on the date viewed by default.
        set_as_of(&app, "2013-06-30").await;
        goto(&app, "money").await;
        assert_eq!(
            app.script(&field("#pay-form [name=date]")).await,
            "2013-06-30",
            "{locale}"
        );
        let shown = app
            .script("return document.querySelector('#ledger tbody td').textContent")
            .await;
        assert!(
            shown.as_str().is_some_and(zh_date),
            "{locale}: ledger date {shown}"
        );
        goto(&app, "settings").await;
        let since = app
            .script(&field("#settings-form [name=starter_fund_since]"))
            .await;
        assert!(since.as_str().is_some_and(iso_date), "{locale}: {since}");
        assert!(
            app.script("return document.body.dataset.printTitle")
                .await
                .as_str()
                .is_some_and(|t| t.ends_with("统计日期：2013年6月30日")),
            "{locale}"
        );
        app.screenshot(&format!("locale-{}", &locale[..5])).await;
        app.close().await;
    }
}

/// `2013-06-30`: four, two and two digits.
fn iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()))
}

/// `2013年6月30日`.
fn zh_date(text: &str) -> bool {
    let Some((y, rest)) = text.split_once('年') else {
        return false;
    };
    let Some((m, rest)) = rest.split_once('月') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    y.len() == 4 && digits(y) && digits(m) && rest.strip_suffix('日').is_some_and(digits)
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESC: &str = "\u{E00C}";

/// Tabs through the page as a person would, from the date in the header,
/// and returns what the keyboard never reached (every visible control of
/// the header, the navigation and the page should be) and what showed no
/// focus ring when reached.
async fn keyboard_audit(app: &Ui, page: &str) -> (Vec<String>, Vec<String>) {
    let count = app
        .script(&format!(
            "const controls = [...document.querySelectorAll('header button, header input, #nav button, #page-{page} :is(button, input, select, summary, a[href])')]
               .filter(e => e.offsetParent !== null && !e.disabled && e.type !== 'hidden');
             controls.forEach((e, i) => e.dataset.kb = i);
             document.getElementById('as-of').focus();
             return controls.length"
        ))
        .await
        .as_u64()
        .expect("a count") as usize;
    let mut seen = std::collections::BTreeSet::new();
    let mut no_ring = Vec::new();
    for _ in 0..count + 20 {
        app.press(TAB).await;
        let at = app
            .script("const e = document.activeElement; return [e.dataset.kb ?? null, getComputedStyle(e).outlineStyle, e.textContent.trim() || e.name || e.id]")
            .await;
        if let Some(kb) = at[0].as_str() {
            if seen.insert(kb.to_string()) && at[1] == "none" {
                no_ring.push(at[2].to_string());
            }
        }
        if seen.len() == count {
            break;
        }
    }
    let missed = app
        .script(&format!(
            "const seen = {:?}; return [...document.querySelectorAll('[data-kb]')].filter(e => !seen.includes(e.dataset.kb)).map(e => e.textContent.trim() || e.name || e.id)",
            seen.iter().collect::<Vec<_>>()
        ))
        .await;
    app.script("document.querySelectorAll('[data-kb]').forEach(e => delete e.dataset.kb)")
        .await;
    (serde_json::from_value(missed).unwrap(), no_ring)
}

/// Presses Tab until the focus is on `css`.
async fn tab_to(app: &Ui, css: &str) {
    for _ in 0..400 {
        app.press(TAB).await;
        if app
            .script(&format!("return document.activeElement.matches({css:?})"))
            .await
            == true
        {
            return;
        }
    }
    panic!("the keyboard never reaches {css}");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_action_is_reachable_by_keyboard_enter_submits_and_esc_closes() {
    let dir = TempDir::new("e2e-keyboard");
    let db = dir.join("registry.db");
    let app = Ui::start(&db).await;
    sample_on(&app, "dashboard").await;
    set_as_of(&app, "2013-06-30").await;
    for page in [
        "dashboard",
        "units",
        "orgs",
        "people",
        "life",
        "money",
        "exchange",
        "history",
        "settings",
    ] {
        goto(&app, page).await;
        let (missed, no_ring) = keyboard_audit(&app, page).await;
        assert!(missed.is_empty(), "{page}: never reached {missed:?}");
        assert!(no_ring.is_empty(), "{page}: no focus ring on {no_ring:?}");
    }
    // The navigation works from the keyboard.
    app.script("document.getElementById('lang-toggle').focus()")
        .await;
    tab_to(&app, "#nav button[data-page=units]").await;
    app.script("document.body.dataset.ready = ''").await;
    app.press(ENTER).await;
    app.ready("units").await;
    // Each dialog opens with Enter, closes with Esc (nothing saved) and
    // gives the focus back to what opened it; Enter in a field saves.
    let dialogs = [
        ("units", "#unit-add", "#unit-dialog"),
        ("orgs", "#org-add", "#org-dialog"),
        ("people", "#person-add", "#person-dialog"),
        ("life", "#life-add", "#meeting-dialog"),
        ("money", "#ledger button.reverse", "#reverse-dialog"),
        ("dashboard", "#table27-open", "#table27-dialog"),
        ("dashboard", "button.gap:not([data-unit=''])", "#detail"),
    ];
    let before = parkreg_tests::cli::Parkreg::new(&db).run(&["dump"]).json();
    for (page, opener, dialog) in dialogs {
        goto(&app, page).await;
        app.script("document.getElementById('as-of').focus()").await;
        tab_to(&app, opener).await;
        app.press(ENTER).await;
        app.wait_for(&format!("{dialog}[open]")).await;
        let inside =
            format!("return document.querySelector({dialog:?}).contains(document.activeElement)");
        assert_eq!(app.script(&inside).await, true, "{dialog} has the focus");
        app.press(ESC).await;
        let closed = format!("return !document.querySelector({dialog:?}).open");
        assert_eq!(app.script(&closed).await, true, "Esc closes {dialog}");
        assert_eq!(
            app.script(&format!(
                "return document.activeElement.matches({opener:?})"
            ))
            .await,
            true,
            "the focus is back on {opener}"
        );
    }
    assert_eq!(
        parkreg_tests::cli::Parkreg::new(&db).run(&["dump"]).json(),
        before,
        "nothing saved by opening and closing"
    );
    // A member gap opens that member's dialog on the 党员 page.
    goto(&app, "dashboard").await;
    let member_gap = "button.gap[data-unit=''][data-org='']";
    let name = app
        .script(&format!(
            "return document.querySelector({member_gap:?}).querySelector('.gap-name').textContent"
        ))
        .await;
    app.click(member_gap).await;
    app.wait_for("#member-dialog[open]").await;
    wait_until_value(&app, "#member-form [name=name]", name.as_str().unwrap()).await;
    app.press(ESC).await;
    goto(&app, "units").await;
    app.script("document.getElementById('as-of').focus()").await;
    tab_to(&app, "#unit-add").await;
    app.press(ENTER).await;
    app.wait_for("#unit-dialog[open]").await;
    assert_eq!(
        app.script("return document.activeElement.name").await,
        "name",
        "the dialog starts at its first field"
    );
    app.press("键盘登记的单位").await;
    app.script("document.body.dataset.ready = ''").await;
    app.press(ENTER).await;
    app.ready("units").await;
    assert_eq!(
        app.script("return document.getElementById('unit-dialog').open")
            .await,
        false
    );
    app.screenshot("keyboard").await;
    app.close().await;
    let after = parkreg_tests::cli::Parkreg::new(&db).run(&["dump"]).json();
    assert!(
        after["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["name"] == "键盘登记的单位"),
        "Enter saved the unit"
    );
}

/// The window on a district file: three parks' workbooks added through
/// the dialog, the parks' table with its total, sorting, the cross-park
/// error (generated parks share credit codes), and a park's own page.
#[tokio::test(flavor = "multi_thread")]
async fn a_district_file_adds_parks_through_the_dialog() {
    let dir = TempDir::new("e2e-district");
    let parks = dir.join("parks");
    std::fs::create_dir_all(&parks).unwrap();
    for (n, seed) in [(20, 1), (30, 2), (25, 3)] {
        Parkreg::new(&dir.join(&format!("park{seed}.db"))).synthetic_workbook(
            n,
            seed,
            &parks.join(format!("park{seed}.xlsx")),
            "2024-12-31",
        );
    }
    let db = dir.join("district.db");
    Parkreg::new(&db)
        .run(&["district", "init", "--name", "测试区"])
        .ok();
    let app = Ui::start_with(&db, &["--test-file", parks.to_str().unwrap()]).await;
    app.ready("district").await;
    assert!(app.text("#park-name").await.contains("测试区"));
    assert!(app
        .text("#district-parks tbody")
        .await
        .contains("还没有园区的报送"));
    app.click("#district-add").await;
    app.wait_for("#district-added li").await;
    let added = app.text("#district-added").await;
    assert_eq!(added.matches("已保存").count(), 3, "{added}");
    let rows = app
        .script("return [...document.querySelectorAll('#district-parks tbody tr')].map(r => r.dataset.park)")
        .await;
    assert_eq!(rows.as_array().unwrap().len(), 3, "{rows}");
    assert!(app
        .text("#district-total")
        .await
        .contains("合计（3 个园区）"));
    let problems = app.text("#district-problems").await;
    assert!(
        problems.contains("错误") && problems.contains("统一社会信用代码"),
        "{problems}"
    );
    // Sorted by the uncovered count, then the other way.
    app.click("#district-parks button[data-key='uncovered']")
        .await;
    let uncovered = "return [...document.querySelectorAll('#district-parks tbody tr')].map(r => Number(r.cells[7].textContent))";
    let up: Vec<f64> = serde_json::from_value(app.script(uncovered).await).unwrap();
    assert!(up.windows(2).all(|w| w[0] <= w[1]), "{up:?}");
    app.click("#district-parks button[data-key='uncovered']")
        .await;
    let down: Vec<f64> = serde_json::from_value(app.script(uncovered).await).unwrap();
    assert!(down.windows(2).all(|w| w[0] >= w[1]), "{down:?}");
    assert_eq!(
        app.script("return document.querySelectorAll('#district-chart .bar').length")
            .await,
        3
    );
    app.screenshot("district").await;
    app.click("#district-parks tbody tr button.link").await;
    app.ready("district-park").await;
    assert!(app.text("#district-park-figures").await.contains("park"));
    app.screenshot("district-park").await;
    app.click("#district-back").await;
    app.ready("district").await;
    app.close().await;
}

/// The names of the windows on the desktop program's X display (xwininfo).
fn x_window_names(app: &Ui) -> String {
    let display = app.display.as_deref().expect("the window's display");
    let out = std::process::Command::new("xwininfo")
        .args(["-root", "-tree", "-display", display])
        .output()
        .expect("xwininfo runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Ctrl+P and the 打印 button print the page shown, in the window as in
/// the browser: the window shows the system's print dialog; the browser's
/// `window.print()` is called (headless Chromium shows none).
async fn ctrl_p_prints_the_page_shown(shell: Shell) {
    let dir = TempDir::new("e2e-print");
    let app = Ui::open(shell, &dir.join("registry.db"), None).await;
    sample_on(&app, "dashboard").await;
    assert_eq!(app.text("#print").await, "打印");
    if shell != Shell::Desktop {
        app.script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
            .await;
    } else {
        assert!(
            !x_window_names(&app).contains("\"Print\""),
            "a print dialog before Ctrl+P"
        );
    }
    // Ctrl+P from wherever the focus is (WebDriver's Control key, then p).
    app.client
        .find(fantoccini::Locator::Css("#nav button[data-page='units']"))
        .await
        .unwrap()
        .send_keys("\u{E009}p\u{E000}")
        .await
        .expect("keys reach the page");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    if shell == Shell::Desktop {
        // WebKitGTK's print dialog, a window of its own on the display.
        loop {
            let names = x_window_names(&app);
            if names.contains("\"Print\"") || names.contains("\"打印\"") {
                break;
            }
            if std::time::Instant::now() >= deadline {
                let marked = app
                    .script("return document.body.dataset.printRequested")
                    .await;
                panic!("no print dialog after Ctrl+P (page marked {marked}):\n{names}");
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        // The page marked it before the dialog took the page.
        app.close().await;
        return;
    }
    wait_text(&app, "body", "").await;
    loop {
        let printed = app.script("return window.__printed").await;
        if printed == 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "window.print() not called after Ctrl+P: {printed}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        app.script("return document.body.dataset.printRequested")
            .await,
        "1"
    );
    // The button does the same, and the print style hides it.
    app.click("#print").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.script("return window.__printed").await, 2);
    app.close().await;
}

/// Dates typed as an office writes them, in the 统计日期 box and in a form,
/// and picked from the calendar; a date it cannot read is named by the
/// box's own name, and the message goes once the date is put right.
async fn dates_are_read_as_typed_or_picked_from_a_calendar(shell: Shell) {
    let dir = TempDir::new("e2e-typed-dates");
    let db = dir.join("registry.db");
    let app = Ui::open(shell, &db, None).await;
    sample_on(&app, "dashboard").await;
    for (typed, read) in [
        ("2012/12/31", "2012-12-31"),
        ("2013.6.30", "2013-06-30"),
        ("2013年6月30日", "2013-06-30"),
    ] {
        set_as_of(&app, typed).await;
        assert_eq!(
            app.script("return document.getElementById('as-of').value")
                .await,
            read,
            "{typed}"
        );
    }
    assert_eq!(app.text("#rate-organizational-all").await, "100.0%");
    app.script(
        "document.body.dataset.ready = ''; const i = document.getElementById('as-of'); i.value = '明年'; i.dispatchEvent(new Event('change'));",
    )
    .await;
    app.ready("error").await;
    let error = app.text("#error").await;
    assert!(
        error.contains("统计日期") && !error.contains("as_of"),
        "{error}"
    );
    set_as_of(&app, "2013/6/30").await;
    assert_eq!(
        app.script("return document.getElementById('error').hidden")
            .await,
        true,
        "the old message stays once the date is right"
    );

    // A unit's start date typed the Chinese way is kept as that day.
    goto(&app, "units").await;
    app.click("#unit-add").await;
    app.wait_for("#unit-dialog[open]").await;
    type_into(&app, "#unit-form [name=name]", "示例日期写法公司").await;
    type_into(&app, "#unit-form [name=employees]", "-1").await;
    type_into(&app, "#unit-form [name=started_on]", "2013年6月30日").await;
    app.click("#unit-save").await;
    wait_text(&app, "#unit-form .field-error[data-for=employees]", "负").await;
    // Put right, the field's message goes before the next save.
    type_into(&app, "#unit-form [name=employees]", "12").await;
    assert_eq!(
        app.text("#unit-form .field-error[data-for=employees]")
            .await,
        ""
    );
    // The calendar beside the box: the month of the box's date, a day clicked.
    app.script(
        "document.querySelector('#unit-form [name=closed_on]').scrollIntoView({block: 'center'})",
    )
    .await;
    app.click("#unit-form [name=closed_on] + .cal-open").await;
    app.wait_for("#unit-form .calendar .day").await;
    assert!(app
        .text("#unit-form .calendar .cal-title")
        .await
        .contains("2013年6月"));
    app.click("#unit-form .calendar .day[data-date='2013-06-15']")
        .await;
    assert_eq!(
        app.script("return document.querySelector('#unit-form [name=closed_on]').value")
            .await,
        "2013-06-15"
    );
    app.screenshot("calendar").await;
    type_into(&app, "#unit-form [name=closed_on]", "").await;
    app.click("#unit-save").await;
    wait_text(&app, "#notice", "已保存“示例日期写法公司”").await;
    app.close().await;
    let dump = Parkreg::new(&db).run(&["dump"]).json();
    let unit = dump["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "示例日期写法公司")
        .expect("saved")
        .clone();
    assert_eq!(unit["started_on"], "2013-06-30");
}

/// The sample park opens at its own date (where its records are), the date
/// chosen is there again at the next start, the settings name the backups'
/// folder, and the money page's forms follow the date viewed.
#[tokio::test(flavor = "multi_thread")]
async fn the_sample_opens_at_its_date_and_the_chosen_date_is_kept() {
    let dir = TempDir::new("e2e-kept-date");
    let db = dir.join("registry.db");
    let app = Ui::start(&db).await;
    sample_on(&app, "dashboard").await;
    assert_eq!(
        app.script("return document.getElementById('as-of').value")
            .await,
        "2013-06-30"
    );
    // Its figures, not a park with nothing in it.
    assert_eq!(app.text("#rate-organizational-all").await, "100.0%");
    assert_eq!(app.text("#money-balance").await, "¥55,800.00");
    goto(&app, "money").await;
    let form = app
        .script("return [document.querySelector('#pay-form [name=date]').value, document.querySelector('#budget-form [name=year]').value, document.getElementById('money-year').value]")
        .await;
    assert_eq!(form, serde_json::json!(["2013-06-30", "2013", "2013"]));
    goto(&app, "settings").await;
    let backups = parkreg_core::store::backup_dir_of(&db);
    assert_eq!(app.text("#backup-dir").await, backups.display().to_string());
    goto(&app, "dashboard").await;
    set_as_of(&app, "2012/12/31").await;
    app.close().await;

    let app = Ui::start(&db).await;
    app.ready("dashboard").await;
    assert_eq!(
        app.script("return document.getElementById('as-of').value")
            .await,
        "2012-12-31"
    );
    assert!(app
        .script("return document.body.dataset.printTitle")
        .await
        .as_str()
        .is_some_and(|t| t.ends_with("2012年12月31日")));
    app.close().await;
}

/// At an office laptop's 1366×768: the window no taller than the screen,
/// the park, the date and the navigation in view however far a page is
/// scrolled, no word broken inside, and the dissolve dialog without the
/// committee's size.
#[tokio::test(flavor = "multi_thread")]
async fn an_office_laptop_s_screen_shows_the_whole_window() {
    let dir = TempDir::new("e2e-laptop");
    let app = Ui::start_on_screen(&dir.join("registry.db"), &[], &[], "1366x768").await;
    app.ready("welcome").await;
    let size = app
        .script("return [screen.width, screen.height, window.outerWidth, window.outerHeight]")
        .await;
    let size: Vec<i64> = serde_json::from_value(size).unwrap();
    assert_eq!(size[..2], [1366, 768], "{size:?}");
    assert!(size[3] <= 768 && size[2] <= 1366, "window {size:?}");
    app.click("#btn-sample").await;
    app.ready("dashboard").await;
    // Words are whole: each label and figure of the cards on one line.
    // (2014: a year on the default budget, ¥100,000.00（默认）.)
    for date in ["2013-06-30", "2014-06-30"] {
        set_as_of(&app, date).await;
        let broken = app
            .script(
                "return [...document.querySelectorAll('.counts dt, .counts dd, .card .label, .card .value, nav#nav button')].filter(e => {
                   const r = document.createRange(); r.selectNodeContents(e);
                   return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1;
                 }).map(e => e.textContent)",
            )
            .await;
        assert_eq!(broken, serde_json::json!([]), "broken inside as of {date}");
    }
    assert!(app.text("#money-budget").await.contains("（默认）"));
    app.screenshot("laptop-dashboard").await;
    for page in ["dashboard", "units", "life"] {
        goto(&app, page).await;
        app.script("window.scrollTo(0, document.body.scrollHeight)")
            .await;
        let shown = app
            .script(
                "return ['#as-of', '#nav button[data-page=settings]', '#park-name'].map(s => {
                   const r = document.querySelector(s).getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight;
                 })",
            )
            .await;
        assert_eq!(shown, serde_json::json!([true, true, true]), "{page}");
    }
    app.screenshot("laptop-scrolled").await;
    goto(&app, "orgs").await;
    app.click("#page-orgs .org button.dissolve").await;
    app.wait_for("#org-action-dialog[open]").await;
    assert_eq!(
        app.script("return document.querySelector('#org-action-form [name=committee_size]').getClientRects().length")
            .await,
        0,
        "the dissolve dialog shows 委员人数"
    );
    app.close().await;
}

/// The district window writes the district workbook and takes a park out;
/// a park's gaps are named in words, not codes.
#[tokio::test(flavor = "multi_thread")]
async fn the_district_window_exports_its_workbook_and_removes_a_park() {
    let dir = TempDir::new("e2e-district-export");
    let db = dir.join("district.db");
    let cli = Parkreg::new(&db);
    cli.run(&["district", "init", "--name", "测试区"]).ok();
    let mut files = Vec::new();
    for (n, seed) in [(20, 1), (30, 2), (25, 3)] {
        let f = dir.join(&format!("park{seed}.xlsx"));
        Parkreg::new(&dir.join(&format!("park{seed}.db"))).synthetic_workbook(
            n,
            seed,
            &f,
            "2024-12-31",
        );
        files.push(f.to_str().unwrap().to_string());
    }
    let mut add = vec!["district", "add"];
    add.extend(files.iter().map(String::as_str));
    cli.run(&add).ok();
    let out = dir.join("区县汇总.xlsx");
    let app = Ui::start_with(&db, &["--test-file", out.to_str().unwrap()]).await;
    app.ready("district").await;
    app.screenshot("district-parks").await;
    app.click("#district-export").await;
    wait_text(&app, "#notice", "已导出").await;
    let bytes = std::fs::read(&out).expect("the workbook is written");
    assert!(bytes.starts_with(b"PK"), "not an xlsx file");

    let parks: Vec<String> = serde_json::from_value(
        app.script("return [...document.querySelectorAll('#district-parks tbody tr')].map(r => r.dataset.park)")
            .await,
    )
    .unwrap();
    assert_eq!(parks.len(), 3);
    app.click("#district-parks tbody tr button.link").await;
    app.ready("district-park").await;
    let gaps = app.text("#district-park-gaps").await;
    assert!(
        !gaps
            .split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
            .any(|w| w.len() >= 4 && w.contains('_')),
        "a code in capitals: {gaps}"
    );
    let codes = app
        .script("return [...document.querySelectorAll('#district-park-gaps tr[data-code]')].length")
        .await;
    assert!(codes.as_i64().unwrap() > 0, "no gaps listed to check");
    app.screenshot("district-park-gaps").await;
    let removed = app.text("#district-park-name").await;
    app.click("#district-remove").await;
    app.wait_for("#confirm-dialog[open]").await;
    app.script("document.body.dataset.ready = ''").await;
    app.click("#confirm-ok").await;
    app.ready("district").await;
    wait_text(&app, "#notice", "已移除").await;
    let left = app
        .script("return [...document.querySelectorAll('#district-parks tbody tr')].map(r => r.dataset.park)")
        .await;
    assert_eq!(left.as_array().unwrap().len(), 2, "{left}");
    assert!(!left
        .as_array()
        .unwrap()
        .iter()
        .any(|p| removed.starts_with(p.as_str().unwrap())));
    app.close().await;
    let summary = cli.run(&["district", "summary", "--json"]).json();
    assert_eq!(summary["parks"].as_array().unwrap().len(), 2);
}

/// Opens the edit form of the unit named `name` on the units page.
async fn edit_unit(app: &Ui, name: &str) {
    app.script(&format!(
        "[...document.querySelectorAll('#units-table tbody tr')].find(r => r.querySelector('.unit-name').textContent === {name:?}).querySelector('button.edit').click()"
    ))
    .await;
    app.wait_for("#unit-dialog[open]").await;
}

/// A unit entered by mistake is removed (asked first, one audited change,
/// in the history in words); one an organization covers is refused with
/// the organization named; counts that contradict each other are warned
/// of in the form, and the form still saves.
#[tokio::test(flavor = "multi_thread")]
async fn a_unit_entered_by_mistake_is_removed_and_a_covered_one_refused() {
    let dir = TempDir::new("e2e-remove");
    let db = dir.join("registry.db");
    let app = Ui::start(&db).await;
    sample_on(&app, "units").await;
    // The sample keeps its roster: the unit form shows the roster's
    // counts, keeps the typed ones read-only, and warns against the
    // roster's members.
    edit_unit(&app, "黔中示例铝业股份有限公司").await;
    assert_eq!(
        app.script("return document.querySelector('#unit-form [name=full_members]').readOnly")
            .await,
        true
    );
    wait_text(&app, "#unit-roster-note", "正式党员 52 人、预备党员 9 人").await;
    type_into(&app, "#unit-form [name=employees]", "10").await;
    wait_text(
        &app,
        "#unit-form .form-warning",
        "党员名册中的党员（正式 52 人、预备 9 人）多于职工人数 10 人",
    )
    .await;
    app.click("#unit-dialog [data-close]").await;
    // The rest with typed counts: the roster switched off.
    Parkreg::new(&db).run(&["roster", "off"]).ok();
    goto(&app, "units").await;
    app.click("#unit-add").await;
    app.wait_for("#unit-dialog[open]").await;
    assert_eq!(
        app.script("return document.querySelector('#unit-form [name=full_members]').readOnly")
            .await,
        false
    );
    assert_eq!(
        app.script("return document.querySelector('#unit-dialog .remove-record').hidden")
            .await,
        true,
        "a new unit offers removal"
    );
    type_into(&app, "#unit-form [name=name]", "录错的公司").await;
    type_into(&app, "#unit-form [name=employees]", "30").await;
    type_into(&app, "#unit-form [name=full_members]", "45").await;
    wait_text(&app, "#unit-form .form-warning", "多于职工人数").await;
    app.screenshot("unit-warning").await;
    app.click("#unit-save").await;
    wait_text(&app, "#notice", "已保存“录错的公司”").await;
    let cli = Parkreg::new(&db);
    let audited = || {
        cli.run(&["history", "--json", "--limit", "100000"])
            .json()
            .as_array()
            .map_or(0, Vec::len)
    };
    let before = audited();

    // Covered by an organization: refused, the organization named.
    let covered = app
        .script("return document.querySelector('#units-table tbody tr[data-unit] .unit-name').textContent")
        .await;
    edit_unit(&app, covered.as_str().unwrap()).await;
    app.click("#unit-dialog .remove-record").await;
    app.wait_for("#confirm-dialog[open]").await;
    app.click("#confirm-ok").await;
    wait_text(&app, "#unit-form .form-error", "覆盖该单位").await;
    app.screenshot("unit-remove-refused").await;
    app.click("#unit-dialog [data-close]").await;

    edit_unit(&app, "录错的公司").await;
    app.click("#unit-dialog .remove-record").await;
    app.wait_for("#confirm-dialog[open]").await;
    app.click("#confirm-ok").await;
    wait_text(&app, "#notice", "已删除“录错的公司”").await;
    assert_eq!(audited(), before + 1, "one audit entry");
    let dump = cli.run(&["dump"]).json();
    assert!(!dump["units"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["name"] == "录错的公司"));
    // A person entered by mistake goes the same way; one who is a
    // secretary is refused, the organization named.
    goto(&app, "people").await;
    app.click("#person-add").await;
    app.wait_for("#person-dialog[open]").await;
    type_into(&app, "#person-form [name=name]", "录错的人").await;
    app.click("#person-save").await;
    wait_text(&app, "#notice", "已保存“录错的人”").await;
    let edit_person = |name: &str| {
        format!("[...document.querySelectorAll('#people-table tbody tr')].find(r => r.cells[0].textContent === {name:?}).querySelector('button.edit').click()")
    };
    app.script(&edit_person("孙伟")).await;
    app.wait_for("#person-dialog[open]").await;
    app.click("#person-dialog .remove-record").await;
    app.wait_for("#confirm-dialog[open]").await;
    app.click("#confirm-ok").await;
    wait_text(&app, "#person-form .form-error", "的书记").await;
    app.click("#person-dialog [data-close]").await;
    app.script(&edit_person("录错的人")).await;
    app.wait_for("#person-dialog[open]").await;
    app.click("#person-dialog .remove-record").await;
    app.wait_for("#confirm-dialog[open]").await;
    app.click("#confirm-ok").await;
    wait_text(&app, "#notice", "已删除“录错的人”").await;
    // The person added, then removed: one audit entry each.
    assert_eq!(audited(), before + 3);

    goto(&app, "history").await;
    wait_text(&app, "#page-history", "删除单位（录入有误）").await;
    // What the unit held, each field once; none that held nothing.
    let history = app.text("#page-history").await;
    assert!(history.contains("正式党员：45"), "{history}");
    assert!(!history.contains("所在村"), "{history}");
    app.screenshot("history-removed").await;
    app.close().await;
}

/// Every page of the sample park at an office laptop's 1366×768, in Chinese
/// and in English: no page scrolls sideways, and in English no Chinese
/// is left in the pages' own words (names and the core's stored summaries
/// aside). The pictures of docs/pages.md (scripts/screenshots.sh).
#[tokio::test(flavor = "multi_thread")]
async fn every_page_in_both_languages_at_1366x768() {
    let dir = TempDir::new("e2e-pages");
    let app = Ui::start_on_screen(&dir.join("registry.db"), &[], &[], "1366x768").await;
    app.ready("welcome").await;
    app.screenshot("pages-zh-welcome").await;
    sample_on(&app, "dashboard").await;
    let pages = [
        "dashboard",
        "units",
        "orgs",
        "people",
        "life",
        "money",
        "exchange",
        "history",
        "settings",
    ];
    for lang in ["zh", "en"] {
        if lang == "en" {
            app.script("document.body.dataset.ready = ''").await;
            app.click("#lang-toggle").await;
            app.ready("settings").await;
        }
        for page in pages {
            goto(&app, page).await;
            if page == "dashboard" {
                app.wait_for("#trend-panel[data-ready]").await;
            }
            // Each picture from the page's top.
            app.script("window.scrollTo(0, 0)").await;
            let overflow = app
                .script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                .await;
            assert!(
                overflow.as_i64().unwrap() <= 0,
                "{lang} {page} scrolls sideways by {overflow}"
            );
            app.screenshot(&format!("pages-{lang}-{page}")).await;
            if page == "life" {
                // No cell of the grid wraps a line (组织生活会 on three lines).
                let wrapped = app
                    .script(
                        "return [...document.querySelectorAll('#life-grid button.cell')].filter(b => {
                           const r = document.createRange(); r.selectNodeContents(b);
                           const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top))).size;
                           return lines > b.textContent.split('\\n').length;
                         }).map(b => b.textContent)",
                    )
                    .await;
                assert_eq!(wrapped, serde_json::json!([]), "{lang}: grid cells wrap");
            }
            if page == "dashboard" {
                app.script("document.getElementById('trend-panel').scrollIntoView()")
                    .await;
                app.screenshot(&format!("pages-{lang}-dashboard-trend"))
                    .await;
            }
        }
    }
    // In English, the words of the pages are English: what is Chinese is a
    // name from the registry (of the park, a unit, an organization, a person).
    goto(&app, "dashboard").await;
    app.wait_for("#trend-panel[data-ready]").await;
    let chinese = app
        .script(
            "return [...document.querySelectorAll('#page-dashboard h2, #page-dashboard dt, #page-dashboard .label, #page-dashboard .scope, #page-dashboard button:not(.gap), #page-dashboard .gap-code, #trend-chart text, #status-chart, #gap-chart text, #table27-counts dt')]
               .map(e => e.textContent).filter(t => /[\\u4e00-\\u9fff]/.test(t))",
        )
        .await;
    assert_eq!(
        chinese,
        serde_json::json!([]),
        "Chinese left on the English dashboard"
    );
    goto(&app, "orgs").await;
    let covers = app.text("#page-orgs").await;
    assert!(!covers.contains("covers 1 units"), "{covers}");
    // One organization's kind, not the dashboard's count of them.
    assert!(
        covers.contains("Branch ·") && !covers.contains("Branches"),
        "{covers}"
    );
    // Lists joined the English way: a joint branch's three units.
    app.click("#page-orgs .org[data-org=o15] .org-name").await;
    app.wait_for("#detail[open]").await;
    let body = app.text("#detail-body").await;
    assert!(
        body.contains("示例") && body.contains(", ") && !body.contains('、'),
        "{body}"
    );
    app.script("document.getElementById('detail').close()")
        .await;
    goto(&app, "history").await;
    let history = app
        .script("return [...document.querySelectorAll('#page-history tbody tr')].slice(0, 3).map(r => r.cells[3].textContent)")
        .await;
    assert!(
        !history.to_string().contains("载入示例园区"),
        "the history's content in Chinese: {history}"
    );
    app.close().await;
}

/// What the unlock page says and shows: its message, the waiting time,
/// whether that is shown, and whether 打开 waits.
async fn unlock_page(app: &Ui) -> serde_json::Value {
    app.script(
        "const $ = (id) => document.getElementById(id); return [$('unlock-message').textContent, $('unlock-wait').textContent, !$('unlock-wait').hidden, $('unlock-open').disabled]",
    )
    .await
}

/// Types `passphrase` on the unlock page and presses 打开.
async fn unlock_with(app: &Ui, passphrase: &str) {
    app.wait_for("#unlock-open:not([disabled])").await;
    type_into(app, "#unlock-passphrase", passphrase).await;
    app.script("document.body.dataset.ready = ''").await;
    app.click("#unlock-open").await;
}

async fn a_passphrase_set_in_the_settings_is_asked_on_start_and_after_idling(shell: Shell) {
    const RIGHT: &str = "红旗渠精神2024";
    let dir = TempDir::new("e2e-passphrase");
    let db = dir.join("registry.db");
    let app = Ui::open(shell, &db, None).await;
    // The first run recommends a passphrase once the park is started.
    app.ready("welcome").await;
    app.click("#btn-sample").await;
    app.ready("dashboard").await;
    assert!(app.text("#protect-offer").await.contains("个人信息"));
    app.screenshot("protect-offer").await;
    app.click("#offer-set").await;
    app.ready("settings").await;
    let warning = app.text("#page-settings .form-warning").await;
    assert!(
        warning.contains("无法找回") && warning.contains("印章") && warning.contains("书记"),
        "{warning}"
    );
    assert_eq!(app.text("#passphrase-save").await, "设置口令");
    // Too short, then typed differently twice: refused beside the field.
    for (new, again, field, says) in [
        ("短口令", "短口令", "passphrase", "至少要 8 个字符"),
        (RIGHT, "红旗渠精神2025", "again", "不一致"),
    ] {
        type_into(&app, "#passphrase-form [name=passphrase]", new).await;
        type_into(&app, "#passphrase-form [name=again]", again).await;
        app.click("#passphrase-save").await;
        let slot = format!("#passphrase-form .field-error[data-for={field}]");
        wait_text(&app, &slot, says).await;
    }
    assert!(!parkreg_core::store::is_protected(&db));
    type_into(&app, "#passphrase-form [name=passphrase]", RIGHT).await;
    type_into(&app, "#passphrase-form [name=again]", RIGHT).await;
    app.script("document.body.dataset.ready = ''").await;
    app.click("#passphrase-save").await;
    app.ready("settings").await;
    wait_text(&app, "#notice", "已设置口令").await;
    assert_eq!(
        app.text("#passphrase-state").await,
        "这个登记簿已设口令保护。"
    );
    assert_eq!(app.text("#passphrase-save").await, "更改口令");
    assert!(app
        .script("return document.getElementById('protect-offer').hidden")
        .await
        .as_bool()
        .unwrap());
    app.screenshot("passphrase-set").await;
    app.close().await;
    assert!(parkreg_core::store::is_protected(&db));

    // The next start: the unlock page, with a short idle time (the test hook).
    let copy = dir.join("copy.db");
    let idle = [("PARKREG_IDLE_LOCK_SECONDS", "8")];
    let app = Ui::open_in(shell, &db, Some(&copy), &idle).await;
    app.ready("unlock").await;
    assert_eq!(app.text("#unlock-open").await, "打开");
    assert!(app.text("#unlock").await.contains("无法找回"));
    assert!(app
        .script("return document.getElementById('nav').hidden")
        .await
        .as_bool()
        .unwrap());
    let bytes = std::fs::read(&db).unwrap();
    // Wrong ones: the clear message; after three, the wait shown and kept.
    for attempt in 1..=4 {
        unlock_with(&app, "红旗渠精神2023").await;
        app.ready("unlock").await;
        let shown = unlock_page(&app).await;
        assert!(
            shown[0].as_str().unwrap().contains("口令不对"),
            "{attempt}: {shown}"
        );
        if attempt == 4 {
            assert!(shown[1].as_str().unwrap().contains("请等 1 秒"), "{shown}");
            assert_eq!((&shown[2], &shown[3]), (&true.into(), &true.into()));
            app.screenshot("unlock-wrong").await;
        } else {
            assert_eq!(shown[2], false, "{attempt}: no wait yet: {shown}");
        }
    }
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file untouched");
    // The right one opens it, and the data shows.
    unlock_with(&app, RIGHT).await;
    app.ready("dashboard").await;
    assert!(app.text("#park-name").await.contains("白云铝及铝加工园区"));
    set_as_of(&app, "2013-06-30").await;
    assert_eq!(app.text("#money-balance").await, "¥55,800.00");
    // A copy made in the settings (the browser's download) is as protected.
    goto(&app, "settings").await;
    app.click("#backup-now").await;
    wait_text(&app, "#notice", "已备份").await;
    let saved = app.saved(".db").await;
    assert!(
        parkreg_core::store::is_protected(&saved),
        "{}",
        saved.display()
    );
    // Left alone past the idle time: locked again, and said why.
    app.ready("unlock").await;
    wait_text(&app, "#unlock-message", "自动锁定").await;
    assert!(app
        .script("return document.querySelector('#page-settings').hidden")
        .await
        .as_bool()
        .unwrap());
    app.screenshot("unlock-idle").await;
    // Opened again, on the page it locked on.
    unlock_with(&app, RIGHT).await;
    app.ready("settings").await;
    app.close().await;
    assert!(parkreg_core::store::is_protected(&db));
}

/// The tests that run in both shells: the desktop window, and
/// `parkreg serve` in Chromium. Each becomes `NAME::desktop` and
/// `NAME::browser`.
macro_rules! in_both_shells {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use parkreg_tests::desktop::Shell;
            #[tokio::test(flavor = "multi_thread")]
            async fn desktop() {
                super::$name(Shell::Desktop).await
            }
            #[tokio::test(flavor = "multi_thread")]
            async fn browser() {
                super::$name(Shell::Browser).await
            }
            #[tokio::test(flavor = "multi_thread")]
            async fn old_browser() {
                super::$name(Shell::OldBrowser).await
            }
        }
    )*};
}

in_both_shells![
    ctrl_p_prints_the_page_shown,
    dates_are_read_as_typed_or_picked_from_a_calendar,
    first_run_loads_the_sample_park,
    money_page_records_refuses_and_reverses,
    export_through_the_ui_and_read_it_back,
    import_preview_lists_problems_and_imports_nothing,
    bad_input_is_shown_next_to_its_field_and_nothing_is_saved,
    a_hostile_name_is_shown_as_text_everywhere,
    a_passphrase_set_in_the_settings_is_asked_on_start_and_after_idling,
];
