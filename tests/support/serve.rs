//! `parkreg serve --no-open` as the tests run it: the program, and the
//! link with the one-time key that it prints.

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct Served {
    pub child: Child,
    pub port: u16,
    pub key: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// `parkreg serve --no-open` on the registry at `db`.
    pub fn on(db: &Path) -> Served {
        let mut cmd = Command::new(super::binary("parkreg", "parkreg"));
        cmd.args(["--db", db.to_str().unwrap(), "serve", "--no-open"]);
        Served::start(cmd)
    }

    /// Runs `cmd` (a `parkreg serve --no-open`, perhaps by way of a shell)
    /// and reads the link it prints.
    pub fn start(mut cmd: Command) -> Served {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("parkreg serve starts");
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        // The rest of what it prints is read (and dropped) while it runs.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let rest = line
            .trim()
            .strip_prefix("parkreg serve: http://127.0.0.1:")
            .unwrap_or_else(|| panic!("parkreg serve printed {line:?}"));
        let (port, key) = rest.split_once("/?key=").expect("a link with its key");
        Served {
            child,
            port: port.parse().unwrap(),
            key: key.into(),
        }
    }

    /// The link to open, once.
    pub fn link(&self) -> String {
        format!("http://127.0.0.1:{}/?key={}", self.port, self.key)
    }
}
