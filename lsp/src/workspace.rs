//! Diagnostics of the files the editor has not opened: with the
//! `workspaceDiagnostics` setting on, the models of the workspace's
//! folders (`analysis::workspace::scan`) are compiled once the client is
//! initialized, one after the other through the usual refresh, and their
//! diagnostics and their imported files' published. A root no open
//! document is compiled under keeps no compilation, only the list of files
//! it read (`Engine::release_unopened`).
//!
//! Files changed on disk (`workspace/didChangeWatchedFiles`, registered
//! for `**/*.tm` when the client can take it) recompile the roots whose
//! latest compilation read them, whatever the setting; with it on, a new
//! model file is compiled too. A deleted root's diagnostics are cleared;
//! a deleted folder counts as the deletion of every file under it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use tower_lsp_server::ls_types::*;

use crate::analysis::workspace::{self, Limits};
use crate::convert::path_of;
use crate::folders::{names_of, watcher};
use crate::server::Backend;

impl Backend {
    /// After `initialized`: registers the file watcher when the client
    /// can take it (without waiting for its answer), and compiles the
    /// workspace's models when asked to.
    pub(crate) async fn start_workspace(&self) {
        let (watch, enabled) = {
            let w = self.workspace();
            (w.dynamic_watch, w.enabled)
        };
        if watch {
            let client = self.client().clone();
            tokio::spawn(async move {
                let _ = client.register_capability(vec![watcher()]).await;
            });
        }
        if enabled {
            self.compile_workspace().await;
        }
    }

    /// Turns workspace diagnostics on or off (`didChangeConfiguration`):
    /// on, the workspace is walked and compiled; off, a walk under way
    /// stops and the diagnostics of roots no open document is compiled
    /// under are cleared.
    pub(crate) async fn set_workspace_diagnostics(&self, on: bool) {
        let was = {
            let mut w = self.workspace();
            let was = w.enabled;
            w.enabled = on;
            w.generation += 1;
            was
        };
        match (was, on) {
            (false, true) => self.compile_workspace().await,
            (true, false) => {
                let roots = self.state().engine.roots();
                for root in roots {
                    if !self.state().engine.has_open(&root) {
                        self.clear_root(&root).await;
                    }
                }
            }
            _ => {}
        }
    }

    /// Walks the workspace's folders for models (on a blocking thread)
    /// and compiles each not compiled already, in order; stops when
    /// another walk starts or the setting is turned off. Edits take their
    /// turn between two models' compiles.
    pub(crate) async fn compile_workspace(&self) {
        let (folders, generation) = {
            let mut w = self.workspace();
            w.generation += 1;
            (w.folders.clone(), w.generation)
        };
        let start = Instant::now();
        let scan =
            tokio::task::spawn_blocking(move || workspace::scan(&folders, Limits::default()))
                .await
                .unwrap_or_default();
        for limit in &scan.limited {
            let message = format!("tmc: workspace diagnostics: stopped looking further: {limit}");
            self.client()
                .log_message(MessageType::WARNING, message)
                .await;
        }
        let found = format!(
            "tmc: workspace diagnostics: {} model file(s) found in {:.0} ms",
            scan.models.len(),
            start.elapsed().as_secs_f64() * 1000.0
        );
        self.client().log_message(MessageType::INFO, found).await;
        for model in scan.models {
            let current = {
                let w = self.workspace();
                w.enabled && w.generation == generation
            };
            if !current {
                return;
            }
            if self.state().engine.roots().contains(&model) {
                continue;
            }
            self.refresh(&model).await;
        }
        let done = format!(
            "tmc: workspace diagnostics: compiled in {:.0} ms",
            start.elapsed().as_secs_f64() * 1000.0
        );
        self.client().log_message(MessageType::INFO, done).await;
    }

    /// `workspace/didChangeWatchedFiles`: of each `.tm` file changed on
    /// disk and not open (an open document's buffer speaks for it), the
    /// roots that read it are recompiled, and with workspace diagnostics
    /// on, a model file new to the server is compiled; a deleted root's
    /// diagnostics are cleared, and a deleted folder's roots' (whatever the
    /// glob, a client may report a folder's deletion alone).
    pub(crate) async fn files_changed(&self, changes: Vec<FileEvent>) {
        let mut roots = BTreeSet::new();
        let mut gone = BTreeSet::new();
        for change in changes {
            let Some(path) = path_of(&change.uri) else {
                continue;
            };
            let s = self.state();
            if !workspace::is_tm(&path) {
                // A folder deleted (a client may tell only that): what was
                // under it.
                if change.typ == FileChangeType::DELETED {
                    for name in names_of(&path) {
                        let under = s.engine.roots_reading_under(&name);
                        gone.extend(under.iter().filter(|r| r.starts_with(&name)).cloned());
                        roots.extend(under);
                    }
                }
                continue;
            }
            if s.engine.is_open(&path) {
                continue;
            }
            let known = s.engine.roots();
            for name in names_of(&path) {
                roots.extend(s.engine.roots_reading(&name));
                if change.typ == FileChangeType::DELETED && known.contains(&name) {
                    gone.insert(name);
                }
            }
            let new_model = change.typ != FileChangeType::DELETED
                && !known.contains(&path)
                && self.workspace().enabled
                && self.workspace().holds(&path)
                && workspace::is_model(&path);
            if new_model {
                roots.insert(path);
            }
        }
        for root in &gone {
            self.clear_root(root).await;
        }
        for root in roots.difference(&gone) {
            self.refresh(root).await;
        }
    }

    /// `workspace/didChangeWorkspaceFolders`: the folders change; with
    /// workspace diagnostics on, the models of a removed folder no open
    /// document belongs to are cleared, and those of an added one compiled.
    pub(crate) async fn folders_changed(&self, event: WorkspaceFoldersChangeEvent) {
        let removed: Vec<PathBuf> = event
            .removed
            .iter()
            .filter_map(|f| path_of(&f.uri))
            .collect();
        let added: Vec<PathBuf> = event.added.iter().filter_map(|f| path_of(&f.uri)).collect();
        let enabled = {
            let mut w = self.workspace();
            w.folders.retain(|f| !removed.contains(f));
            for folder in added.iter() {
                if !w.folders.contains(folder) {
                    w.folders.push(folder.clone());
                }
            }
            w.enabled
        };
        if !enabled {
            return;
        }
        let roots = self.state().engine.roots();
        for root in roots {
            let outside =
                removed.iter().any(|f| root.starts_with(f)) && !self.workspace().holds(&root);
            if outside && !self.state().engine.has_open(&root) {
                self.clear_root(&root).await;
            }
        }
        if !added.is_empty() {
            self.compile_workspace().await;
        }
    }

    /// Clears the diagnostics `root` published and forgets it.
    async fn clear_root(&self, root: &Path) {
        let messages: Vec<Vec<u8>> = {
            let mut s = self.state();
            let dropped = s.engine.drop_root(root);
            tokio::task::spawn_blocking(move || drop(dropped));
            let plan = s.published.plan(root, BTreeMap::<PathBuf, (_, ())>::new());
            plan.into_iter()
                .filter_map(|(file, _)| crate::server::publish_message(&file, Vec::new(), None))
                .collect()
        };
        for message in messages {
            if self.direct().send(message).await.is_err() {
                return;
            }
        }
    }
}
