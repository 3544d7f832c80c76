//! The man pages and shell completions the packages install, generated
//! from the command's own definition so they never drift from it.

use clap::Command;
use clap_complete::Shell;
use std::io;
use std::path::Path;

/// Writes `man/parkreg.1` (and a page per subcommand, `parkreg-fund-pay.1`
/// and so on) and `completions/` for bash, zsh and fish under `out`.
pub fn write(cmd: &Command, out: &Path) -> io::Result<()> {
    let mut cmd = shown(cmd);
    let man = out.join("man");
    let completions = out.join("completions");
    std::fs::create_dir_all(&man)?;
    std::fs::create_dir_all(&completions)?;
    clap_mangen::generate_to(cmd.clone(), &man)?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut cmd, "parkreg", &completions)?;
    }
    Ok(())
}

/// The command as a user meets it: without its hidden subcommands, which
/// the completions would otherwise offer.
fn shown(cmd: &Command) -> Command {
    let mut shown = Command::new("parkreg")
        .version(env!("CARGO_PKG_VERSION"))
        .args(cmd.get_arguments().cloned())
        .subcommands(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned())
        .subcommand_required(true);
    if let Some(about) = cmd.get_about() {
        shown = shown.about(about.clone());
    }
    shown
}
