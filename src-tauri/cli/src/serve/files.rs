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

/// A name from the page, as a plain file name: no folders, no control
/// characters, not empty.
pub fn file_name(raw: &str) -> Result<String, Error> {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if name.is_empty() || name == "." || name == ".." || name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "upload",
            "name",
            format!("文件名“{raw}”不可用"),
        ));
    }
    Ok(name.chars().take(200).collect())
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

    /// A new folder for one upload or download, and its token.
    fn slot(&self) -> Result<(String, PathBuf), Error> {
        let token = super::guard::random_token();
        let dir = self.dir.join(&token[..16]);
        std::fs::create_dir(&dir).map_err(io(&dir))?;
        Ok((token, dir))
    }

    /// Where an upload named `name` is written, and its token.
    pub fn new_upload(&self, name: &str) -> Result<(String, PathBuf), Error> {
        let (token, dir) = self.slot()?;
        Ok((token, dir.join(file_name(name)?)))
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
            Dialog::OpenSheet(_) | Dialog::OpenRegistry | Dialog::OpenWorkbooks => {
                return Ok(self.uploads.first().cloned());
            }
        };
        let (_, dir) = self.files.slot()?;
        let path = dir.join(file_name(&name).map_err(IpcError::from)?);
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
