//! The program's pages driven over WebDriver, in either shell: the real
//! desktop program under Xvfb through tauri-driver (which runs
//! WebKitWebDriver; one session at a time), or `parkreg serve` in Debian's
//! Chromium through chromedriver (headless).

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, MutexGuard};

/// WebKitWebDriver holds one session at a time: tests take turns.
static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn tauri_driver() -> PathBuf {
    if let Ok(found) = which("tauri-driver") {
        return found;
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var("HOME").unwrap()).join(".cargo"));
    home.join("bin").join("tauri-driver")
}

fn which(name: &str) -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

/// A child started in its own process group, ended with that whole group.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.0.try_wait() {
            return;
        }
        let pid = self.0.id().to_string();
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{pid}")])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .status();
        let _ = self.0.wait();
    }
}

fn spawn_group(cmd: &mut Command) -> Group {
    let mut setsid = Command::new("setsid");
    setsid.arg(cmd.get_program()).args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => setsid.env(k, v),
            None => setsid.env_remove(k),
        };
    }
    Group(setsid.stdin(Stdio::null()).spawn().expect("process starts"))
}

fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Which shell the pages run in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shell {
    Desktop,
    Browser,
    /// The browser mode in Chromium with what Firefox 60–97 lacks taken
    /// away before the page's scripts run (`strip-new-apis.js`), so that
    /// the page runs on ui/compat.js's fallbacks.
    OldBrowser,
}

/// A script that Chromium runs before the page's own in every document of
/// the session (its DevTools command, through chromedriver).
#[derive(Debug)]
struct BeforePageScripts(&'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for BeforePageScripts {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": { "source": self.0 },
        });
        (http::Method::POST, Some(body.to_string()))
    }
}

pub struct Ui {
    pub client: Client,
    pub shell: Shell,
    /// The desktop's answer to every file dialog (`--test-file`).
    test_file: Option<PathBuf>,
    /// Where the browser saves downloads.
    downloads: Option<PathBuf>,
    /// `parkreg serve`, in the browser's shell.
    serve: Option<Group>,
    /// The X display the desktop program runs on (to look for its other
    /// windows, such as the print dialog).
    pub display: Option<String>,
    // Dropped in this order: driver (and the program), then the display.
    _driver: Group,
    _xvfb: Option<Group>,
    _turn: Option<MutexGuard<'static, ()>>,
}

impl Ui {
    /// Starts the program on the registry at `db` in `shell`; `file` is
    /// the file the test's dialogs choose (the desktop's `--test-file`; in
    /// the browser the test gives it to the file chooser, or finds the
    /// download, with [`Ui::give_file`] and [`Ui::saved`]).
    pub async fn open(shell: Shell, db: &Path, file: Option<&Path>) -> Ui {
        Ui::open_in(shell, db, file, &[]).await
    }

    /// Starts the program as [`Ui::open`] does, with environment variables
    /// (such as a test hook's) for the program: the window, or `parkreg
    /// serve`.
    pub async fn open_in(shell: Shell, db: &Path, file: Option<&Path>, env: &[(&str, &str)]) -> Ui {
        match shell {
            Shell::Desktop => {
                let extra: Vec<&str> = match file {
                    Some(f) => vec!["--test-file", f.to_str().expect("UTF-8 path")],
                    None => vec![],
                };
                let mut ui = Ui::start_in(db, &extra, env).await;
                ui.test_file = file.map(Path::to_path_buf);
                ui
            }
            Shell::Browser => Ui::browser(db, shell, None, env).await,
            Shell::OldBrowser => {
                let strip = Some(include_str!("strip-new-apis.js"));
                Ui::browser(db, shell, strip, env).await
            }
        }
    }

    /// `parkreg serve --no-open` on `db`, and a headless Chromium on the
    /// link it prints.
    /// `parkreg serve` in Chromium as [`Ui::open`] starts it, with `script`
    /// run before the page's own in every page.
    pub async fn browser_before(db: &Path, script: &'static str) -> Ui {
        Ui::browser(db, Shell::Browser, Some(script), &[]).await
    }

    async fn browser(
        db: &Path,
        shell: Shell,
        before: Option<&'static str>,
        env: &[(&str, &str)],
    ) -> Ui {
        use std::io::BufRead;
        let dir = db.parent().expect("a registry in a folder");
        let downloads = dir.join("downloads");
        std::fs::create_dir_all(&downloads).unwrap();
        let mut serve = Command::new("setsid");
        serve
            .arg(super::binary("parkreg", "parkreg"))
            .args(["--db", db.to_str().unwrap(), "serve", "--no-open"])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped());
        let mut child = serve.spawn().expect("parkreg serve starts");
        let mut line = String::new();
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        out.read_line(&mut line).unwrap();
        // The rest of what it prints is read (and dropped) while it runs.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let url = line
            .trim()
            .strip_prefix("parkreg serve: ")
            .unwrap_or_else(|| panic!("parkreg serve printed {line:?}"))
            .to_string();
        let serve = Group(child);
        let port = free_port();
        let driver = spawn_group(
            Command::new("chromedriver").args([format!("--port={port}"), "--silent".into()]),
        );
        wait_for_port(port, "chromedriver");
        let profile = dir.join("chromium-profile");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,800",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "safebrowsing.enabled": false,
                },
            }),
        );
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a Chromium session");
        if let Some(script) = before {
            client
                .issue_cmd(BeforePageScripts(script))
                .await
                .expect("the script runs before the page's");
        }
        client.goto(&url).await.expect("the served page opens");
        if shell == Shell::OldBrowser {
            client
                .wait()
                .at_most(Duration::from_secs(30))
                .for_element(Locator::Css("html[data-started]"))
                .await
                .expect("the page starts");
            let stripped = client
                .execute(
                    "return window.__parkregStripped === true && !window.HTMLDialogElement \
                     && !Element.prototype.replaceChildren",
                    vec![],
                )
                .await
                .expect("script runs");
            assert_eq!(stripped, true, "the page runs without the new APIs");
        }
        Ui {
            client,
            shell,
            test_file: None,
            downloads: Some(downloads),
            serve: Some(serve),
            display: None,
            _driver: driver,
            _xvfb: None,
            _turn: None,
        }
    }

    /// Gives `file` to the file chooser the page has just asked for (the
    /// desktop's dialog already answers its `--test-file`).
    pub async fn give_file(&self, file: &Path) {
        if self.shell == Shell::Desktop {
            assert_eq!(
                self.test_file.as_deref(),
                Some(file),
                "start with this --test-file"
            );
            return;
        }
        self.wait_for("#upload-input").await;
        self.client
            .find(Locator::Css("#upload-input"))
            .await
            .unwrap()
            .send_keys(file.to_str().unwrap())
            .await
            .expect("the file goes to the chooser");
    }

    /// The file the page just wrote: the desktop's `--test-file`, or the
    /// browser's finished download whose name ends in `ending`.
    pub async fn saved(&self, ending: &str) -> PathBuf {
        let Some(dir) = &self.downloads else {
            return self.test_file.clone().expect("started with a --test-file");
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let done = std::fs::read_dir(dir)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .find(|p| p.file_name().unwrap().to_string_lossy().ends_with(ending));
            if let Some(p) = done {
                return p;
            }
            assert!(
                Instant::now() < deadline,
                "no download *{ending} in {}",
                dir.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Starts the desktop program on the registry at `db` and connects.
    pub async fn start(db: &Path) -> Ui {
        Ui::start_with(db, &[]).await
    }

    /// Starts the program with extra arguments (such as `--test-file`).
    pub async fn start_with(db: &Path, extra: &[&str]) -> Ui {
        Ui::start_in(db, extra, &[]).await
    }

    /// Starts the program with extra arguments and environment variables
    /// (such as the system locale, `LANG`).
    pub async fn start_in(db: &Path, extra: &[&str], env: &[(&str, &str)]) -> Ui {
        Ui::start_on_screen(db, extra, env, "1600x1000").await
    }

    /// Starts the program on a screen of `size` (`1366x768`: an office
    /// laptop's), on a display of its own.
    pub async fn start_on_screen(
        db: &Path,
        extra: &[&str],
        env: &[(&str, &str)],
        size: &str,
    ) -> Ui {
        let turn = ONE_AT_A_TIME.lock().await;
        let app = super::binary("parkreg-desktop", "parkreg-desktop");
        let own_screen = size != "1600x1000";
        let (display, xvfb) = match std::env::var("DISPLAY")
            .ok()
            .filter(|d| !d.is_empty() && !own_screen)
        {
            Some(d) => (d, None),
            None => {
                let n = 90 + std::process::id() % 800 + if own_screen { 800 } else { 0 };
                let display = format!(":{n}");
                let xvfb = spawn_group(Command::new("Xvfb").args([
                    &display,
                    "-screen",
                    "0",
                    &format!("{size}x24"),
                    "-nolisten",
                    "tcp",
                ]));
                let socket = format!("/tmp/.X11-unix/X{n}");
                let deadline = Instant::now() + Duration::from_secs(20);
                while !Path::new(&socket).exists() {
                    assert!(Instant::now() < deadline, "Xvfb did not start on {display}");
                    std::thread::sleep(Duration::from_millis(50));
                }
                (display, Some(xvfb))
            }
        };
        // The webview's own storage (the language chosen, for one) is the
        // test's, beside its registry: no test sees what another chose.
        let web_data = db
            .parent()
            .expect("a registry in a folder")
            .join("web-data");
        let args: Vec<&str> = ["--db", db.to_str().expect("UTF-8 path")]
            .iter()
            .chain(extra)
            .copied()
            .collect();
        // Starting WebKitWebDriver right after another session has ended
        // occasionally drops the new-session request: start afresh, thrice.
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port();
            let native = free_port();
            let driver = spawn_group(
                Command::new("dbus-run-session")
                    .args(["--"])
                    .arg(tauri_driver())
                    .args([
                        "--port",
                        &port.to_string(),
                        "--native-port",
                        &native.to_string(),
                    ])
                    .env("DISPLAY", &display)
                    .env("XDG_DATA_HOME", web_data.join("data"))
                    .env("XDG_CACHE_HOME", web_data.join("cache"))
                    .env("XDG_CONFIG_HOME", web_data.join("config"))
                    .env("NO_AT_BRIDGE", "1")
                    .env_remove("WEBKIT_DISABLE_COMPOSITING_MODE")
                    .envs(env.iter().copied()),
            );
            wait_for_port(port, "tauri-driver");
            let mut caps = serde_json::Map::new();
            caps.insert(
                "tauri:options".into(),
                serde_json::json!({"application": app, "args": args}),
            );
            match ClientBuilder::native()
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => {
                    return Ui {
                        client,
                        shell: Shell::Desktop,
                        test_file: None,
                        downloads: None,
                        serve: None,
                        display: Some(display),
                        _driver: driver,
                        _xvfb: xvfb,
                        _turn: Some(turn),
                    }
                }
                Err(e) => {
                    last_error = e.to_string();
                    drop(driver);
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        panic!("WebDriver session does not open: {last_error}");
    }

    /// Waits until the page says it is showing `what` ("welcome", "dashboard").
    pub async fn ready(&self, what: &str) {
        self.client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(&format!("body[data-ready='{what}']")))
            .await
            .unwrap_or_else(|e| panic!("page never showed {what}: {e}"));
    }

    /// Waits until an element matching `css` exists.
    pub async fn wait_for(&self, css: &str) {
        self.client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"));
    }

    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .text()
            .await
            .expect("text")
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// Presses keys as a person would, on the element that has the focus
    /// (WebDriver key codes: `\u{E004}` Tab, `\u{E007}` Enter, `\u{E00C}` Esc).
    pub async fn press(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .expect("an element has the focus")
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("cannot press {keys:?}: {e}"));
    }

    /// Runs a script in the page and returns its JSON result.
    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.client.execute(js, vec![]).await.expect("script runs")
    }

    /// Saves a screenshot as target/screenshots/NAME.png.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // Two frames after the last change, so the picture is of it.
        self.script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")
            .await;
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = super::target_dir().join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let shell = match self.shell {
            Shell::Desktop => "",
            Shell::Browser => "browser-",
            Shell::OldBrowser => "old-browser-",
        };
        let path = dir.join(format!("{shell}{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Ends the session. In the browser that closes the last page, and
    /// `parkreg serve` must then stop by itself.
    pub async fn close(mut self) {
        self.client.clone().close().await.expect("session closes");
        if let Some(serve) = &mut self.serve {
            let deadline = Instant::now() + Duration::from_secs(20);
            while serve.0.try_wait().unwrap().is_none() {
                assert!(
                    Instant::now() < deadline,
                    "parkreg serve still runs after its last page closed"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            assert!(
                serve.0.try_wait().unwrap().unwrap().success(),
                "parkreg serve stopped with an error"
            );
        }
    }
}
