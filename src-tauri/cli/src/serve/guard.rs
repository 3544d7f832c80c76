//! Who may use the server: the checks every request passes before any
//! command runs. They are pure functions of the request's parts, so the
//! threat model's cases are tested here as a table.
//!
//! - Only the loopback address is listened on (see `super::run`).
//! - The Host header must name the loopback address and our port, so a web
//!   page whose domain is made to resolve to 127.0.0.1 (DNS rebinding) is
//!   refused.
//! - The start URL carries a one-time key. It is swapped for a session
//!   cookie (HttpOnly, SameSite=Strict) and is then spent, so the key that
//!   other local users could have read off the browser's command line opens
//!   nothing.
//! - Every request needs the session cookie.
//! - A request sent by another origin (another local server's page, on
//!   another port: same site, so the cookie would go along) is refused by
//!   its Origin and Sec-Fetch-Site headers; no CORS header is ever sent, and
//!   commands take JSON only, which a page of another origin cannot send
//!   without a preflight that is refused.

use std::sync::Mutex;

/// The session cookie's name.
pub const COOKIE: &str = "parkreg_session";

/// 32 random bytes, as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Equal without telling, by its timing, how much of a guess was right.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub struct Keys {
    port: u16,
    /// The start URL's key, until it is spent.
    start: Mutex<Option<String>>,
    session: String,
}

/// What becomes of a request.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Go on to the route.
    Pass,
    /// The start URL: set the session cookie and go to the first page.
    SetCookie(String),
    /// Refused, with the status and the reason shown.
    Refuse(u16, &'static str),
}

/// The parts of a request the checks read.
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub fetch_site: Option<&'a str>,
    pub cookie: Option<&'a str>,
    pub content_type: Option<&'a str>,
}

impl Keys {
    pub fn new(port: u16, start: String) -> Keys {
        Keys {
            port,
            start: Mutex::new(Some(start)),
            session: random_token(),
        }
    }

    pub fn check(&self, r: &Request) -> Verdict {
        let ours = [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ];
        if !r.host.is_some_and(|h| ours.iter().any(|o| o == h)) {
            return Verdict::Refuse(421, "只接受本机地址 127.0.0.1 上的访问");
        }
        if let Some(o) = r.origin {
            if !ours.iter().any(|h| o == format!("http://{h}")) {
                return Verdict::Refuse(403, "拒绝来自其他网页的请求");
            }
        }
        if r.fetch_site
            .is_some_and(|s| s != "same-origin" && s != "none")
        {
            return Verdict::Refuse(403, "拒绝来自其他网页的请求");
        }
        if r.path == "/" {
            if let Some(key) = r.query.and_then(key_of) {
                let mut start = self.start.lock().unwrap_or_else(|e| e.into_inner());
                return match start.as_deref() {
                    Some(k) if same(k, key) => {
                        *start = None;
                        Verdict::SetCookie(self.session.clone())
                    }
                    _ => Verdict::Refuse(
                        403,
                        "这个链接已用过或不对：请关闭此页，重新运行 parkreg serve",
                    ),
                };
            }
        }
        if !r
            .cookie
            .and_then(session_of)
            .is_some_and(|s| same(s, &self.session))
        {
            return Verdict::Refuse(
                403,
                "请用 parkreg serve 打开的链接进入（每次启动的链接只能用一次）",
            );
        }
        if r.method != "GET" {
            let wanted = if r.path == "/upload" {
                "application/octet-stream"
            } else {
                "application/json"
            };
            if r.content_type.is_none_or(|c| !c.starts_with(wanted)) {
                return Verdict::Refuse(415, "请求的格式不对");
            }
        }
        Verdict::Pass
    }
}

fn key_of(query: &str) -> Option<&str> {
    query.split('&').find_map(|kv| kv.strip_prefix("key="))
}

fn session_of(cookies: &str) -> Option<&str> {
    cookies
        .split(';')
        .find_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORT: u16 = 4321;

    fn request<'a>(session: &'a str) -> Request<'a> {
        Request {
            method: "POST",
            path: "/api/dashboard",
            query: None,
            host: Some("127.0.0.1:4321"),
            origin: Some("http://127.0.0.1:4321"),
            fetch_site: Some("same-origin"),
            cookie: Some(session),
            content_type: Some("application/json"),
        }
    }

    #[test]
    fn each_check_refuses_its_case() {
        let keys = Keys::new(PORT, "k".repeat(64));
        let cookie = format!("other=1; {COOKIE}={}", keys.session);
        let ok = request(&cookie);
        assert_eq!(keys.check(&ok), Verdict::Pass);
        type Case = (&'static str, fn(&mut Request), u16);
        let cases: &[Case] = &[
            ("no Host", |r| r.host = None, 421),
            (
                "a rebound name",
                |r| r.host = Some("evil.example:4321"),
                421,
            ),
            ("another port", |r| r.host = Some("127.0.0.1:80"), 421),
            (
                "another origin's page",
                |r| r.origin = Some("http://127.0.0.1:8000"),
                403,
            ),
            ("a null origin", |r| r.origin = Some("null"), 403),
            (
                "same site, other origin",
                |r| r.fetch_site = Some("same-site"),
                403,
            ),
            ("cross site", |r| r.fetch_site = Some("cross-site"), 403),
            ("no cookie", |r| r.cookie = None, 403),
            (
                "a wrong cookie",
                |r| r.cookie = Some("parkreg_session=00"),
                403,
            ),
            (
                "a form post",
                |r| r.content_type = Some("application/x-www-form-urlencoded"),
                415,
            ),
            ("no content type", |r| r.content_type = None, 415),
        ];
        for (what, change, status) in cases {
            let mut r = request(&cookie);
            change(&mut r);
            assert!(
                matches!(keys.check(&r), Verdict::Refuse(s, _) if s == *status),
                "{what}: {:?}",
                keys.check(&r)
            );
        }
        let mut r = request(&cookie);
        r.host = Some("localhost:4321");
        r.origin = None;
        r.fetch_site = None;
        assert_eq!(
            keys.check(&r),
            Verdict::Pass,
            "an old browser without the headers"
        );
    }

    #[test]
    fn the_start_key_opens_once() {
        let keys = Keys::new(PORT, "a1".repeat(32));
        let start = |query: &'static str| Request {
            method: "GET",
            path: "/",
            query: Some(query),
            host: Some("127.0.0.1:4321"),
            origin: None,
            fetch_site: Some("none"),
            cookie: None,
            content_type: None,
        };
        assert!(matches!(
            keys.check(&start("key=wrong")),
            Verdict::Refuse(403, _)
        ));
        let key = format!("key={}", "a1".repeat(32));
        let key: &'static str = Box::leak(key.into_boxed_str());
        assert_eq!(
            keys.check(&start(key)),
            Verdict::SetCookie(keys.session.clone())
        );
        assert!(
            matches!(keys.check(&start(key)), Verdict::Refuse(403, _)),
            "spent"
        );
    }
}
