//! Who may use the server: the checks every request passes before any
//! command runs. They are pure functions of the request's parts, so the
//! threat model's cases are tested here as a table.
//!
//! - Only the loopback address is listened on (see `super::run`).
//! - The Host header must name the loopback address and our port, so a web
//!   page whose domain is made to resolve to 127.0.0.1 (DNS rebinding) is
//!   refused.
//! - The start URL carries a one-time key, given to the browser in a
//!   private file rather than on any command line. It is swapped for a
//!   session cookie (HttpOnly, SameSite=Strict, named with our port so that
//!   two servers keep their own) and for the page's own secret, and is then
//!   spent.
//! - The cookie alone opens nothing: browsers send it to every server on
//!   127.0.0.1, whatever the port, so another local server could replay it.
//!   Every request that reads or changes the registry also carries the
//!   page's secret, which only the page holds: it arrives in the start
//!   redirect's fragment (never sent to a server) and is kept in the tab's
//!   sessionStorage, which pages of other ports cannot read.
//! - A request sent by another origin (another local server's page, on
//!   another port) is also refused by its Origin and Sec-Fetch-Site
//!   headers where the browser sends them; no CORS header is ever sent,
//!   and commands take JSON only, which a page of another origin cannot
//!   send without a preflight that is refused.

use std::sync::Mutex;

/// The header that carries the page's secret (on GET routes, which a page
/// cannot give headers to — its event stream, downloads — the query's
/// `page=`).
pub const PAGE_HEADER: &str = "x-parkreg-page";

/// The routes that read or change the registry: they need the page's
/// secret besides the cookie. (The rest are the page and its files, the
/// same for every clerk.)
const PRIVATE: [&str; 4] = ["/api/", "/upload", "/download/", "/alive"];

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
    page: String,
}

/// What becomes of a request.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Go on to the route.
    Pass,
    /// The start URL: set this cookie and go on to this location (the
    /// first page, with the page's secret in its fragment) from a page of
    /// our own, so that the browser sends the SameSite=Strict cookie there
    /// even when the link was opened from another site or a file.
    Start { cookie: String, location: String },
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
    /// The page's secret, from its header.
    pub page: Option<&'a str>,
    pub content_type: Option<&'a str>,
}

impl Keys {
    pub fn new(port: u16, start: String) -> Keys {
        Keys {
            port,
            start: Mutex::new(Some(start)),
            session: random_token(),
            page: random_token(),
        }
    }

    /// The session cookie's name: with the port, so that two servers used
    /// in one browser (a park and a district file) keep their own.
    pub fn cookie_name(&self) -> String {
        format!("parkreg_session_{}", self.port)
    }

    pub fn check(&self, r: &Request) -> Verdict {
        let ours = [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ];
        if !r.host.is_some_and(|h| ours.iter().any(|o| o == h)) {
            return Verdict::Refuse(421, "只接受本机地址 127.0.0.1 上的访问");
        }
        // The start link comes from the terminal or from the private start
        // page (a file: page, so the browser calls it cross-site): the key
        // alone decides.
        if r.path == "/" && r.method == "GET" {
            if let Some(key) = r.query.and_then(|q| param(q, "key")) {
                let mut start = self.start.lock().unwrap_or_else(|e| e.into_inner());
                return match start.as_deref() {
                    Some(k) if same(k, key) => {
                        *start = None;
                        Verdict::Start {
                            cookie: format!(
                                "{}={}; HttpOnly; SameSite=Strict; Path=/",
                                self.cookie_name(),
                                self.session
                            ),
                            location: format!("/#page={}", self.page),
                        }
                    }
                    _ => Verdict::Refuse(
                        403,
                        "这个链接已用过或不对：请关闭此页，重新运行 parkreg serve",
                    ),
                };
            }
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
        let name = self.cookie_name();
        let session = r.cookie.and_then(|c| cookie_of(c, &name));
        let page = r.page.or_else(|| r.query.and_then(|q| param(q, "page")));
        let private = PRIVATE.iter().any(|p| r.path.starts_with(p));
        if !session.is_some_and(|s| same(s, &self.session))
            || (private && !page.is_some_and(|p| same(p, &self.page)))
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

fn param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
}

fn cookie_of<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    cookies
        .split(';')
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORT: u16 = 4321;

    /// The clerk's own page calling a command.
    fn request<'a>(cookie: &'a str, page: &'a str) -> Request<'a> {
        Request {
            method: "POST",
            path: "/api/dashboard",
            query: None,
            host: Some("127.0.0.1:4321"),
            origin: Some("http://127.0.0.1:4321"),
            fetch_site: Some("same-origin"),
            cookie: Some(cookie),
            page: Some(page),
            content_type: Some("application/json"),
        }
    }

    fn refused(v: Verdict, status: u16) -> bool {
        matches!(v, Verdict::Refuse(s, _) if s == status)
    }

    #[test]
    fn each_check_refuses_its_case() {
        let keys = Keys::new(PORT, "k".repeat(64));
        let cookie = format!("other=1; parkreg_session_4321={}", keys.session);
        let page = keys.page.clone();
        assert_eq!(keys.check(&request(&cookie, &page)), Verdict::Pass);
        let old_name = format!("parkreg_session={}", keys.session);
        let other_port = format!("parkreg_session_4322={}", keys.session);
        let leaked: &'static str = Box::leak(old_name.into_boxed_str());
        let other_port: &'static str = Box::leak(other_port.into_boxed_str());
        type Change = Box<dyn Fn(&mut Request)>;
        let cases: Vec<(&str, Change, u16)> = vec![
            ("no Host", Box::new(|r| r.host = None), 421),
            (
                "a rebound name",
                Box::new(|r| r.host = Some("evil.example:4321")),
                421,
            ),
            (
                "another port",
                Box::new(|r| r.host = Some("127.0.0.1:80")),
                421,
            ),
            (
                "another origin's page",
                Box::new(|r| r.origin = Some("http://127.0.0.1:8000")),
                403,
            ),
            ("a null origin", Box::new(|r| r.origin = Some("null")), 403),
            (
                "same site, other origin",
                Box::new(|r| r.fetch_site = Some("same-site")),
                403,
            ),
            (
                "cross site",
                Box::new(|r| r.fetch_site = Some("cross-site")),
                403,
            ),
            ("no cookie", Box::new(|r| r.cookie = None), 403),
            (
                "a wrong cookie",
                Box::new(|r| r.cookie = Some("parkreg_session_4321=00")),
                403,
            ),
            (
                "the cookie under another name",
                Box::new(move |r| r.cookie = Some(leaked)),
                403,
            ),
            (
                "another server's cookie",
                Box::new(move |r| r.cookie = Some(other_port)),
                403,
            ),
            ("no page secret", Box::new(|r| r.page = None), 403),
            (
                "a wrong page secret",
                Box::new(|r| r.page = Some("00")),
                403,
            ),
            (
                "a form post",
                Box::new(|r| r.content_type = Some("application/x-www-form-urlencoded")),
                415,
            ),
            ("no content type", Box::new(|r| r.content_type = None), 415),
        ];
        for (what, change, status) in cases {
            let mut r = request(&cookie, &page);
            change(&mut r);
            assert!(
                refused(keys.check(&r), status),
                "{what}: {:?}",
                keys.check(&r)
            );
        }
    }

    #[test]
    fn a_replayed_cookie_alone_opens_nothing_that_holds_data() {
        let keys = Keys::new(PORT, "k".repeat(64));
        let cookie = format!("parkreg_session_4321={}", keys.session);
        let page = keys.page.clone();
        let query = format!("page={page}");
        // (method, path, content type, reads or changes the registry)
        let routes = [
            ("POST", "/api/save_settings", Some("application/json"), true),
            ("POST", "/upload", Some("application/octet-stream"), true),
            ("GET", "/download/0123", None, true),
            ("GET", "/alive", None, true),
            ("GET", "/", None, false),
            ("GET", "/main.js", None, false),
        ];
        for (method, path, content_type, private) in routes {
            // As another local program replays it: no browser headers.
            let mut r = request(&cookie, &page);
            (r.method, r.path, r.content_type) = (method, path, content_type);
            (r.origin, r.fetch_site, r.page) = (None, None, None);
            let replayed = keys.check(&r);
            if private {
                assert!(refused(replayed, 403), "{method} {path}");
            } else {
                assert_eq!(replayed, Verdict::Pass, "the page's own files: {path}");
            }
            // An old browser, which sends no Origin or Sec-Fetch headers,
            // gets in through the page: header, or query on GET routes.
            r.page = Some(&page);
            assert_eq!(keys.check(&r), Verdict::Pass, "{method} {path}");
            r.page = None;
            r.query = Some(&query);
            assert_eq!(keys.check(&r), Verdict::Pass, "{method} {path}?page=");
        }
    }

    #[test]
    fn the_start_key_opens_once_and_gives_the_page_its_secret() {
        let keys = Keys::new(PORT, "a1".repeat(32));
        let start = |query: &'static str| Request {
            method: "GET",
            path: "/",
            query: Some(query),
            host: Some("127.0.0.1:4321"),
            origin: None,
            fetch_site: Some("none"),
            cookie: None,
            page: None,
            content_type: None,
        };
        assert!(refused(keys.check(&start("key=wrong")), 403));
        let key = format!("key={}", "a1".repeat(32));
        let key: &'static str = Box::leak(key.into_boxed_str());
        let Verdict::Start { cookie, location } = keys.check(&start(key)) else {
            panic!("the key opens");
        };
        assert_eq!(
            cookie,
            format!(
                "parkreg_session_4321={}; HttpOnly; SameSite=Strict; Path=/",
                keys.session
            )
        );
        assert_eq!(location, format!("/#page={}", keys.page));
        assert!(refused(keys.check(&start(key)), 403), "spent");
        // Opened from the private start page (a file: page, so cross-site).
        let keys = Keys::new(PORT, "b2".repeat(32));
        let mut from_file = start(Box::leak(
            format!("key={}", "b2".repeat(32)).into_boxed_str(),
        ));
        from_file.fetch_site = Some("cross-site");
        assert!(matches!(keys.check(&from_file), Verdict::Start { .. }));
        assert_ne!(keys.page, keys.session);
    }
}
