//! `parkreg serve`: the window's UI and commands in the system's browser,
//! for machines whose web view cannot run the desktop program. The same
//! files of ../../ui, the same commands (parkreg-app, with uploads and
//! downloads for file dialogs), the registry opened and locked as by the
//! window. Only this user's browser gets in: see `guard` for how.

mod files;
mod guard;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use files::{Browser, Files, MAX_UPLOAD};
use guard::{Keys, Verdict, PAGE_HEADER};
use http_body_util::BodyExt;
use parkreg_app::{App, IpcError};
use parkreg_core::Error;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The window's UI, embedded (listed by build.rs).
const UI: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/ui_files.rs"));

/// The window's content security policy, with the page's calls going to
/// this server instead of Tauri's IPC (tauri.conf.json holds the window's;
/// a test keeps the two the same), and no framing by any other page.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// How long the server waits, after the last page closed, for a page to
/// come back (a reload) before it stops.
const LAST_PAGE_GRACE: Duration = Duration::from_secs(5);

struct Server {
    app: Arc<App>,
    keys: Keys,
    files: Files,
    /// Pages open now (each holds the `/alive` stream), and whether any
    /// ever was.
    pages: AtomicUsize,
    seen: std::sync::atomic::AtomicBool,
}

/// Serves the registry (or district file) at `path` until the last page
/// closes or Ctrl-C; opens the browser on it unless `no_open`.
pub fn run(path: PathBuf, port: u16, no_open: bool) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
    runtime.block_on(serve(path, port, no_open))
}

async fn serve(path: PathBuf, port: u16, no_open: bool) -> Result<(), Error> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| Error::Conflict(format!("无法在 127.0.0.1:{port} 上监听：{e}")))?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    let key = guard::random_token();
    let app = Arc::new(App::new(path));
    let early = app.clone();
    tokio::task::spawn_blocking(move || early.prepare());
    let server = Arc::new(Server {
        app,
        keys: Keys::new(port, key.clone()),
        files: Files::new()?,
        pages: AtomicUsize::new(0),
        seen: Default::default(),
    });
    // Listening for Ctrl-C before the link is shown: a Ctrl-C right after
    // it stops the server cleanly rather than killing it.
    let signals = signals().map_err(|e| Error::Conflict(format!("无法接收 Ctrl-C：{e}")))?;
    let url = format!("http://127.0.0.1:{port}/?key={key}");
    if no_open {
        // To this terminal only: no other process is given the key.
        println!("parkreg serve: {url}");
        println!("请在浏览器中打开上面的链接（只能用一次）；关闭页面或按 Ctrl-C 即停止。");
    } else {
        // The browser is given a private file that leads to the link, not
        // the link itself: a command line is readable by every local user.
        let start = server.files.start_page(&url)?;
        println!("parkreg serve: http://127.0.0.1:{port}/");
        println!(
            "正在打开浏览器；如未打开，请用浏览器打开 {}（只能用一次），或改用 parkreg serve --no-open。关闭页面或按 Ctrl-C 即停止。",
            start.display()
        );
        open_browser(&start);
    }
    let router = Router::new()
        .route("/", get(index))
        .route("/labels.js", get(labels))
        .route("/api/{command}", post(command))
        .route("/upload", post(upload))
        .route("/download/{token}", get(download))
        .route("/alive", get(alive))
        .route("/{file}", get(ui_file))
        .layer(middleware::from_fn_with_state(server.clone(), check))
        .with_state(server.clone());
    axum::serve(listener, router)
        .with_graceful_shutdown(stopped(server, signals))
        .await
        .map_err(|e| Error::Conflict(format!("服务中断：{e}")))
}

/// Asks the system to open the start page `file` in the default browser.
fn open_browser(file: &std::path::Path) {
    #[cfg(windows)]
    let opened = std::process::Command::new("rundll32")
        .arg("url.dll,FileProtocolHandler")
        .arg(file)
        .spawn();
    #[cfg(not(windows))]
    let opened = std::process::Command::new("xdg-open").arg(file).spawn();
    if let Err(e) = opened {
        eprintln!("parkreg serve: 无法打开浏览器（{e}），请用浏览器打开上面所说的文件");
    }
}

/// Resolves on Ctrl-C or SIGTERM (Ctrl-C or Ctrl-Break on Windows); the
/// handlers are in place once this returns.
#[cfg(unix)]
fn signals() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn signals() -> std::io::Result<impl std::future::Future<Output = ()>> {
    let mut ctrl_c = tokio::signal::windows::ctrl_c()?;
    let mut ctrl_break = tokio::signal::windows::ctrl_break()?;
    Ok(async move {
        tokio::select! {
            _ = ctrl_c.recv() => {}
            _ = ctrl_break.recv() => {}
        }
    })
}

/// Resolves on `signals`, or once the last page has been closed for
/// `LAST_PAGE_GRACE`.
async fn stopped(server: Arc<Server>, signals: impl std::future::Future<Output = ()>) {
    let last_page = async {
        let mut quiet = Duration::ZERO;
        loop {
            tokio::time::sleep(Duration::from_millis(250)).await;
            let open = server.pages.load(Ordering::SeqCst) > 0;
            if server.seen.load(Ordering::SeqCst) && !open {
                quiet += Duration::from_millis(250);
                if quiet >= LAST_PAGE_GRACE {
                    break;
                }
            } else {
                quiet = Duration::ZERO;
            }
        }
    };
    tokio::select! {
        _ = last_page => eprintln!("parkreg serve: 页面已全部关闭，停止"),
        _ = signals => eprintln!("parkreg serve: 停止"),
    }
}

fn text(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.to_string(),
    )
        .into_response()
}

/// Every request: the guard's checks first, then the route; and on every
/// answer the window's CSP and no caching.
async fn check(State(server): State<Arc<Server>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let get = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let verdict = server.keys.check(&guard::Request {
        method: req.method().as_str(),
        path: req.uri().path(),
        query: req.uri().query(),
        host: get(header::HOST),
        origin: get(header::ORIGIN),
        fetch_site: headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()),
        cookie: get(header::COOKIE),
        page: headers.get(PAGE_HEADER).and_then(|v| v.to_str().ok()),
        content_type: get(header::CONTENT_TYPE),
    });
    let mut response = match verdict {
        Verdict::Pass => next.run(req).await,
        Verdict::Start { cookie, location } => (
            [
                (header::SET_COOKIE, cookie),
                (header::CONTENT_TYPE, content_type("index.html").into()),
            ],
            format!(
                "<!doctype html>\n<meta charset=\"utf-8\">\n\
                 <meta http-equiv=\"refresh\" content=\"0;url={location}\">\n\
                 <title>园区党组织台账</title>\n<p><a href=\"{location}\">进入园区党组织台账</a></p>\n"
            ),
        )
            .into_response(),
        Verdict::Refuse(status, why) => text(
            StatusCode::from_u16(status).unwrap_or(StatusCode::FORBIDDEN),
            why,
        ),
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Addresses go to this server alone. (`no-referrer` would do the same,
    // but makes Chromium before 83 send `Origin: null` on its own calls.)
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// The first page: the window's index.html, with the core's labels loaded
/// before the page's modules (the window puts them there itself).
async fn index() -> Response {
    let html = UI
        .iter()
        .find(|(n, _)| *n == "index.html")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let html = html.replacen(
        "<script type=\"module\"",
        "<script src=\"labels.js\"></script>\n  <script type=\"module\"",
        1,
    );
    ([(header::CONTENT_TYPE, content_type("index.html"))], html).into_response()
}

async fn labels() -> Response {
    (
        [(header::CONTENT_TYPE, content_type("labels.js"))],
        parkreg_app::labels_script(),
    )
        .into_response()
}

async fn ui_file(Path(name): Path<String>) -> Response {
    match UI.iter().find(|(n, _)| *n == name) {
        Some((n, bytes)) => ([(header::CONTENT_TYPE, content_type(n))], *bytes).into_response(),
        None => text(StatusCode::NOT_FOUND, "没有这个文件"),
    }
}

fn json_error(status: StatusCode, e: IpcError) -> Response {
    let body = serde_json::to_string(&e).expect("errors serialize");
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A command of parkreg-app: the body is its arguments; `uploads` in them
/// names files uploaded for it. A file it wrote is offered for download
/// by the `X-Download` header.
async fn command(
    State(server): State<Arc<Server>>,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    let mut args: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            let e = Error::invalid(&name, "arguments", e.to_string());
            return json_error(StatusCode::BAD_REQUEST, e.into());
        }
    };
    let tokens: Vec<String> = args
        .as_object_mut()
        .and_then(|o| o.remove("uploads"))
        .and_then(|u| serde_json::from_value(u).ok())
        .unwrap_or_default();
    let worker = server.clone();
    let ran = tokio::task::spawn_blocking(move || {
        let uploads = worker.files.resolve(&tokens)?;
        let shell = Browser {
            files: &worker.files,
            uploads,
            written: Default::default(),
        };
        let answer = worker.app.call(&shell, &name, args)?;
        let written = shell
            .written
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let offered = written.map(|p| worker.files.offer(&p)).transpose()?;
        Ok::<_, IpcError>((answer, offered))
    })
    .await;
    match ran {
        Ok(Ok((answer, offered))) => {
            let mut response = (
                [(header::CONTENT_TYPE, "application/json")],
                answer.get().to_string(),
            )
                .into_response();
            if let Some(token) = offered {
                let url = format!("/download/{token}");
                if let Ok(v) = HeaderValue::from_str(&url) {
                    response.headers_mut().insert("x-download", v);
                }
            }
            response
        }
        Ok(Err(e)) => json_error(StatusCode::UNPROCESSABLE_ENTITY, e),
        Err(_) => json_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            Error::Conflict("命令意外中断，未作任何修改".into()).into(),
        ),
    }
}

/// A file for the next command: streamed to this run's folder; answers
/// `{"token": ...}`. The name comes percent-encoded in `X-File-Name`.
async fn upload(State(server): State<Arc<Server>>, headers: HeaderMap, body: Body) -> Response {
    let raw = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_default();
    match receive(&server.files, &raw, body).await {
        Ok(token) => (
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::json!({ "token": token }).to_string(),
        )
            .into_response(),
        Err(e) => json_error(StatusCode::UNPROCESSABLE_ENTITY, e.into()),
    }
}

async fn receive(files: &Files, name: &str, mut body: Body) -> Result<String, Error> {
    use tokio::io::AsyncWriteExt;
    let (token, path) = files.new_upload(name)?;
    let io = |source| Error::Io {
        path: path.clone(),
        source,
    };
    let mut out = tokio::fs::File::create(&path).await.map_err(io)?;
    let mut size = 0u64;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| Error::File {
            path: path.clone(),
            message: format!("上传中断：{e}"),
        })?;
        if let Some(data) = frame.data_ref() {
            size += data.len() as u64;
            if size > MAX_UPLOAD {
                return Err(Error::File {
                    path: PathBuf::from(name),
                    message: format!("超过 {} MB，未读取", MAX_UPLOAD >> 20),
                });
            }
            out.write_all(data).await.map_err(io)?;
        }
    }
    out.flush().await.map_err(io)?;
    files.uploaded(token.clone(), path);
    Ok(token)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap() * 16 + hex(l).unwrap()) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn download(State(server): State<Arc<Server>>, Path(token): Path<String>) -> Response {
    let Some(path) = server.files.download(&token) else {
        return text(StatusCode::NOT_FOUND, "这个下载已失效");
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(e) => return text(StatusCode::NOT_FOUND, &format!("无法读取下载的文件：{e}")),
    };
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let disposition = format!("attachment; filename=\"download\"; filename*=UTF-8''{encoded}");
    (
        [
            (header::CONTENT_TYPE, content_type(&name).to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// Counts an open page while its stream lasts.
struct OpenPage(Arc<Server>);

impl Drop for OpenPage {
    fn drop(&mut self) {
        self.0.pages.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The stream each page holds open: while any is open the server runs. A
/// comment every few seconds finds a closed page even where the browser
/// vanished without closing the connection.
async fn alive(State(server): State<Arc<Server>>) -> Response {
    server.pages.fetch_add(1, Ordering::SeqCst);
    server.seen.store(true, Ordering::SeqCst);
    let page = OpenPage(server);
    let stream = futures_util::stream::unfold((page, true), |(page, first)| async move {
        if !first {
            tokio::time::sleep(Duration::from_secs(3)).await;
        }
        Some((
            Ok::<_, std::io::Error>(Bytes::from_static(b": alive\n\n")),
            (page, false),
        ))
    });
    (
        [(header::CONTENT_TYPE, "text/event-stream")],
        Body::from_stream(stream),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csp_is_the_window_s() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../../tauri.conf.json"))
                .expect("tauri.conf.json");
        let window = conf["app"]["security"]["csp"].as_str().expect("a csp");
        let served = CSP
            .replace(
                "connect-src 'self'",
                "connect-src ipc: http://ipc.localhost",
            )
            .replace("; frame-ancestors 'none'", "");
        assert_eq!(served, window);
    }

    #[test]
    fn every_ui_file_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui");
        let on_disk = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_file())
            .count();
        assert_eq!(UI.len(), on_disk);
        assert!(UI.iter().any(|(n, _)| *n == "api.js"));
    }

    #[test]
    fn upload_names_are_percent_decoded_then_checked() {
        let cases = [
            ("%E5%8D%95%E4%BD%8D.xlsx", Some("单位.xlsx")),
            ("..%2F..%2Fetc%2Fpasswd", None),
            ("a%5Cb.csv", None),
            ("C%3Aname.xlsx", None),
            ("x%0Ay.xlsx", None),
        ];
        for (raw, want) in cases {
            let got = files::file_name(&percent_decode(raw)).ok();
            assert_eq!(got.as_deref(), want, "{raw}");
        }
    }
}
