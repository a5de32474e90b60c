//! Files that are never part of a site: hidden files and the temporary,
//! swap and backup files editors leave beside the file being edited.
//! `load` skips them and `serve`'s watcher ignores their changes, through
//! this one test, so what the preview rebuilds on is exactly what `load` reads.

/// Whether a file or folder named `name` is skipped.
pub fn is_ignored(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    // Hidden files: vim's `.x.swp`, emacs' `.#x`, gedit's `.goutputstream-…`.
    (name.starts_with('.') && name != "." && name != "..")
        // Backups: `x~` (emacs, gedit, kate), `x.bak`, `x.orig`.
        || name.ends_with('~')
        || lower.ends_with(".bak")
        || lower.ends_with(".orig")
        // A patch that did not apply.
        || lower.ends_with(".rej")
        // Emacs auto-save `#x#`.
        || (name.starts_with('#') && name.ends_with('#'))
        // Swap and temporary files: vim, kate, VS Code, JetBrains, `sed -i`.
        || [".swp", ".swo", ".swx", ".kate-swp", ".crswap", ".tmp", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        || (name.starts_with("sed") && name.len() == 9 && name[3..].bytes().all(|b| b.is_ascii_alphanumeric()))
        // The file vim writes to test whether a folder is writable.
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::is_ignored;

    #[test]
    fn editor_files_are_ignored_and_site_files_are_not() {
        for name in [
            ".report.md.swp",
            ".#report.md",
            ".goutputstream-ABC123",
            "report.md~",
            "#report.md#",
            "report.md.bak",
            "report.md.tmp",
            "report.md___jb_tmp___",
            "4913",
            "sedAb12Cd",
            ".hidden",
            "site.yaml.BAK",
            "report.md.rej",
        ] {
            assert!(is_ignored(name), "{name} should be ignored");
        }
        for name in
            ["report.md", "site.yaml", "plan.pdf", "2011-04-14-meeting.md", "sed.md", "4913.md", ".", "notes#1.md"]
        {
            assert!(!is_ignored(name), "{name} should be read");
        }
    }
}
