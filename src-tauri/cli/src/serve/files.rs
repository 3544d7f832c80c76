//! The browser's stand-in for file dialogs: a file to read is one the page
//! uploaded first (kept in this run's own folder), a file to write is made
//! in that folder and offered to the page as a download. The commands'
//! checks on the files are the same as in the window.

use parkreg_app::{Dialog, IpcError, IpcResult, Shell};
use parkreg_core::Error;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The largest upload: the xlsx import's own limit (a district's export
/// with its records is a few hundred MB).
pub const MAX_UPLOAD: u64 = 1 << 30;

/// This run's folder of uploads and downloads, removed when it stops.
pub struct Files {
    dir: PathBuf,
    uploads: Mutex<HashMap<String, PathBuf>>,
    downloads: Mutex<HashMap<String, PathBuf>>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Windows' reserved device names: `CON.xlsx` is the console there.
const DEVICES: [&str; 32] = [
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM0", "COM1", "COM2", "COM3", "COM4",
    "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3",
    "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// A name from the page, if it is a plain file name on every platform
/// (joined to this run's folder, it stays there): no folder of either
/// kind, no drive (`C:name` is relative to drive C's current folder on
/// Windows), none of the characters Windows forbids, no control
/// characters, no device name, no trailing dot or space, at most 200
/// characters. Anything else is refused, not repaired.
pub fn file_name(raw: &str) -> Result<String, Error> {
    let why = if raw.is_empty() || raw == "." || raw == ".." {
        Some("不是文件名")
    } else if raw.contains(['/', '\\']) {
        Some("含有文件夹")
    } else if raw.contains(':') {
        Some("含有盘符或冒号")
    } else if raw.contains(['<', '>', '"', '|', '?', '*']) || raw.chars().any(char::is_control) {
        Some("含有不能用于文件名的字符")
    } else if raw.ends_with(['.', ' ']) {
        Some("以点或空格结尾")
    } else if raw.chars().count() > 200 {
        Some("超过 200 个字")
    } else {
        let stem = raw.split('.').next().unwrap_or(raw).trim_end();
        DEVICES
            .iter()
            .any(|d| d.eq_ignore_ascii_case(stem))
            .then_some("是 Windows 的设备名")
    };
    match why {
        Some(why) => Err(Error::invalid(
            "upload",
            "name",
            format!("文件名“{}”不可用：{why}", raw.escape_debug()),
        )),
        None => Ok(raw.to_string()),
    }
}

impl Files {
    pub fn new() -> Result<Files, Error> {
        let dir = std::env::temp_dir().join(format!(
            "parkreg-serve-{}-{}",
            std::process::id(),
            &super::guard::random_token()[..12]
        ));
        create_private_dir(&dir)?;
        Ok(Files {
            dir,
            uploads: Mutex::new(HashMap::new()),
            downloads: Mutex::new(HashMap::new()),
        })
    }

    /// The page the browser is started on: it leads to `url` (which holds
    /// the one-time key). Private to this user, like the folder it is in.
    pub fn start_page(&self, url: &str) -> Result<PathBuf, Error> {
        let path = self.dir.join("start.html");
        let html = format!(
            "<!doctype html>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"refresh\" content=\"0;url={url}\">\n\
             <title>园区党组织台账</title>\n\
             <p>正在打开园区党组织台账……如未自动打开，请<a href=\"{url}\">点此进入</a>。</p>\n"
        );
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path).map_err(io(&path))?;
        std::io::Write::write_all(&mut file, html.as_bytes()).map_err(io(&path))?;
        Ok(path)
    }

    /// A new folder for one upload or download, and its token.
    fn slot(&self) -> Result<(String, PathBuf), Error> {
        let token = super::guard::random_token();
        let dir = self.dir.join(&token[..16]);
        std::fs::create_dir(&dir).map_err(io(&dir))?;
        Ok((token, dir))
    }

    /// Where an upload named `name` is written, and its token.
    pub fn new_upload(&self, name: &str) -> Result<(String, PathBuf), Error> {
        let name = file_name(name)?;
        let (token, dir) = self.slot()?;
        Ok((token, dir.join(name)))
    }

    /// Keeps a finished upload for the command that names its token.
    pub fn uploaded(&self, token: String, path: PathBuf) {
        self.uploads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(token, path);
    }

    /// The uploaded files the tokens name, in order.
    pub fn resolve(&self, tokens: &[String]) -> Result<Vec<PathBuf>, Error> {
        let uploads = self.uploads.lock().unwrap_or_else(|e| e.into_inner());
        tokens
            .iter()
            .map(|t| {
                uploads
                    .get(t)
                    .cloned()
                    .ok_or_else(|| Error::NotFound("上传的文件：它已失效，请重新选择文件".into()))
            })
            .collect()
    }

    /// The file a download token offers.
    pub fn download(&self, token: &str) -> Option<PathBuf> {
        self.downloads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(token)
            .cloned()
    }

    /// Offers `path` (a folder of CSV files is zipped first) as a download;
    /// its token.
    pub fn offer(&self, path: &Path) -> Result<String, Error> {
        let file = if path.is_dir() {
            let zip = path.with_extension("zip");
            zip_folder(path, &zip)?;
            zip
        } else {
            path.to_path_buf()
        };
        let token = super::guard::random_token();
        self.downloads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(token.clone(), file);
        Ok(token)
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn create_private_dir(dir: &Path) -> Result<(), Error> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io(dir))
}

fn zip_folder(dir: &Path, out: &Path) -> Result<(), Error> {
    use std::io::Write;
    let file = std::fs::File::create(out).map_err(io(out))?;
    let mut zip = zip::ZipWriter::new(file);
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    let zip_err = |e: zip::result::ZipError| Error::File {
        path: out.to_path_buf(),
        message: e.to_string(),
    };
    for p in names {
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .map_err(zip_err)?;
        zip.write_all(&std::fs::read(&p).map_err(io(&p))?)
            .map_err(io(out))?;
    }
    zip.finish().map_err(zip_err)?;
    Ok(())
}

/// A name the program makes (from the park's name) as a file name: what
/// no file name may hold becomes `_`.
fn made_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '<' | '>' | '"' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}

/// One command's shell: the files the page uploaded for it, and the file
/// it wrote, if any.
pub struct Browser<'a> {
    pub files: &'a Files,
    pub uploads: Vec<PathBuf>,
    pub written: Mutex<Option<PathBuf>>,
}

impl Shell for Browser<'_> {
    fn pick(&self, dialog: Dialog) -> IpcResult<Option<PathBuf>> {
        let (name, folder) = match dialog {
            Dialog::SaveXlsx(name) | Dialog::SaveBackup(name) => (name, false),
            Dialog::SaveFolder(name) => (name, true),
            Dialog::OpenSheet(_) | Dialog::OpenRegistry(_) | Dialog::OpenWorkbooks => {
                return Ok(self.uploads.first().cloned());
            }
        };
        let (_, dir) = self.files.slot()?;
        let path = dir.join(file_name(&made_name(&name)).map_err(IpcError::from)?);
        if folder {
            std::fs::create_dir(&path).map_err(io(&path))?;
        }
        *self.written.lock().unwrap_or_else(|e| e.into_inner()) = Some(path.clone());
        Ok(Some(path))
    }

    fn pick_many(&self, _: Dialog) -> IpcResult<Option<Vec<PathBuf>>> {
        Ok((!self.uploads.is_empty()).then(|| self.uploads.clone()))
    }

    fn shown(&self, path: &Path) -> String {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    fn can_switch(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_file_names_are_taken() {
        let long = "长".repeat(201);
        let cases: &[(&str, bool)] = &[
            ("单位.xlsx", true),
            ("园区 2013 年 单位表.xlsx", true),
            (".hidden.csv", true),
            ("a..b.xlsx", true),
            ("console.xlsx", true),
            ("COM10.csv", true),
            ("", false),
            (".", false),
            ("..", false),
            ("../../etc/passwd", false),
            ("a/b.csv", false),
            ("a\\b.csv", false),
            ("..\\..\\x.xlsx", false),
            ("C:name.xlsx", false),
            ("C:\\Users\\x.xlsx", false),
            ("\\\\server\\share\\x.xlsx", false),
            ("x.xlsx:stream", false),
            ("CON", false),
            ("con.xlsx", false),
            ("NUL.tar.gz", false),
            ("aux .csv", false),
            ("LPT1.xlsx", false),
            ("com9.db", false),
            ("COM0.csv", false),
            ("lpt0.xlsx", false),
            ("COM¹.xlsx", false),
            ("LPT³", false),
            ("CONIN$.csv", false),
            ("conout$", false),
            ("a<b.xlsx", false),
            ("a|b.xlsx", false),
            ("what?.xlsx", false),
            ("*.xlsx", false),
            ("\"q\".xlsx", false),
            ("x\ny.xlsx", false),
            ("x\u{7f}.xlsx", false),
            ("trailing.", false),
            ("trailing ", false),
            (&long, false),
        ];
        for (raw, ok) in cases {
            let got = file_name(raw);
            assert_eq!(got.is_ok(), *ok, "{raw:?}: {got:?}");
            if *ok {
                assert_eq!(got.unwrap(), *raw);
            }
        }
    }

    #[test]
    fn names_the_program_makes_become_plain() {
        for name in ["园区/一期:2013.xlsx", "a\\b?.xlsx", "plain.xlsx"] {
            assert!(file_name(&made_name(name)).is_ok(), "{name}");
        }
    }
}
