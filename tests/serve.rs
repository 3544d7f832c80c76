//! `parkreg serve` refuses everyone but the clerk's own browser: requests
//! without the secret, with another Host, or sent by a page of another
//! origin are refused and change nothing; it listens on 127.0.0.1 only and
//! stops on Ctrl-C. (The pages themselves are tested in both shells in
//! tests/desktop.rs.)

use parkreg_tests::desktop::{Shell, Ui};
use parkreg_tests::TempDir;
use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Served {
    child: Child,
    port: u16,
    key: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &std::path::Path) -> Served {
    let mut child = Command::new(parkreg_tests::binary("parkreg", "parkreg"))
        .args(["--db", db.to_str().unwrap(), "serve", "--no-open"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let url = line
        .trim()
        .strip_prefix("parkreg serve: ")
        .unwrap()
        .to_string();
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
    let (port, key) = rest.split_once("/?key=").unwrap();
    Served {
        child,
        port: port.parse().unwrap(),
        key: key.into(),
    }
}

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

/// Whether the registry is still empty, asked with the clerk's session.
fn still_empty(port: u16, cookie: &str) -> bool {
    let a = http(
        port,
        "POST",
        "/api/registry_status",
        &[("Cookie", cookie), ("Content-Type", "application/json")],
        "{}",
    );
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
    let served = serve(&dir.join("registry.db"));
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

    // The key opens once: a session cookie, HttpOnly and SameSite=Strict.
    let a = http(port, "GET", &start, &[], "");
    assert_eq!(a.status, 303);
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
    assert!(a
        .head
        .contains("content-security-policy: default-src 'self'"));
    let cookie = set.split(';').next().unwrap().to_string();
    assert_eq!(
        http(port, "GET", &start, &[], "").status,
        403,
        "the key is spent"
    );

    // With the cookie, but the wrong Host, another origin, another site,
    // or not JSON: refused, and nothing changed.
    let other_origin = format!("http://127.0.0.1:{}", port.wrapping_add(1));
    let refusals: [(&[(&str, &str)], u16); 5] = [
        (&[("Cookie", &cookie), json, ("Host", &rebound)], 421),
        (&[("Cookie", &cookie), json, ("Origin", &other_origin)], 403),
        (&[("Cookie", &cookie), json, ("Origin", "null")], 403),
        (
            &[("Cookie", &cookie), json, ("Sec-Fetch-Site", "same-site")],
            403,
        ),
        (&[("Cookie", &cookie), ("Content-Type", "text/plain")], 415),
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
        still_empty(port, &cookie),
        "a refused request changed the registry"
    );

    // The clerk's own request goes through.
    let a = http(
        port,
        "POST",
        "/api/start_sample",
        &[("Cookie", &cookie), json],
        "{}",
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(!still_empty(port, &cookie));
}

/// Opens the link: the session cookie.
fn session(served: &Served) -> String {
    let a = http(
        served.port,
        "GET",
        &format!("/?key={}", served.key),
        &[],
        "",
    );
    assert_eq!(a.status, 303);
    let set = a
        .head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .unwrap();
    set.split(';').next().unwrap().to_string()
}

#[test]
fn one_program_per_registry_as_with_the_window() {
    let dir = TempDir::new("serve-lock");
    let db = dir.join("registry.db");
    let first = serve(&db);
    let first_cookie = session(&first);
    assert!(still_empty(first.port, &first_cookie));
    // A second server on the same registry shows the window's refusal.
    let second = serve(&db);
    let cookie = session(&second);
    let a = http(
        second.port,
        "POST",
        "/api/start_sample",
        &[("Cookie", &cookie), ("Content-Type", "application/json")],
        "{}",
    );
    assert_eq!(a.status, 422, "{}", a.body);
    let e: serde_json::Value = serde_json::from_str(a.body.trim()).unwrap();
    assert_eq!(e["code"], "errors.open_elsewhere", "{e}");
    assert!(still_empty(first.port, &first_cookie));
}

#[test]
fn ctrl_c_stops_it() {
    let dir = TempDir::new("serve-stop");
    let mut served = serve(&dir.join("registry.db"));
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
/// same site, so the browser would send the clerk's cookie along).
fn other_origin_server() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let page = "<!doctype html><title>another site</title><p>hello";
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
        }
    });
    port
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
    let home = app.client.window().await.unwrap();
    let tab = app.client.new_window(true).await.unwrap();
    app.client.switch_to_window(tab.handle).await.unwrap();
    let other = other_origin_server();
    app.client
        .goto(&format!("http://127.0.0.1:{other}/"))
        .await
        .unwrap();
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
    let status = app
        .client
        .execute_async(
            r#"const done = arguments[0];
            fetch('/api/registry_status', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
              .then((r) => r.json()).then((s) => done(s.empty));"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        status, true,
        "the other origin's requests changed the registry"
    );
    app.close().await;
}
