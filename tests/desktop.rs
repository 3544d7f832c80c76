//! End-to-end: the real desktop program under Xvfb, driven over WebDriver.
//! Each test leaves a screenshot in target/screenshots/.

use parkreg_tests::desktop::Desktop;
use parkreg_tests::TempDir;

/// Sets the as-of date as a clerk would, and waits for the new figures.
async fn set_as_of(app: &Desktop, iso: &str) {
    app.script(&format!(
        "document.body.dataset.ready = ''; const i = document.getElementById('as-of'); i.value = '{iso}'; i.dispatchEvent(new Event('change'));"
    ))
    .await;
    app.ready("dashboard").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_loads_the_sample_park() {
    let dir = TempDir::new("e2e-sample");
    let app = Desktop::start(&dir.join("registry.db")).await;
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
    app.screenshot("dashboard").await;

    // A gap opens what it is about.
    app.click(".gap[data-code='INSTRUCTOR_NOT_MEMBER']").await;
    assert!(app.text("#detail-title").await.contains("孵化园项目"));
    assert!(app.text("#detail-body").await.contains("徐凯"));
    app.screenshot("gap-detail").await;
    app.click("#detail button[type=submit]").await;

    // English on request, and back.
    app.click("#lang-toggle").await;
    app.ready("dashboard").await;
    assert_eq!(app.text("#lang-toggle").await, "中文");
    assert!(app.text("#gaps").await.contains("Instructor"));
    app.click("#lang-toggle").await;
    app.ready("dashboard").await;
    assert!(app.text("#gaps").await.contains("党建指导员"));
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_registry_shows_dashes_not_zero() {
    let dir = TempDir::new("e2e-empty");
    let app = Desktop::start(&dir.join("registry.db")).await;
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
    app.close().await;
}
