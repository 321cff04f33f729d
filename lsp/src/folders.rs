//! What the server knows of the workspace's folders, as plain data: the
//! folders to look in, the `workspaceDiagnostics` setting, whether the
//! client takes file watchers, and the registration and capabilities the
//! protocol exchanges for them. What the server does with it (walking the
//! folders, recompiling on a change on disk) is `crate::workspace`.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::*;

use crate::convert::path_of;

/// What the server knows of the workspace.
#[derive(Default)]
pub struct Workspace {
    /// Whether the models of the workspace are compiled without being
    /// opened (`workspaceDiagnostics`).
    pub enabled: bool,
    /// The folders to look in: the workspace folders, else the root.
    pub folders: Vec<PathBuf>,
    /// Whether the client registers file watchers when asked.
    pub dynamic_watch: bool,
    /// Counts walks started and the setting turned off: a walk whose count
    /// is no longer the latest stops.
    pub generation: u64,
}

/// The id the file watcher is registered under.
const WATCHER: &str = "tmc-watch-tm-files";

impl Workspace {
    /// What `initialize` tells of the workspace.
    pub fn from_initialize(params: &InitializeParams) -> Workspace {
        let folders: Vec<PathBuf> = match &params.workspace_folders {
            Some(folders) if !folders.is_empty() => {
                folders.iter().filter_map(|f| path_of(&f.uri)).collect()
            }
            #[allow(deprecated)]
            _ => params.root_uri.iter().filter_map(path_of).collect(),
        };
        let dynamic_watch = (params.capabilities.workspace.as_ref())
            .and_then(|w| w.did_change_watched_files.as_ref()?.dynamic_registration)
            == Some(true);
        let enabled = (params.initialization_options.as_ref())
            .and_then(|o| o.get("workspaceDiagnostics")?.as_bool())
            == Some(true);
        Workspace {
            enabled,
            folders,
            dynamic_watch,
            generation: 0,
        }
    }

    /// Whether `path` lies in one of the folders.
    pub(crate) fn holds(&self, path: &Path) -> bool {
        self.folders.iter().any(|f| path.starts_with(f))
    }
}

/// What the server takes of the workspace: its folders, and changes to
/// them (`workspace/didChangeWorkspaceFolders`).
pub fn capabilities() -> WorkspaceServerCapabilities {
    WorkspaceServerCapabilities {
        workspace_folders: Some(WorkspaceFoldersServerCapabilities {
            supported: Some(true),
            change_notifications: Some(OneOf::Left(true)),
        }),
        file_operations: None,
    }
}

/// The registration of a watcher of every `.tm` file.
pub(crate) fn watcher() -> Registration {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String("**/*.tm".into()),
            kind: None,
        }],
    };
    Registration {
        id: WATCHER.into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(options).ok(),
    }
}

/// The names `path` may go by in a compilation: itself, and with its
/// folder's links resolved (the compiler names a file it read from disk
/// by its canonical path).
pub(crate) fn names_of(path: &Path) -> Vec<PathBuf> {
    let mut names = vec![path.to_path_buf()];
    let real = (path.parent().and_then(|p| std::fs::canonicalize(p).ok()))
        .zip(path.file_name())
        .map(|(dir, name)| dir.join(name));
    names.extend(real.filter(|r| r != path));
    names
}
