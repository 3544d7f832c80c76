//! `parkreg serve` refuses everyone but the clerk's own browser: requests
//! without the secret, with another Host, or sent by a page of another
//! origin are refused and change nothing; it listens on 127.0.0.1 only and
//! stops on Ctrl-C. (The pages themselves are tested in both shells in
//! tests/desktop.rs.)

use parkreg_tests::desktop::{Shell, Ui};
use parkreg_tests::serve::Served;
use parkreg_tests::TempDir;
use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// One HTTP/1.1 request, written by hand so that any header can be wrong.
fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req += &format!("Host: 127.0.0.1:{port}\r\n");
    }
    for (k, v) in headers {
        req += &format!("{k}: {v}\r\n");
    }
    req += &format!("Content-Length: {}\r\n\r\n{body}", body.len());
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    Answer {
        status: head.split(' ').nth(1).unwrap().parse().unwrap(),
        head: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

/// What the clerk's page holds once the link is opened: the session
/// cookie and the page's own secret.
struct Session {
    cookie: String,
    page: String,
}

impl Session {
    /// A request as the clerk's page sends it: cookie, secret, `content_type`.
    fn send(
        &self,
        port: u16,
        path: &str,
        content_type: &str,
        extra: &[(&str, &str)],
        body: &str,
    ) -> Answer {
        let mut headers = vec![
            ("Cookie", self.cookie.as_str()),
            ("X-Parkreg-Page", self.page.as_str()),
            ("Content-Type", content_type),
        ];
        headers.extend_from_slice(extra);
        http(port, "POST", path, &headers, body)
    }
}

/// Whether the registry is still empty, asked with the clerk's session.
fn still_empty(port: u16, session: &Session) -> bool {
    let a = session.send(port, "/api/registry_status", "application/json", &[], "{}");
    assert_eq!(a.status, 200, "{}", a.body);
    let status: serde_json::Value = serde_json::from_str(a.body.trim()).unwrap();
    status["empty"] == true
}

/// The listening sockets on `port` (from /proc/net/tcp and tcp6): their
/// local addresses, as the kernel writes them.
fn listening_on(port: u16) -> Vec<String> {
    let port_hex = format!(":{port:04X}");
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(f)
                .unwrap_or_default()
                .lines()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols.len() > 3 && cols[1].ends_with(&port_hex) && cols[3] == "0A")
                .then(|| cols[1].to_string())
        })
        .collect()
}

#[test]
fn without_the_secret_or_from_another_host_nothing_gets_in() {
    let dir = TempDir::new("serve-guard");
    let served = Served::on(&dir.join("registry.db"));
    let port = served.port;
    let start = format!("/?key={}", served.key);
    let json = ("Content-Type", "application/json");

    // Loopback only.
    assert_eq!(listening_on(port), vec![format!("0100007F:{port:04X}")]);

    // No secret: the page, a command, a file, a download, the stream.
    for (method, path) in [
        ("GET", "/"),
        ("GET", "/main.js"),
        ("GET", "/alive"),
        ("GET", "/download/00"),
        ("POST", "/api/start_sample"),
        ("POST", "/upload"),
    ] {
        let a = http(port, method, path, &[json], "{}");
        assert_eq!(a.status, 403, "{method} {path}");
    }
    // A wrong key, and the right key under a rebound host name: refused,
    // and the key is not spent by either.
    assert_eq!(http(port, "GET", "/?key=00", &[], "").status, 403);
    let rebound = format!("parkreg.attacker.example:{port}");
    let a = http(port, "GET", &start, &[("Host", &rebound)], "");
    assert_eq!(a.status, 421);
    assert!(!a.head.contains("set-cookie"));

    // The key opens once: a session cookie named with the port, HttpOnly
    // and SameSite=Strict, and the page's secret in the fragment.
    let a = http(port, "GET", &start, &[], "");
    let session = opened(&a, port);
    assert!(a
        .head
        .contains("content-security-policy: default-src 'self'"));
    assert_eq!(
        http(port, "GET", &start, &[], "").status,
        403,
        "the key is spent"
    );

    // With the cookie and the secret, but the wrong Host, another origin,
    // another site, or not JSON: refused, and nothing changed.
    let (cookie, page) = (
        ("Cookie", &*session.cookie),
        ("X-Parkreg-Page", &*session.page),
    );
    let other_origin = format!("http://127.0.0.1:{}", port.wrapping_add(1));
    let refusals: [(&[(&str, &str)], u16); 7] = [
        (&[cookie, page, json, ("Host", &rebound)], 421),
        (&[cookie, page, json, ("Origin", &other_origin)], 403),
        (&[cookie, page, json, ("Origin", "null")], 403),
        (&[cookie, page, json, ("Sec-Fetch-Site", "same-site")], 403),
        (&[cookie, page, ("Content-Type", "text/plain")], 415),
        (&[cookie, json], 403),
        (&[page, json], 403),
    ];
    for (headers, status) in refusals {
        let a = http(port, "POST", "/api/start_sample", headers, "{}");
        assert_eq!(a.status, status, "{headers:?}: {}", a.body);
        assert!(!a.head.contains("access-control-allow"), "no CORS");
    }
    let preflight = http(
        port,
        "OPTIONS",
        "/api/start_sample",
        &[
            ("Origin", &other_origin),
            ("Access-Control-Request-Method", "POST"),
        ],
        "",
    );
    assert_eq!(preflight.status, 403);
    assert!(!preflight.head.contains("access-control-allow"));
    assert!(
        still_empty(port, &session),
        "a refused request changed the registry"
    );

    // The clerk's own request goes through.
    let a = http(
        port,
        "POST",
        "/api/start_sample",
        &[cookie, page, json],
        "{}",
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(!still_empty(port, &session));
}

/// The session the start link's answer `a` opens: its cookie (HttpOnly,
/// SameSite=Strict, named with the port) and the page's secret (in the
/// fragment of the address it goes on to).
fn opened(a: &Answer, port: u16) -> Session {
    assert_eq!(a.status, 200, "{}", a.body);
    let set = a
        .head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .expect("a cookie")
        .to_string();
    assert!(
        set.contains("httponly") && set.contains("samesite=strict"),
        "{set}"
    );
    let cookie = set.split(';').next().unwrap().to_string();
    assert!(
        cookie.starts_with(&format!("parkreg_session_{port}=")),
        "{cookie}"
    );
    let page = a
        .body
        .split("url=/#page=")
        .nth(1)
        .expect("goes on to the page, its secret in the fragment")
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect::<String>();
    assert_eq!(page.len(), 64, "{}", a.body);
    Session { cookie, page }
}

/// Opens the link: the clerk's session.
fn session(served: &Served) -> Session {
    let a = http(
        served.port,
        "GET",
        &format!("/?key={}", served.key),
        &[],
        "",
    );
    opened(&a, served.port)
}

#[test]
fn one_program_per_registry_as_with_the_window() {
    let dir = TempDir::new("serve-lock");
    let db = dir.join("registry.db");
    let first = Served::on(&db);
    let first_session = session(&first);
    assert!(still_empty(first.port, &first_session));
    // A second server on the same registry shows the window's refusal.
    let second = Served::on(&db);
    let a = session(&second).send(
        second.port,
        "/api/start_sample",
        "application/json",
        &[],
        "{}",
    );
    assert_eq!(a.status, 422, "{}", a.body);
    let e: serde_json::Value = serde_json::from_str(a.body.trim()).unwrap();
    assert_eq!(e["code"], "errors.open_elsewhere", "{e}");
    assert!(still_empty(first.port, &first_session));
}

#[test]
fn ctrl_c_stops_it() {
    let dir = TempDir::new("serve-stop");
    let mut served = Served::on(&dir.join("registry.db"));
    let pid = served.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(listening_on(served.port).is_empty());
}

/// A page of another origin: a second local server on another port (the
/// same site, so the browser would send the clerk's cookie along). It
/// keeps the Cookie headers it is sent, as an attacker's server would.
fn other_origin_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let kept = seen.clone();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let mut buf = [0u8; 8192];
            let n = s.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).into_owned();
            for line in request.lines() {
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("cookie") {
                        kept.lock().unwrap().push(value.trim().to_string());
                    }
                }
            }
            let page = "<!doctype html><title>another site</title><p>hello";
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
        }
    });
    (port, seen)
}

/// Opens a page of [`other_origin_server`] in a second tab of the browser
/// (the served page stays open in the first, which is returned to go back
/// to): that server's port and the Cookie headers it was sent.
async fn visit_other_origin(
    app: &Ui,
) -> (u16, Arc<Mutex<Vec<String>>>, fantoccini::wd::WindowHandle) {
    let home = app.client.window().await.unwrap();
    let tab = app.client.new_window(true).await.unwrap();
    app.client.switch_to_window(tab.handle).await.unwrap();
    let (other, seen) = other_origin_server();
    app.client
        .goto(&format!("http://127.0.0.1:{other}/"))
        .await
        .unwrap();
    (other, seen, home)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_of_another_origin_is_refused_in_a_real_browser() {
    let dir = TempDir::new("serve-origin");
    let app = Ui::open(Shell::Browser, &dir.join("registry.db"), None).await;
    app.ready("welcome").await;
    let served = app.script("return location.origin").await;
    let served = served.as_str().unwrap().to_string();

    // The attacker's page opens in a second tab of the same browser, which
    // holds the clerk's cookie; the served page stays open in the first.
    let (_, _, home) = visit_other_origin(&app).await;
    let attempts = app
        .client
        .execute_async(
            r#"const [target, done] = arguments;
            const tries = [
              () => fetch(target + '/api/start_sample', { method: 'POST', credentials: 'include',
                     headers: { 'Content-Type': 'application/json' }, body: '{}' }),
              () => fetch(target + '/api/start_sample', { method: 'POST', mode: 'no-cors',
                     credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: '{}' }),
              () => fetch(target + '/api/registry_status', { method: 'POST', credentials: 'include',
                     headers: { 'Content-Type': 'application/json' }, body: '{}' }),
            ];
            Promise.all(tries.map((t) => t().then((r) => r.type === 'opaque' ? 'opaque' : 'read ' + r.status,
                                                 (e) => 'refused')))
              .then(done);"#,
            vec![serde_json::json!(served)],
        )
        .await
        .unwrap();
    // Neither a preflighted nor a simple request gets an answer the page
    // can read; the simple one goes out, and the server refuses it.
    assert_eq!(
        attempts,
        serde_json::json!(["refused", "opaque", "refused"]),
        "{attempts}"
    );
    app.client.close_window().await.unwrap();
    app.client.switch_to_window(home).await.unwrap();

    // Nothing changed: the clerk's page still shows the first-run choice,
    // and its own request still works.
    let status = page_call(&app, "registry_status").await;
    assert_eq!(
        status["empty"], true,
        "the other origin's requests changed the registry"
    );
    app.close().await;
}

/// Runs a command through the page's own api module, as its buttons do;
/// its answer (the test fails on an error).
async fn page_call(app: &Ui, command: &str) -> serde_json::Value {
    let answer = app
        .client
        .execute_async(
            r#"const [command, done] = arguments;
            import('/api.js').then((m) => m.call(command))
              .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: e }));"#,
            vec![serde_json::json!(command)],
        )
        .await
        .unwrap();
    assert!(answer.get("ok").is_some(), "{command}: {answer}");
    answer["ok"].clone()
}

/// The registry document, read by the command line beside the server.
fn dump(db: &std::path::Path) -> String {
    let out = Command::new(parkreg_tests::binary("parkreg", "parkreg"))
        .args(["--db", db.to_str().unwrap(), "dump"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn cookies_replayed_by_another_local_server_open_nothing() {
    let dir = TempDir::new("serve-replay");
    let db = dir.join("registry.db");
    let app = Ui::open(Shell::Browser, &db, None).await;
    app.ready("welcome").await;
    page_call(&app, "start_sample").await;
    let origin = app.script("return location.origin").await;
    let origin = origin.as_str().unwrap().to_string();
    let port: u16 = origin.rsplit(':').next().unwrap().parse().unwrap();
    let secret = app
        .script("return sessionStorage.getItem('parkreg.page')")
        .await;
    let secret = secret
        .as_str()
        .expect("the page holds its secret")
        .to_string();
    assert_eq!(secret.len(), 64);
    assert_eq!(
        app.script("return location.href").await,
        format!("{origin}/"),
        "the secret is taken out of the address bar"
    );
    // A workbook exported through the page: a live download waits.
    let download = app
        .client
        .execute_async(
            r#"const done = arguments[0];
            fetch('/api/export_workbook', { method: 'POST', body: '{"as_of":"2013-06-30","format":"xlsx"}',
              headers: { 'Content-Type': 'application/json', 'X-Parkreg-Page': sessionStorage.getItem('parkreg.page') } })
              .then((r) => done(r.headers.get('X-Download')));"#,
            vec![],
        )
        .await
        .unwrap();
    let download = download.as_str().expect("a download").to_string();

    // The clerk visits another local server in a second tab: the browser
    // sends it the clerk's cookie (cookies are scoped by host, not port).
    let (other, seen, home) = visit_other_origin(&app).await;
    app.client.close_window().await.unwrap();
    app.client.switch_to_window(home).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    let cookie = seen
        .iter()
        .find(|c| c.contains(&format!("parkreg_session_{port}=")))
        .unwrap_or_else(|| panic!("the browser sent no session cookie: {seen:?}"))
        .clone();

    // Replayed with curl's freedom: no browser headers, the other page's,
    // or the served page's own forged; against every route.
    let before = dump(&db);
    let park = serde_json::from_str::<serde_json::Value>(&before).unwrap()["park"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let own = format!("http://127.0.0.1:{port}");
    let other_page = format!("http://127.0.0.1:{other}");
    let disguises: [&[(&str, &str)]; 3] = [
        &[],
        &[("Origin", &other_page), ("Sec-Fetch-Site", "same-site")],
        &[("Origin", &own), ("Sec-Fetch-Site", "same-origin")],
    ];
    let private: [(&str, &str, &str); 6] = [
        ("POST", "/api/registry_status", "application/json"),
        ("POST", "/api/dashboard", "application/json"),
        ("POST", "/api/start_sample", "application/json"),
        ("POST", "/upload", "application/octet-stream"),
        ("GET", &download, ""),
        ("GET", "/alive", ""),
    ];
    for disguise in disguises {
        for (method, path, content_type) in private {
            let mut headers = vec![("Cookie", cookie.as_str())];
            headers.extend_from_slice(disguise);
            if !content_type.is_empty() {
                headers.push(("Content-Type", content_type));
            }
            let a = http(port, method, path, &headers, "{}");
            assert_eq!(a.status, 403, "{method} {path} {disguise:?}: {}", a.body);
            assert!(!a.body.contains(&park), "{path} gave away the park");
        }
        // The page and its files are the same for everyone: they carry no
        // registry data and not the page's secret.
        for path in ["/", "/main.js", "/labels.js", "/api.js"] {
            let mut headers = vec![("Cookie", cookie.as_str())];
            headers.extend_from_slice(disguise);
            let a = http(port, "GET", path, &headers, "");
            // Refused only when the request says it comes from another page.
            let foreign = disguise.iter().any(|(_, v)| *v == other_page);
            assert_eq!(
                a.status,
                if foreign { 403 } else { 200 },
                "{path} {disguise:?}"
            );
            assert!(!a.body.contains(&secret), "{path} gave away the secret");
            assert!(!a.body.contains(&park), "{path} gave away the park");
        }
    }
    assert_eq!(dump(&db), before, "a replayed cookie changed the registry");

    // The download was live: with the page's secret it is served.
    let with_secret = format!("{download}?page={secret}");
    let a = http(port, "GET", &with_secret, &[("Cookie", &cookie)], "");
    assert_eq!(a.status, 200, "{}", a.body);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_servers_in_one_browser_both_work() {
    let dir = TempDir::new("serve-two");
    let app = Ui::open(Shell::Browser, &dir.join("park.db"), None).await;
    app.ready("welcome").await;
    let home = app.client.window().await.unwrap();
    // A second server (another registry, another port) in a second tab.
    let second = Served::on(&dir.join("other.db"));
    let tab = app.client.new_window(true).await.unwrap();
    app.client
        .switch_to_window(tab.handle.clone())
        .await
        .unwrap();
    app.client.goto(&second.link()).await.unwrap();
    app.ready("welcome").await;
    page_call(&app, "start_sample").await;

    // The first still works (its cookie was not replaced), also after a
    // reload (the tab keeps its secret), and each sees its own registry.
    app.client.switch_to_window(home).await.unwrap();
    assert_eq!(page_call(&app, "registry_status").await["empty"], true);
    app.client.refresh().await.unwrap();
    app.ready("welcome").await;
    assert_eq!(page_call(&app, "registry_status").await["empty"], true);
    app.client.switch_to_window(tab.handle).await.unwrap();
    assert_eq!(page_call(&app, "registry_status").await["empty"], false);
    app.client.close_window().await.unwrap();
    let home = app.client.windows().await.unwrap().remove(0);
    app.client.switch_to_window(home).await.unwrap();
    app.close().await;
}

/// Every process's command line, as `ps` would show it to any user.
fn command_lines() -> Vec<(String, String)> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| {
            let raw = std::fs::read(e.path().join("cmdline")).ok()?;
            Some((
                e.file_name().to_string_lossy().into_owned(),
                String::from_utf8_lossy(&raw).replace('\0', " "),
            ))
        })
        .collect()
}

#[test]
fn the_browser_is_opened_without_the_key_on_any_command_line() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("serve-open");
    // The system's opener, as the test's: it notes what it was given and
    // starts a real (headless) Chromium on it.
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{given}.tmp' && mv '{given}.tmp' '{given}'\n\
             exec chromium --headless=new --no-sandbox --disable-gpu --no-first-run \
             --user-data-dir='{profile}' \"$1\"\n",
            given = dir.join("given").display(),
            profile = dir.join("profile").display(),
        ),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let mut child = Command::new("setsid")
        .arg(parkreg_tests::binary("parkreg", "parkreg"))
        .args(["--db", dir.join("registry.db").to_str().unwrap(), "serve"])
        .env("PATH", path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    out.read_line(&mut printed).unwrap();
    let served = Served {
        child,
        port: 0,
        key: String::new(),
    };
    assert!(
        !printed.contains("key="),
        "the key is not printed: {printed}"
    );

    // The opener was given the start page: a private file in a private
    // folder, holding the link with the key.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !dir.join("given").exists() {
        assert!(Instant::now() < deadline, "the browser was not opened");
        std::thread::sleep(Duration::from_millis(50));
    }
    let given = std::fs::read_to_string(dir.join("given")).unwrap();
    let start = std::path::PathBuf::from(&given);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&start), 0o600, "{given}");
    assert_eq!(mode(start.parent().unwrap()), 0o700);
    let html = std::fs::read_to_string(&start).unwrap();
    let key = html
        .split("key=")
        .nth(1)
        .expect("the start page holds the link")
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect::<String>();
    assert_eq!(key.len(), 64, "{html}");

    // While the browser starts, opens the page and redeems the key, no
    // process's command line holds the key.
    let watch = Instant::now() + Duration::from_secs(6);
    while Instant::now() < watch {
        for (pid, line) in command_lines() {
            assert!(!line.contains(&key), "process {pid} shows the key: {line}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // The browser did get in: with its page closed, the server stops by
    // itself, which it does only once a page has been open.
    let browsers: Vec<String> = command_lines()
        .into_iter()
        .filter(|(_, l)| {
            l.contains(&format!(
                "--user-data-dir={}",
                dir.join("profile").display()
            ))
        })
        .map(|(pid, _)| pid)
        .collect();
    assert!(!browsers.is_empty(), "no browser runs");
    for pid in &browsers {
        let _ = Command::new("kill").arg(pid).status();
    }
    let mut served = served;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "parkreg serve still runs: its page never opened"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn files_are_the_owner_s_only_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("serve-modes");
    let db = dir.join("registry.db");
    let parkreg = parkreg_tests::binary("parkreg", "parkreg");
    let loose = |args: &str| {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask 022; exec '{}' --db '{}' {args}",
                parkreg.display(),
                db.display()
            ))
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "parkreg {args}");
    };
    let mode = |p: &std::path::Path| {
        let m = std::fs::metadata(p)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            .permissions()
            .mode();
        format!("{:o}", m & 0o777)
    };
    loose("demo");
    let out = dir.join("export.xlsx");
    loose(&format!("export --out '{}'", out.display()));
    let csv = dir.join("csv");
    loose(&format!("export --format csv --out '{}'", csv.display()));
    let copy = dir.join("copy.db");
    loose(&format!("backup --out '{}'", copy.display()));
    // A district file too.
    let district = dir.join("district.db");
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022; exec '{}' --db '{}' district init --name 测试区",
            parkreg.display(),
            district.display()
        ))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());

    // While a server runs on it (its WAL and shared memory exist) under
    // the same umask, and after a change made through it.
    let mut loose_serve = Command::new("sh");
    loose_serve.arg("-c").arg(format!(
        "umask 022; exec '{}' --db '{}' serve --no-open",
        parkreg.display(),
        db.display()
    ));
    let served = Served::start(loose_serve);
    let s = session(&served);
    let a = s.send(served.port, "/api/dashboard", "application/json", &[], "{}");
    assert_eq!(a.status, 200, "{}", a.body);
    let upload = s.send(
        served.port,
        "/upload",
        "application/octet-stream",
        &[("X-File-Name", "a.csv")],
        "x",
    );
    assert_eq!(upload.status, 200, "{}", upload.body);

    let mut files = vec![db.clone(), out, copy, district];
    for side in ["-wal", "-shm", ".window-lock", ".anchor"] {
        files.push(std::path::PathBuf::from(format!("{}{side}", db.display())));
    }
    files.extend(std::fs::read_dir(&csv).unwrap().flatten().map(|e| e.path()));
    let backups = parkreg_core::store::backup_dir_of(&db);
    files.extend(
        std::fs::read_dir(&backups)
            .unwrap()
            .flatten()
            .map(|e| e.path()),
    );
    for f in &files {
        assert_eq!(mode(f), "600", "{}", f.display());
    }
    for d in [&csv, &backups] {
        assert_eq!(mode(d), "700", "{}", d.display());
    }
    // This run's folder of uploads and downloads.
    let runs: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("parkreg-serve-{}-", served.child.id()))
        })
        .collect();
    assert!(!runs.is_empty(), "no run folder");
    for run in runs {
        assert_eq!(mode(&run), "700");
        for slot in std::fs::read_dir(&run).unwrap().flatten() {
            assert_eq!(mode(&slot.path()), "700", "{}", slot.path().display());
            for f in std::fs::read_dir(slot.path()).unwrap().flatten() {
                assert_eq!(mode(&f.path()), "600", "{}", f.path().display());
            }
        }
    }
    drop(served);

    // A registry made world-readable by another program becomes private
    // when opened.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    loose("summary");
    assert_eq!(mode(&db), "600");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_browser_that_cannot_run_the_page_is_told_so() {
    // (what the browser lacks, made so before the page's scripts run; what
    // the page must say besides)
    let cases = [
        (
            "no ES modules",
            "delete HTMLScriptElement.prototype.noModule;",
            None,
        ),
        (
            "a module that fails to start",
            "Object.defineProperty(window, '__TAURI__', { get: function () { throw new Error('模块无法运行'); } });",
            Some("模块无法运行"),
        ),
    ];
    for (what, script, detail) in cases {
        let dir = TempDir::new("serve-too-old");
        let app = Ui::browser_before(&dir.join("registry.db"), script).await;
        app.wait_for("#too-old").await;
        let text = app.text("#too-old").await;
        assert!(text.contains("浏览器版本过旧"), "{what}: {text}");
        assert!(
            text.contains("Chrome "),
            "{what}: the browser named: {text}"
        );
        assert!(text.contains("Firefox 60"), "{what}: what to use: {text}");
        if let Some(detail) = detail {
            assert!(text.contains(detail), "{what}: {text}");
        }
        // The page never started, so the server is ended, not left to stop.
        drop(app);
    }
}

/// This run's folder of uploads and downloads (parkreg serve's process
/// `pid`), and what is in it.
fn run_folder_entries(pid: u32) -> Vec<std::path::PathBuf> {
    let prefix = format!("parkreg-serve-{pid}-");
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .flat_map(|run| std::fs::read_dir(run.path()).unwrap().flatten())
        .map(|e| e.path())
        .collect()
}

#[test]
fn upload_names_that_are_not_plain_on_every_platform_are_refused() {
    let dir = TempDir::new("serve-upload-names");
    let served = Served::on(&dir.join("registry.db"));
    let s = session(&served);
    let upload = |name: &str| {
        s.send(
            served.port,
            "/upload",
            "application/octet-stream",
            &[("X-File-Name", name)],
            "unit,sheet",
        )
    };
    let before = run_folder_entries(served.child.id());
    // (the name as the page sends it, percent-encoded; what it is)
    let refused = [
        ("..%2F..%2Fregistry.db", "folders"),
        ("a%5Cb.csv", "a Windows folder"),
        ("C%3Aunits.xlsx", "a drive-relative name"),
        ("C%3A%5CUsers%5Cx.xlsx", "a drive"),
        ("%5C%5Cserver%5Cshare%5Cx.xlsx", "a network path"),
        ("CON", "the console"),
        ("nul.csv", "the null device"),
        ("COM1.xlsx", "a serial port"),
        ("LPT%C2%B9.csv", "a printer port (LPT¹)"),
        ("CONIN%24.csv", "the console's input"),
        ("x%0Ay.xlsx", "a line break"),
        ("a%3Cb%3E.csv", "characters Windows forbids"),
        ("units.xlsx.", "a trailing dot"),
        ("..", "the parent folder"),
    ];
    for (name, what) in refused {
        let a = upload(name);
        assert_eq!(a.status, 422, "{what}: {}", a.body);
        assert!(a.body.contains("文件名"), "{what}: says why: {}", a.body);
    }
    assert_eq!(
        run_folder_entries(served.child.id()),
        before,
        "a refused upload wrote nothing"
    );
    let a = upload("%E5%8D%95%E4%BD%8D%E8%A1%A8.csv");
    assert_eq!(a.status, 200, "a plain name: {}", a.body);
    assert!(run_folder_entries(served.child.id())
        .iter()
        .any(|slot| slot.join("单位表.csv").is_file()));
}
