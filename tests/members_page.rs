//! End-to-end: the 党员 page in the desktop window and in the browser mode.
//! A park that keeps its roster (loaded as a `parkreg/3` document) is
//! listed with ID numbers masked; a member added through the dialog is
//! refused with the problem at the ID field, then saved; 转正 of the
//! probationary member of an enterprise covered only by an instructor
//! turns its gap from JOIN_REQUIRED into BRANCH_REQUIRED from the 转正
//! date on, and not before. The clerk's 花名册 (month-only dates) is
//! imported from the page: refused with its problem by row and column,
//! then previewed, applied and undone.

use parkreg_tests::cli::Parkreg;
use parkreg_tests::desktop::{Shell, Ui};
use parkreg_tests::TempDir;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The members' ID numbers (check characters by GB 11643), none of which
/// may appear whole on the page.
const IDS: [&str; 3] = [
    "110105198503120012",
    "110105199006150020",
    "110105199808200034",
];
const WRONG_ID: &str = "110105194912310021";
const RIGHT_ID: &str = "11010519491231002X";
const ENTERPRISE: &str = "甲科技有限公司";

fn membership(joined_on: &str, full_on: Option<&str>) -> Value {
    json!({
        "org": "o2", "unit": "u1", "joined_on": joined_on, "full_on": full_on,
        "probation_extended_to": null, "relationship": "here", "arrived_on": null,
        "lost_contact_on": null, "stopped_on": null, "left_on": null, "left_reason": null,
        "approximate": []
    })
}

fn member(id: &str, name: &str, gender: &str, birth: &str, number: &str, m: Value) -> Value {
    json!({
        "id": id, "name": name, "party_member": true, "phone": null, "unit_name": null,
        "gender": gender, "ethnicity": "汉族", "birth_date": birth, "id_number": number,
        "education": "本科", "membership": m
    })
}

fn unit(id: &str, name: &str, kind: &str, ownership: &str, instructor: Option<&str>) -> Value {
    json!({
        "id": id, "name": name, "kind": kind, "ownership": ownership, "wholly_owned": false,
        "legal_rep_member": false, "legal_rep_secretary": false, "stage": "operating",
        "credit_code": null, "employees": 30, "full_members": 0, "probationary_members": 0,
        "town": null, "village": null, "key_project": false, "commissioner": null,
        "instructor": instructor, "started_on": "2009-05-01", "closed_on": null
    })
}

/// A park that keeps its roster: an enterprise with two full members and
/// one probationary (admitted 2024-05-10), covered only by an instructor
/// from outside the park; the park's office, covered by a branch.
fn roster_document() -> Value {
    json!({
        "format": "parkreg/3",
        "park": {
            "name": "名册测试园区", "district": "测试区", "min_employees": 0,
            "starter_fund_since": "2012-01-01", "starter_fund_min_fen": 200000,
            "party_lecture_period": "quarter", "roster": true
        },
        "people": [
            member("p1", "张建国", "male", "1985-03-12", IDS[0], membership("2010-07-01", Some("2011-07-01"))),
            member("p2", "刘芳", "female", "1990-06-15", IDS[1], membership("2015-06-01", Some("2016-06-01"))),
            member("p3", "赵磊", "male", "1998-08-20", IDS[2], membership("2024-05-10", None)),
            {
                "id": "p9", "name": "孙指导", "party_member": true, "phone": null, "unit_name": "区委组织部",
                "gender": null, "ethnicity": null, "birth_date": null, "id_number": null,
                "education": null, "membership": null
            }
        ],
        "units": [
            unit("u0", "园区管理委员会", "organ", "state", None),
            unit("u1", ENTERPRISE, "enterprise", "private", Some("p9")),
        ],
        "organizations": [
            {
                "id": "o1", "name": "园区党委", "kind": "committee", "parent": null, "units": [],
                "founded_on": "2009-06-01", "dissolved_on": null, "approval_doc": null,
                "secretary": null, "committee_size": 7, "last_election_on": "2024-06-20"
            },
            {
                "id": "o2", "name": "园区机关党支部", "kind": "branch", "parent": "o1", "units": ["u0"],
                "founded_on": "2009-06-01", "dissolved_on": null, "approval_doc": null,
                "secretary": null, "committee_size": 0, "last_election_on": "2024-06-20"
            }
        ],
        "budgets": [], "ledger": [], "meetings": []
    })
}

async fn goto(app: &Ui, page: &str) {
    app.click(&format!("#nav button[data-page='{page}']")).await;
    app.ready(page).await;
}

/// Waits until `js` (a script that returns) answers true.
async fn wait_until(app: &Ui, js: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.script(js).await != Value::Bool(true) {
        assert!(Instant::now() < deadline, "never true: {js}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks `css` and waits for the page shown after it (a save refreshes
/// the page: ready is cleared first so that the old mark is not taken).
async fn click_and_wait(app: &Ui, css: &str, page: &str) {
    app.script("document.body.dataset.ready = ''").await;
    app.click(css).await;
    app.ready(page).await;
}

/// Types `fields` into the form `form` (selects by value).
async fn fill(app: &Ui, form: &str, fields: &[(&str, &str)]) {
    let values: serde_json::Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), Value::from(*v)))
        .collect();
    app.script(&format!(
        "const f = document.getElementById('{form}'); const v = {}; \
         for (const k of Object.keys(v)) {{ f.elements[k].value = v[k]; \
         f.elements[k].dispatchEvent(new Event('input', {{ bubbles: true }})); }}",
        Value::Object(values)
    ))
    .await;
}

/// Sets the as-of date as a clerk would, on the dashboard.
async fn set_as_of(app: &Ui, iso: &str) {
    app.script(&format!(
        "document.body.dataset.ready = ''; const i = document.getElementById('as-of'); i.value = '{iso}'; i.dispatchEvent(new Event('change'));"
    ))
    .await;
    app.ready("dashboard").await;
}

/// The gap codes the dashboard lists for the unit named `name`.
async fn dashboard_codes_for(app: &Ui, name: &str) -> Vec<String> {
    let js = format!(
        "return [...document.querySelectorAll('.gap')].filter(b => b.querySelector('.gap-name').textContent === {name:?}).map(b => b.dataset.code)"
    );
    serde_json::from_value(app.script(&js).await).unwrap()
}

/// Each listed member: [id, name, ID number shown, status shown].
async fn rows(app: &Ui) -> Vec<[String; 4]> {
    let js = "return [...document.querySelectorAll('#members-table tbody tr[data-person]')].map(r => \
              [r.dataset.person, r.querySelector('.member-name').textContent, \
               r.querySelector('.id-number').textContent, r.querySelector('.member-status').textContent])";
    serde_json::from_value(app.script(js).await).unwrap()
}

/// The page's text, hidden parts too (closed dialogs, folded tables).
async fn page_text(app: &Ui) -> String {
    app.script("return document.body.textContent + document.body.innerText")
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// The gap codes `parkreg gaps` gives the enterprise as of `d`.
fn cli_codes(cli: &Parkreg, d: &str) -> Vec<String> {
    let gaps = cli.run(&["gaps", "--json", "--as-of", d]).json();
    gaps.as_array()
        .unwrap()
        .iter()
        .filter(|g| g["unit"] == "u1")
        .map(|g| g["code"].as_str().unwrap().to_string())
        .collect()
}

async fn the_members_page_lists_adds_and_records_full_membership(shell: Shell) {
    let dir = TempDir::new("e2e-members");
    let db = dir.join("registry.db");
    let doc = dir.join("roster.json");
    std::fs::write(&doc, roster_document().to_string()).unwrap();
    let cli = Parkreg::new(&db);
    cli.run(&["load", doc.to_str().unwrap()]).ok();
    // Before anything is recorded: two full members, the enterprise must join.
    assert!(cli_codes(&cli, "2025-05-12").contains(&"JOIN_REQUIRED".to_string()));

    let app = Ui::open(shell, &db, None).await;
    app.ready("dashboard").await;
    goto(&app, "members").await;
    assert_eq!(app.text("#nav button[data-page='members']").await, "党员");
    // The roster at today, ID numbers masked (first 6, last 4).
    let listed = rows(&app).await;
    let expect = [
        ("p1", "张建国", "110105********0012", "正式党员"),
        ("p2", "刘芳", "110105********0020", "正式党员"),
        ("p3", "赵磊", "110105********0034", "预备党员"),
    ];
    assert_eq!(listed.len(), 3, "{listed:?}");
    for (row, (id, name, masked, status)) in listed.iter().zip(expect) {
        assert_eq!(row, &[id, name, masked, status].map(String::from));
    }
    assert_eq!(app.text("#member-count-full").await, "2 名");
    assert_eq!(app.text("#member-count-probationary").await, "1 名");
    assert!(
        app.script("return document.getElementById('roster-off').hidden")
            .await
            == Value::Bool(true)
    );
    let text = page_text(&app).await;
    for id in IDS {
        assert!(!text.contains(id), "{id} shown whole");
    }
    app.screenshot(&format!("members-{shell:?}")).await;

    // A new member with a wrong check character: refused at the ID field,
    // nothing saved, the dialog still open.
    app.click("#member-add").await;
    app.wait_for("#member-dialog[open]").await;
    fill(
        &app,
        "member-form",
        &[
            ("name", "李红"),
            ("gender", "female"),
            ("ethnicity", "汉族"),
            ("birth_date", "1949-12"),
            ("id_number", WRONG_ID),
            ("org", "o2"),
            ("unit", "u0"),
            ("joined_on", "1975-07-01"),
            ("full_on", "1976-07-01"),
        ],
    )
    .await;
    app.click("#member-save").await;
    wait_until(
        &app,
        "return document.querySelector('#member-form .field-error[data-for=\"id_number\"]').textContent.includes('校验位应为 X')",
    )
    .await;
    assert_eq!(
        app.script("return document.querySelector('#member-form [name=id_number]').getAttribute('aria-invalid')")
            .await,
        "true"
    );
    assert!(
        app.script("return document.getElementById('member-dialog').open")
            .await
            == Value::Bool(true)
    );
    app.screenshot(&format!("members-wrong-id-{shell:?}")).await;
    assert_eq!(rows(&app).await.len(), 3);

    // The right one: saved, named in the notice, listed masked.
    fill(&app, "member-form", &[("id_number", RIGHT_ID)]).await;
    click_and_wait(&app, "#member-save", "members").await;
    assert!(app.text("#notice").await.contains("李红"));
    let listed = rows(&app).await;
    let added = listed.iter().find(|r| r[1] == "李红").expect("李红 listed");
    assert_eq!(added[2], "110105********002X");
    assert_eq!(added[3], "正式党员");
    assert!(!page_text(&app).await.contains(RIGHT_ID));

    // The dialog has the whole number; 转正 of the probationary member.
    app.click("#members-table tr[data-person='p3'] .member-name")
        .await;
    app.wait_for("#member-dialog[open]").await;
    wait_until(
        &app,
        &format!(
            "return document.querySelector('#member-form [name=id_number]').value === '{}'",
            IDS[2]
        ),
    )
    .await;
    app.screenshot(&format!("members-dialog-{shell:?}")).await;
    app.click("#member-actions button[data-action='full']")
        .await;
    app.wait_for("#member-action-dialog[open]").await;
    fill(&app, "member-action-form", &[("on", "2025-05-12")]).await;
    click_and_wait(&app, "#member-action-save", "members").await;
    assert!(app.text("#notice").await.contains("赵磊"));
    let listed = rows(&app).await;
    let p3 = listed.iter().find(|r| r[0] == "p3").unwrap();
    assert_eq!(p3[3], "正式党员");
    assert_eq!(app.text("#member-count-full").await, "4 名");

    // From the 转正 date on the enterprise has three full members: a
    // branch of its own is required; the day before, joining one.
    goto(&app, "dashboard").await;
    set_as_of(&app, "2025-05-12").await;
    let codes = dashboard_codes_for(&app, ENTERPRISE).await;
    assert!(
        codes.contains(&"BRANCH_REQUIRED".to_string())
            && !codes.contains(&"JOIN_REQUIRED".to_string()),
        "{codes:?}"
    );
    set_as_of(&app, "2025-05-11").await;
    let codes = dashboard_codes_for(&app, ENTERPRISE).await;
    assert!(
        codes.contains(&"JOIN_REQUIRED".to_string())
            && !codes.contains(&"BRANCH_REQUIRED".to_string()),
        "{codes:?}"
    );
    // The page at that date: 赵磊 still probationary.
    goto(&app, "members").await;
    let listed = rows(&app).await;
    assert_eq!(listed.iter().find(|r| r[0] == "p3").unwrap()[3], "预备党员");

    // A status date recorded by mistake (失去联系 on the wrong day),
    // corrected in the member dialog.
    let open_p3 = || async {
        app.click("#members-table tr[data-person='p3'] .member-name")
            .await;
        app.wait_for("#member-dialog[open]").await;
    };
    open_p3().await;
    app.click("#member-actions button[data-action='lost']")
        .await;
    app.wait_for("#member-action-dialog[open]").await;
    fill(&app, "member-action-form", &[("on", "2025-06-01")]).await;
    click_and_wait(&app, "#member-action-save", "members").await;
    open_p3().await;
    wait_until(
        &app,
        "return document.querySelector('#member-form [name=lost_contact_on]').value === '2025-06-01'",
    )
    .await;
    fill(&app, "member-form", &[("lost_contact_on", "2025-07-01")]).await;
    click_and_wait(&app, "#member-save", "members").await;
    assert!(app.text("#notice").await.contains("赵磊"));
    app.close().await;

    // The same from the command line on the file the UI saved, and the
    // refused save left nothing behind.
    let after_full = cli_codes(&cli, "2025-05-12");
    assert!(
        after_full.contains(&"BRANCH_REQUIRED".to_string()),
        "{after_full:?}"
    );
    let before_full = cli_codes(&cli, "2025-05-11");
    assert!(
        before_full.contains(&"JOIN_REQUIRED".to_string()),
        "{before_full:?}"
    );
    let dump = cli.run(&["dump"]).json();
    let people = dump["people"].as_array().unwrap();
    let named: Vec<&Value> = people.iter().filter(|p| p["name"] == "李红").collect();
    assert_eq!(named.len(), 1, "{people:?}");
    assert_eq!(named[0]["id_number"], RIGHT_ID);
    assert_eq!(people.len(), 5);
    let p3 = people.iter().find(|p| p["id"] == "p3").unwrap();
    assert_eq!(p3["membership"]["full_on"], "2025-05-12");
    assert_eq!(p3["membership"]["lost_contact_on"], "2025-07-01");
}

/// The park before it keeps its roster: the page says so and shows, per
/// unit, the typed counts beside the roster's at D; switched on, the
/// counts come from the roster. A 转正 before the probation ends is
/// refused in the action's dialog at its date; a 转出 with its reason is
/// recorded and the member leaves the list of members.
async fn the_roster_is_switched_on_after_its_counts_are_compared(shell: Shell) {
    let dir = TempDir::new("e2e-roster-off");
    let db = dir.join("registry.db");
    let doc = dir.join("roster.json");
    let mut document = roster_document();
    document["park"]["roster"] = json!(false);
    document["units"][1]["full_members"] = json!(3);
    std::fs::write(&doc, document.to_string()).unwrap();
    let cli = Parkreg::new(&db);
    cli.run(&["load", doc.to_str().unwrap()]).ok();

    let app = Ui::open(shell, &db, None).await;
    app.ready("dashboard").await;
    goto(&app, "members").await;
    assert!(
        app.script("return document.getElementById('roster-off').hidden")
            .await
            == Value::Bool(false)
    );
    let compared = app
        .script(
            "return [...document.querySelectorAll('#reconcile-table tbody tr')].map(r => \
             [r.dataset.unit, ...[...r.cells].map(c => c.textContent)])",
        )
        .await;
    assert_eq!(compared, json!([["u1", ENTERPRISE, "3", "2", "0", "1"]]));
    assert!(app.text("#reconcile-summary").await.contains("1 个单位"));
    app.screenshot(&format!("members-roster-off-{shell:?}"))
        .await;
    click_and_wait(&app, "#roster-on", "members").await;
    assert!(
        app.script("return document.getElementById('roster-off').hidden")
            .await
            == Value::Bool(true)
    );
    assert!(app.text("#notice").await.contains("已启用党员名册"));

    // 转正 before the probation's end: refused at the date, nothing changed.
    app.click("#members-table tr[data-person='p3'] .member-name")
        .await;
    app.wait_for("#member-dialog[open]").await;
    app.click("#member-actions button[data-action='full']")
        .await;
    app.wait_for("#member-action-dialog[open]").await;
    fill(&app, "member-action-form", &[("on", "2024-06-01")]).await;
    app.click("#member-action-save").await;
    wait_until(
        &app,
        "return document.querySelector('#member-action-form .field-error[data-for=\"full_on\"]').textContent !== ''",
    )
    .await;
    assert!(
        app.script("return document.getElementById('member-action-dialog').open")
            .await
            == Value::Bool(true)
    );
    app.click("#member-action-form [data-close]").await;

    // 转出 of a full member: gone from the members, listed as left.
    app.click("#members-table tr[data-person='p2'] .member-name")
        .await;
    app.wait_for("#member-dialog[open]").await;
    app.click("#member-actions button[data-action='leave']")
        .await;
    app.wait_for("#member-action-dialog[open]").await;
    fill(
        &app,
        "member-action-form",
        &[("on", "2025-03-01"), ("reason", "transferred_out")],
    )
    .await;
    click_and_wait(&app, "#member-action-save", "members").await;
    assert!(app.text("#notice").await.contains("刘芳"));
    let listed = rows(&app).await;
    assert!(listed.iter().all(|r| r[0] != "p2"), "{listed:?}");
    assert_eq!(app.text("#member-count-full").await, "1 名");
    app.click("#member-status .chip[data-status='left']").await;
    wait_until(
        &app,
        "return document.querySelector('#member-status .chip[data-status=\\'left\\']').getAttribute('aria-pressed') === 'true'",
    )
    .await;
    let listed = rows(&app).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0][0], "p2");
    assert_eq!(listed[0][3], "已离开（转出）");
    app.close().await;

    let dump = cli.run(&["dump"]).json();
    assert_eq!(dump["park"]["roster"], true);
    let p2 = dump["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "p2")
        .unwrap()
        .clone();
    assert_eq!(p2["membership"]["left_on"], "2025-03-01");
    assert_eq!(p2["membership"]["left_reason"], "transferred_out");
    let p3 = dump["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "p3")
        .unwrap()
        .clone();
    assert_eq!(p3["membership"]["full_on"], Value::Null);
}

/// The clerk's 花名册 as a CSV file: the header with the synonyms clerks
/// use, then `rows`.
fn write_roster_sheet(file: &std::path::Path, rows: &[String]) {
    let mut text = String::from(
        "姓名,性别,民族,出生日期,文化程度,入党日期,转正日期,身份证号码,所在单位,所在支部,手机\n",
    );
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    std::fs::write(file, text).unwrap();
}

/// The two rows of the roster imported: 李红 with month-only dates, 王强
/// with the ID number `wang_id`.
fn roster_rows(wang_id: &str) -> Vec<String> {
    vec![
        format!("李红,女,汉族,1949.12,大学本科,1975.07,1976年7月,{RIGHT_ID},园区管理委员会,园区机关党支部,13800000000"),
        format!("王强,男,汉族,1990-03,大专,2015-7-1,,{wang_id},{ENTERPRISE},,"),
    ]
}

/// Each listed member: [name, ID number shown, 入党日期 shown, 转正日期 shown].
async fn member_dates(app: &Ui) -> Vec<[String; 4]> {
    let js = "return [...document.querySelectorAll('#members-table tbody tr[data-person]')].map(r => \
              [r.querySelector('.member-name').textContent, r.querySelector('.id-number').textContent, \
               r.cells[5].textContent, r.cells[6].textContent])";
    serde_json::from_value(app.script(js).await).unwrap()
}

/// The people of `parkreg dump` named `name`.
fn dumped(cli: &Parkreg, name: &str) -> (usize, Vec<Value>) {
    let dump = cli.run(&["dump"]).json();
    let people = dump["people"].as_array().unwrap();
    let named = people
        .iter()
        .filter(|p| p["name"] == name)
        .cloned()
        .collect();
    (people.len(), named)
}

/// The clerk's 花名册 imported from the 党员 page through the one import
/// flow: a file with a wrong check character is shown with the problem at
/// its row and column and nothing imported; the right file is previewed
/// (both rows 新增, with name and unit), applied on confirming, listed
/// with ID numbers masked and 李红's month-only dates as months, kept as
/// approximate in the registry; and the import is undone from the page.
async fn a_clerks_roster_is_previewed_imported_and_undone(shell: Shell) {
    const WANG_WRONG: &str = "110101199003074478";
    const WANG_RIGHT: &str = "110101199003074477";
    let dir = TempDir::new("e2e-roster-import");
    let db = dir.join("registry.db");
    let doc = dir.join("roster.json");
    std::fs::write(&doc, roster_document().to_string()).unwrap();
    let cli = Parkreg::new(&db);
    cli.run(&["load", doc.to_str().unwrap()]).ok();
    // One file, its content replaced between the two previews (the
    // window's dialog answers every time with the same file).
    let sheet = dir.join("花名册.csv");
    write_roster_sheet(&sheet, &roster_rows(WANG_WRONG));

    let app = Ui::open(shell, &db, Some(&sheet)).await;
    app.ready("dashboard").await;
    goto(&app, "members").await;
    assert_eq!(app.text("#member-import").await, "导入花名册");

    // The wrong check character: the problem at its row and column, the
    // import refused, nothing listed.
    app.click("#member-import").await;
    app.give_file(&sheet).await;
    wait_until(
        &app,
        "return document.getElementById('import-table').textContent.includes('校验位应为 7')",
    )
    .await;
    let problems = app
        .script(
            "return [...document.querySelectorAll('#import-table tbody tr')].map(r => \
             [...r.cells].map(c => c.textContent))",
        )
        .await;
    let problems: Vec<Vec<String>> = serde_json::from_value(problems).unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p[0] == "第 3 行" && p[1] == "“身份证号”列" && p[2].contains("校验位应为 7")),
        "{problems:?}"
    );
    assert!(
        app.script(
            "return document.getElementById('import-apply').disabled \
             && !!document.getElementById('import-preview').closest('#page-members')"
        )
        .await
            == Value::Bool(true)
    );
    assert!(app.text("#import-summary").await.contains("未导入任何内容"));
    app.screenshot(&format!("members-import-problems-{shell:?}"))
        .await;
    assert_eq!(member_dates(&app).await.len(), 3);

    // The right file: both rows to add, named with their units, nothing
    // applied before the clerk confirms.
    write_roster_sheet(&sheet, &roster_rows(WANG_RIGHT));
    app.click("#member-import").await;
    app.give_file(&sheet).await;
    wait_until(
        &app,
        "return document.getElementById('import-summary').textContent.includes('将新增 2 名党员')",
    )
    .await;
    let planned = app
        .script(
            "return [...document.querySelectorAll('#import-table tbody tr')].map(r => \
             [...r.cells].map(c => c.textContent))",
        )
        .await;
    assert_eq!(
        planned,
        json!([
            ["2", "新增", "李红", "园区管理委员会", ""],
            ["3", "新增", "王强", ENTERPRISE, ""]
        ])
    );
    assert_eq!(
        app.script("return document.getElementById('import-apply').disabled")
            .await,
        Value::Bool(false)
    );
    app.screenshot(&format!("members-import-preview-{shell:?}"))
        .await;
    assert_eq!(member_dates(&app).await.len(), 3);
    assert_eq!(dumped(&cli, "李红").0, 4);

    // Confirmed: the notice counts them and says it can be undone; the
    // roster lists them, ID numbers masked, 李红's dates as months.
    click_and_wait(&app, "#import-apply", "members").await;
    let notice = app.text("#notice").await;
    assert!(
        notice.contains("新增 2 名党员") && notice.contains("撤销"),
        "{notice}"
    );
    assert!(
        app.script("return document.getElementById('import-preview').hidden")
            .await
            == Value::Bool(true)
    );
    let listed = member_dates(&app).await;
    assert_eq!(listed.len(), 5, "{listed:?}");
    let li = listed.iter().find(|r| r[0] == "李红").expect("李红 listed");
    assert_eq!(
        li,
        &["李红", "110105********002X", "1975年7月", "1976年7月"].map(String::from)
    );
    let wang = listed.iter().find(|r| r[0] == "王强").expect("王强 listed");
    assert_eq!(
        wang,
        &["王强", "110101********4477", "2015年7月1日", ""].map(String::from)
    );
    let text = page_text(&app).await;
    assert!(!text.contains(RIGHT_ID) && !text.contains(WANG_RIGHT));
    app.screenshot(&format!("members-imported-{shell:?}")).await;

    // The registry keeps her dates as approximate, his to the day.
    let (count, li) = dumped(&cli, "李红");
    assert_eq!(count, 6);
    let m = &li[0]["membership"];
    assert_eq!(m["joined_on"], "1975-07-01");
    assert_eq!(m["full_on"], "1976-07-01");
    assert_eq!(m["approximate"], json!(["joined_on", "full_on"]));
    assert_eq!((&m["unit"], &m["org"]), (&json!("u0"), &json!("o2")));
    assert_eq!(li[0]["birth_date"], "1949-12");
    let (_, wang) = dumped(&cli, "王强");
    assert_eq!(wang[0]["membership"]["joined_on"], "2015-07-01");
    assert_eq!(wang[0]["membership"]["approximate"], json!([]));
    assert_eq!(wang[0]["membership"]["unit"], "u1");

    // Undone from the page: both gone again.
    click_and_wait(&app, "#member-import-undo", "members").await;
    assert!(app.text("#notice").await.contains("已撤销上一次导入"));
    let listed = member_dates(&app).await;
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(listed.iter().all(|r| r[0] != "李红" && r[0] != "王强"));
    app.close().await;
    let (count, li) = dumped(&cli, "李红");
    assert_eq!((count, li.len()), (4, 0));
}

/// Each test runs in the desktop window (under Xvfb), in the browser mode
/// and in the browser mode without what old engines lack.
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
    the_members_page_lists_adds_and_records_full_membership,
    the_roster_is_switched_on_after_its_counts_are_compared,
    a_clerks_roster_is_previewed_imported_and_undone,
];
