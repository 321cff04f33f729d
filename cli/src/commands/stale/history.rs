//! Git history for `tmc stale`, read in-process with gix: no `git` is
//! started and nothing a repository configures is run (no fsmonitor, no
//! filter drivers, no hooks). The repository is the one found from the
//! folder of a root `.tm` file, opened isolated: its own `.git/config`
//! only, no system or user configuration, no environment variables.
//!
//! A path is unmodified when its bytes hash to the blob in `HEAD`'s tree
//! (anything a filter or line-ending conversion would change counts as
//! modified, which falls back to the file's time: the safe side). A folder
//! is unmodified when every file `HEAD` has under it is there with the
//! same bytes, and every other file under it is ignored (`.gitignore`,
//! `.git/info/exclude`, `core.excludesFile`), as `git status` sees it. The
//! last change of an unmodified path is the newest commit that changed it,
//! as `git log -1 -- PATH` finds it: commits newest first by commit time,
//! following from a merge only the first parent that has the same entry
//! for the path; a commit whose entry differs from every parent's (or a
//! root commit that has the path) changed it. One walk answers every path.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use gix::bstr::{BString, ByteSlice};
use gix::index::entry::Mode;
use gix::objs::tree::EntryKind;
use gix::ObjectId;

use super::scan::{Scan, WorkFile};

/// How much decoded object data gix keeps for the walk, which reads the
/// same trees again and again, and how much of the bases of deltas in
/// packs (each tree of a commit is usually a delta on an older one).
const OBJECT_CACHE: usize = 16 << 20;
const PACK_CACHE: usize = 32 << 20;

/// A repository with a checked-out `HEAD`.
pub struct Repo {
    repo: gix::Repository,
    /// The work tree, links resolved.
    root: PathBuf,
    /// `HEAD`'s commit, and its tree.
    head: ObjectId,
    head_tree: ObjectId,
    /// The commits a shallow clone has no parents for.
    shallow: HashSet<ObjectId>,
}

impl Repo {
    /// The repository that holds `dir`, if any. `Ok(None)`: no repository,
    /// or one without a work tree or commits, where file times decide.
    pub fn find(dir: &Path) -> Result<Option<Repo>, String> {
        use gix::discover::upwards::{Error as Discover, Options};
        if let Err(e) = gix::discover::upwards_opts(dir, Options::default()) {
            return match e.downcast_any_ref::<Discover>() {
                Some(
                    Discover::NoGitRepository { .. }
                    | Discover::NoGitRepositoryWithinCeiling { .. }
                    | Discover::NoGitRepositoryWithinFs { .. },
                ) => Ok(None),
                _ => Err(e.to_string()),
            };
        }
        let isolated = |_, _| gix::open::Options::isolated();
        let mut repo = gix::ThreadSafeRepository::discover_opts(dir, Options::default(), isolated)
            .map_err(|e| e.to_string())?
            .to_thread_local();
        repo.object_cache_size_if_unset(OBJECT_CACHE);
        repo.objects.set_pack_cache(|| {
            Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
                PACK_CACHE,
            ))
        });
        let Some(root) = repo.workdir().and_then(|w| std::fs::canonicalize(w).ok()) else {
            return Ok(None);
        };
        let head = match repo.head_id() {
            Ok(id) => id.detach(),
            Err(_) if repo.head().is_ok_and(|h| h.is_unborn()) => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        let shallow = match repo.shallow_commits().map_err(err)? {
            Some(commits) => commits.iter().copied().collect(),
            None => HashSet::new(),
        };
        let mut repo = Repo {
            repo,
            root,
            head,
            head_tree: head,
            shallow,
        };
        repo.head_tree = repo.commit(head)?.tree;
        Ok(Some(repo))
    }

    /// The work tree (links resolved).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `real` relative to the work tree, as git names paths; `None` when it
    /// is not in it, or is in a `.git` folder.
    pub fn relative(&self, real: &Path) -> Option<BString> {
        let rest = real.strip_prefix(&self.root).ok()?;
        let mut out = BString::default();
        for c in rest.components() {
            let Component::Normal(name) = c else {
                return None;
            };
            if name == ".git" {
                return None;
            }
            if !out.is_empty() {
                out.push(b'/');
            }
            out.extend_from_slice(gix::path::os_str_into_bstr(name).ok()?);
        }
        Some(out)
    }

    /// Whether what `scan` found at `rel` is what `HEAD` has there.
    pub fn unmodified(&self, rel: &BString, scan: &Scan) -> Result<bool, String> {
        let Some((kind, id)) = self.entry(self.head_tree, rel)? else {
            return Ok(false); // untracked
        };
        if !scan.is_dir {
            let file = scan.files.first();
            let blob = matches!(kind, EntryKind::Blob | EntryKind::BlobExecutable);
            return Ok(blob && file.is_some_and(|f| self.same_bytes(scan, f, id)));
        }
        if kind != EntryKind::Tree {
            return Ok(false);
        }
        let mut tracked: HashMap<BString, (EntryKind, ObjectId)> = HashMap::new();
        for e in self
            .tree(id)?
            .traverse()
            .breadthfirst
            .files()
            .map_err(err)?
        {
            match e.mode.kind() {
                EntryKind::Tree => {}
                EntryKind::Commit => return Ok(false), // a submodule: not looked into
                kind => {
                    tracked.insert(e.filepath, (kind, e.oid));
                }
            }
        }
        let mut ignored = Ignored::new(self)?;
        for file in &scan.files {
            let key = git_path(&file.rel);
            match tracked.remove(&key) {
                Some((kind, id)) => {
                    let link = kind == EntryKind::Link;
                    if link != file.link || !self.same_bytes(scan, file, id) {
                        return Ok(false);
                    }
                }
                None => {
                    if !ignored.is(&join(rel, &key))? {
                        return Ok(false); // untracked
                    }
                }
            }
        }
        Ok(tracked.is_empty()) // else a tracked file was deleted
    }

    /// Whether the work file hashes to blob `id`.
    fn same_bytes(&self, scan: &Scan, file: &WorkFile, id: ObjectId) -> bool {
        let kind = self.repo.object_hash();
        let path = scan.path_of(file);
        let hash = match file.link {
            true => std::fs::read_link(&path).ok().and_then(|target| {
                let bytes = gix::path::os_str_into_bstr(target.as_os_str()).ok()?;
                gix::objs::compute_hash(kind, gix::objs::Kind::Blob, bytes).ok()
            }),
            // Only a regular file is read, without blocking.
            false => tmc_compiler::RealFs::open_regular(&path)
                .ok()
                .and_then(|(mut f, size)| {
                    let interrupt = std::sync::atomic::AtomicBool::new(false);
                    gix::objs::compute_stream_hash(
                        kind,
                        gix::objs::Kind::Blob,
                        &mut f,
                        size,
                        &mut gix::progress::Discard,
                        &interrupt,
                    )
                    .ok()
                }),
        };
        hash == Some(id)
    }

    /// The commit time (seconds since the epoch) of the newest commit that
    /// changed each of `paths`, in one walk from `HEAD`; `None` for a path
    /// no commit has.
    pub fn last_commits(&self, paths: &[BString]) -> Result<Vec<Option<i64>>, String> {
        let mut walk = Walk::new(self, paths)?;
        walk.run()?;
        Ok(walk.found)
    }

    fn commit(&self, id: ObjectId) -> Result<Commit, String> {
        let c = self.repo.find_commit(id).map_err(err)?;
        Ok(Commit {
            tree: c.tree_id().map_err(err)?.detach(),
            time: c.time().map_err(err)?.seconds,
            parents: match self.shallow.contains(&id) {
                true => Vec::new(), // the history ends here in a shallow clone
                false => c.parent_ids().map(|p| p.detach()).collect(),
            },
        })
    }

    fn tree(&self, id: ObjectId) -> Result<gix::Tree<'_>, String> {
        self.repo.find_tree(id).map_err(err)
    }

    /// The kind and id of the entry at `path` in tree `tree` (the tree
    /// itself for the empty path); `None` when there is none.
    fn entry(&self, tree: ObjectId, path: &BString) -> Result<Entry, String> {
        let names = names(path);
        Ok(found(&self.chain(tree, &names, None)?, &names))
    }

    /// The entries along `names` from tree `root`: `root` itself, then
    /// one per name, ending early where the path is absent. Where `like`
    /// (the same path's chain in another commit) has the same entry at
    /// some depth, the rest is the same and is taken from it unread: a
    /// commit usually changes few folders, so most of a path's trees are
    /// its parent's.
    fn chain(
        &self,
        root: ObjectId,
        names: &[&[u8]],
        like: Option<&[Step]>,
    ) -> Result<Vec<Step>, String> {
        let mut chain = vec![(EntryKind::Tree, root)];
        for name in names {
            let depth = chain.len() - 1;
            if let Some(like) = like.filter(|l| l.get(depth) == chain.last()) {
                chain.extend_from_slice(&like[depth + 1..]);
                return Ok(chain);
            }
            let (kind, id) = chain[depth];
            if kind != EntryKind::Tree {
                break;
            }
            match self.tree(id)?.find_entry(*name) {
                Some(e) => chain.push((e.mode().kind(), e.object_id())),
                None => break,
            }
        }
        Ok(chain)
    }
}

/// One entry of a path in a tree: its kind and id.
type Step = (EntryKind, ObjectId);

/// A path's entry, or `None` when absent.
type Entry = Option<Step>;

/// The names of a path as git writes it (none for the top).
fn names(path: &BString) -> Vec<&[u8]> {
    match path.is_empty() {
        true => Vec::new(),
        false => path.split_str("/").collect(),
    }
}

/// The entry a chain ends at, when it reaches the end of `names`.
fn found(chain: &[Step], names: &[&[u8]]) -> Entry {
    (chain.len() == names.len() + 1).then(|| chain[names.len()])
}

/// What the walk needs of a commit.
struct Commit {
    tree: ObjectId,
    time: i64,
    parents: Vec<ObjectId>,
}

/// One walk over the history for many paths at once. Each queued commit
/// carries the paths whose history goes through it: from a merge, a path
/// follows only the first parent with the same entry (git's default
/// history simplification), so the paths part ways where they differ.
struct Walk<'r> {
    repo: &'r Repo,
    paths: &'r [BString],
    /// Per path: the time of the commit that last changed it, once found.
    found: Vec<Option<i64>>,
    /// Paths with no answer yet, and no end of their history reached.
    open: usize,
    /// Newest commit first; ties in the order they were queued.
    queue: BinaryHeap<(i64, Reverse<u64>, ObjectId)>,
    queued: u64,
    /// Per queued commit: the paths that follow it.
    following: HashMap<ObjectId, HashSet<usize>>,
    /// Per commit seen: its data and the entries of the paths.
    seen: HashMap<ObjectId, Seen>,
    /// The names of each path.
    names: Vec<Vec<&'r [u8]>>,
}

struct Seen {
    commit: Commit,
    /// Per path, once looked up: its chain of entries (`Repo::chain`).
    chains: Vec<Option<Vec<Step>>>,
}

impl<'r> Walk<'r> {
    fn new(repo: &'r Repo, paths: &'r [BString]) -> Result<Walk<'r>, String> {
        let mut walk = Walk {
            repo,
            paths,
            found: vec![None; paths.len()],
            open: paths.len(),
            queue: BinaryHeap::new(),
            queued: 0,
            following: HashMap::new(),
            seen: HashMap::new(),
            names: paths.iter().map(names).collect(),
        };
        walk.push(repo.head, 0..paths.len())?;
        Ok(walk)
    }

    fn run(&mut self) -> Result<(), String> {
        while self.open > 0 {
            let Some((_, _, id)) = self.queue.pop() else {
                break;
            };
            let paths: Vec<usize> = self
                .following
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .filter(|&p| self.found[p].is_none())
                .collect();
            if !paths.is_empty() {
                self.visit(id, &paths)?;
            }
            self.seen.remove(&id);
        }
        Ok(())
    }

    /// Decides, for each of `paths`, whether commit `id` changed it, and
    /// otherwise which parent its history goes on through.
    fn visit(&mut self, id: ObjectId, paths: &[usize]) -> Result<(), String> {
        let parents = self.seen[&id].commit.parents.clone();
        let time = self.seen[&id].commit.time;
        let mut through: Vec<Vec<usize>> = vec![Vec::new(); parents.len()];
        for &p in paths {
            let mine = self.entry(id, p, None)?;
            let mut same = None;
            for (i, &parent) in parents.iter().enumerate() {
                self.see(parent)?;
                if self.entry(parent, p, Some(id))? == mine {
                    same = Some(i);
                    break;
                }
            }
            match same {
                Some(i) => through[i].push(p),
                // Changed here (a root commit: if it has the path at all).
                None if !parents.is_empty() || mine.is_some() => {
                    self.found[p] = Some(time);
                    self.open -= 1;
                }
                None => self.open -= 1, // the path's history ends without it
            }
        }
        for (parent, paths) in parents.into_iter().zip(through) {
            if !paths.is_empty() {
                self.push(parent, paths)?;
            }
        }
        Ok(())
    }

    fn push(&mut self, id: ObjectId, paths: impl IntoIterator<Item = usize>) -> Result<(), String> {
        self.see(id)?;
        let following = self.following.entry(id).or_default();
        if following.is_empty() {
            self.queued += 1;
            let time = self.seen[&id].commit.time;
            self.queue.push((time, Reverse(self.queued), id));
        }
        following.extend(paths);
        Ok(())
    }

    fn see(&mut self, id: ObjectId) -> Result<(), String> {
        if !self.seen.contains_key(&id) {
            let commit = self.repo.commit(id)?;
            let chains = vec![None; self.paths.len()];
            self.seen.insert(id, Seen { commit, chains });
        }
        Ok(())
    }

    /// The entry of commit `id` (seen) for path `p`, read using what
    /// commit `like` (seen, its chain known) has in common with it.
    fn entry(&mut self, id: ObjectId, p: usize, like: Option<ObjectId>) -> Result<Entry, String> {
        let names = &self.names[p];
        if let Some(chain) = &self.seen[&id].chains[p] {
            return Ok(found(chain, names));
        }
        let like = like.and_then(|l| self.seen[&l].chains[p].as_deref());
        let chain = self.repo.chain(self.seen[&id].commit.tree, names, like)?;
        let entry = found(&chain, names);
        self.seen.get_mut(&id).expect("seen").chains[p] = Some(chain);
        Ok(entry)
    }
}

/// Whether untracked paths are ignored, as `git status` decides: by the
/// `.gitignore` files in the work tree (not followed when they are links),
/// `.git/info/exclude` and `core.excludesFile`; a path in an ignored
/// folder is ignored.
struct Ignored<'r> {
    stack: gix::AttributeStack<'r>,
    /// The work tree.
    root: &'r Path,
    /// Folders known, and whether each is ignored.
    folders: HashMap<BString, bool>,
}

impl<'r> Ignored<'r> {
    fn new(repo: &'r Repo) -> Result<Ignored<'r>, String> {
        // The index is not read: `.gitignore` files come from the work tree.
        let index = gix::index::State::new(repo.repo.object_hash());
        let source = gix::worktree::stack::state::ignore::Source::WorktreeThenIdMappingIfNotSkipped;
        let stack = repo.repo.excludes(&index, None, source).map_err(err)?;
        Ok(Ignored {
            stack,
            root: &repo.root,
            folders: HashMap::new(),
        })
    }

    /// Whether the file at `path` (relative to the work tree) is ignored.
    /// Each folder on the way is looked at first, from the top: the order
    /// in which gix reads their `.gitignore` files.
    fn is(&mut self, path: &BString) -> Result<bool, String> {
        let mut end = 0;
        while let Some(slash) = path[end..].find_byte(b'/') {
            if self.folder(path[..end].as_bstr())? {
                return Ok(true);
            }
            end += slash + 1;
        }
        let folder = path[..end.saturating_sub(1)].as_bstr();
        Ok(self.folder(folder)? || self.excluded(path.as_bstr(), None)?)
    }

    /// Whether the folder at `path` is ignored (the top never is). Its
    /// `.gitignore` must be a regular file, a link (which gix does not
    /// follow) or absent: gix would block reading a FIFO.
    fn folder(&mut self, path: &gix::bstr::BStr) -> Result<bool, String> {
        if let Some(&known) = self.folders.get(path) {
            return Ok(known);
        }
        let folder = gix::path::from_bstr(path).map_err(err)?;
        let ignore = self.root.join(folder).join(".gitignore");
        if let Ok(meta) = std::fs::symlink_metadata(&ignore) {
            if !meta.is_file() && !meta.is_symlink() {
                return Err(format!("`{}` is not a regular file", ignore.display()));
            }
        }
        let ignored = !path.is_empty() && self.excluded(path, Some(Mode::DIR))?;
        self.folders.insert(path.to_owned(), ignored);
        Ok(ignored)
    }

    fn excluded(&mut self, path: &gix::bstr::BStr, mode: Option<Mode>) -> Result<bool, String> {
        let platform = self.stack.at_entry(path, mode).map_err(err)?;
        Ok(platform.is_excluded())
    }
}

/// A relative path of the file system as git writes it (`/` between names).
fn git_path(rel: &Path) -> BString {
    let mut out = BString::default();
    for c in rel.components() {
        if !out.is_empty() {
            out.push(b'/');
        }
        out.extend_from_slice(c.as_os_str().as_encoded_bytes());
    }
    out
}

/// `folder/rest`, or `rest` at the top of the work tree.
fn join(folder: &BString, rest: &BString) -> BString {
    match folder.is_empty() {
        true => rest.clone(),
        false => {
            let mut out = folder.clone();
            out.push(b'/');
            out.extend_from_slice(rest);
            out
        }
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

#[cfg(test)]
mod tests {
    //! Checked against git itself: histories with branches, merges (some
    //! that drop a side's change), deletions, files coming back, and
    //! commit times out of order, built with the `git` binary, then every
    //! path's last commit compared with `git log -1 --format=%ct -- PATH`.

    use std::path::Path;
    use std::process::Command;

    use super::*;

    fn git(dir: &Path, args: &[&str], time: i64) -> (bool, String) {
        let stamp = format!("@{time} +0000");
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp)
            .output()
            .expect("git is needed to build the test repositories");
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success(), text)
    }

    /// A small deterministic generator (a 64-bit LCG), so a failure is
    /// reproduced by its seed.
    struct Dice(u64);

    impl Dice {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    const FILES: [&str; 6] = ["a", "b", "d/x", "d/y", "d/e/z", "f"];
    const BRANCHES: [&str; 3] = ["main", "one", "two"];

    /// Builds a random history of `steps` in `dir`.
    fn random_history(dir: &Path, seed: u64, steps: usize) {
        let mut dice = Dice(seed);
        let mut time = 1_700_000_000i64;
        assert!(git(dir, &["init", "-q", "-b", "main"], time).0);
        std::fs::write(dir.join("a"), "0").unwrap();
        std::fs::write(dir.join(".gitignore"), "*.o\nbuild/\n").unwrap();
        assert!(git(dir, &["add", "-A"], time).0);
        assert!(git(dir, &["commit", "-q", "-m", "root"], time).0);
        for b in &BRANCHES[1..] {
            assert!(git(dir, &["branch", b], time).0);
        }
        for step in 0..steps {
            // Mostly forward in time, sometimes back (a skewed clock).
            time += dice.below(5000) as i64 - 800;
            match dice.below(10) {
                0..=5 => {
                    for _ in 0..=dice.below(2) {
                        let file = dir.join(FILES[dice.below(6) as usize]);
                        match dice.below(6) {
                            0 => {
                                let _ = std::fs::remove_file(&file);
                            }
                            // Back to an earlier content now and then.
                            1 => {
                                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                                std::fs::write(&file, "0").unwrap();
                            }
                            _ => {
                                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                                std::fs::write(&file, format!("{step}")).unwrap();
                            }
                        }
                    }
                    git(dir, &["add", "-A"], time);
                    git(dir, &["commit", "-q", "--allow-empty", "-m", "c"], time);
                }
                6 | 7 => {
                    let b = BRANCHES[dice.below(3) as usize];
                    git(dir, &["checkout", "-q", b], time);
                }
                _ => {
                    let other = BRANCHES[dice.below(3) as usize];
                    let how: &[&str] = match dice.below(3) {
                        0 => &["-s", "ours"],
                        1 => &["-X", "theirs"],
                        _ => &["-X", "ours"],
                    };
                    let mut args = vec!["merge", "-q", "--no-ff", "--no-edit"];
                    args.extend_from_slice(how);
                    args.push(other);
                    if !git(dir, &args, time).0 {
                        // A conflict -X cannot settle: commit it as it is.
                        git(dir, &["add", "-A"], time);
                        git(dir, &["commit", "-q", "--no-edit"], time);
                    }
                }
            }
        }
    }

    fn compare_with_git(dir: &Path) {
        let repo = Repo::find(dir).unwrap().expect("a repository");
        let mut paths: Vec<&str> = FILES.to_vec();
        paths.extend(["d", "d/e", "", "nope", "d/nope"]);
        let rels: Vec<BString> = paths.iter().map(|p| BString::from(*p)).collect();
        let ours = repo.last_commits(&rels).unwrap();
        for (path, ours) in paths.iter().zip(ours) {
            let spec = if path.is_empty() { "." } else { path };
            let (_, theirs) = git(dir, &["log", "-1", "--format=%ct", "--", spec], 0);
            let theirs = (!theirs.is_empty()).then(|| theirs.parse::<i64>().unwrap());
            assert_eq!(ours, theirs, "last commit of `{path}` in {}", dir.display());
        }
    }

    /// Changes the work tree at random: edits, deletions, new files, new
    /// ignored files and folders, files touched but not changed.
    fn random_changes(dir: &Path, seed: u64) {
        let mut dice = Dice(seed);
        for i in 0..=dice.below(4) {
            let name = match dice.below(4) {
                0 => FILES[dice.below(6) as usize].to_string(),
                1 => format!("d/new{i}"),
                2 => format!("d/e/obj{i}.o"),
                _ => format!("d/build/deep/out{i}"),
            };
            let file = dir.join(&name);
            match dice.below(4) {
                0 => {
                    let _ = std::fs::remove_file(&file);
                }
                1 => {
                    if let Ok(text) = std::fs::read(&file) {
                        std::fs::write(&file, text).unwrap(); // touched only
                    }
                }
                _ => {
                    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                    std::fs::write(&file, format!("changed {i}")).unwrap();
                }
            }
        }
    }

    /// `unmodified` against `git ls-files` and `git status --porcelain
    /// --untracked-files=all`, for every file and folder that exists.
    fn compare_status_with_git(dir: &Path) {
        let repo = Repo::find(dir).unwrap().expect("a repository");
        let mut paths: Vec<&str> = FILES.to_vec();
        paths.extend(["d", "d/e", ""]);
        for path in paths {
            let Some(scan) = super::super::scan::scan(&dir.join(path)) else {
                continue;
            };
            let ours = repo.unmodified(&BString::from(path), &scan).unwrap();
            let spec = if path.is_empty() { "." } else { path };
            let (_, tracked) = git(dir, &["ls-files", "--", spec], 0);
            let (_, status) = git(
                dir,
                &["status", "--porcelain", "--untracked-files=all", "--", spec],
                0,
            );
            let theirs = !tracked.is_empty() && status.is_empty();
            assert_eq!(ours, theirs, "`{path}` unmodified? git status: {status}");
        }
    }

    #[test]
    fn unmodified_agrees_with_git_status() {
        for seed in 1..=12 {
            let dir = tempfile::tempdir().unwrap();
            random_history(dir.path(), seed, 30);
            compare_status_with_git(dir.path());
            random_changes(dir.path(), seed);
            compare_status_with_git(dir.path());
        }
    }

    #[test]
    fn last_commits_agree_with_git_log() {
        for seed in 1..=12 {
            let dir = tempfile::tempdir().unwrap();
            random_history(dir.path(), seed, 60);
            compare_with_git(dir.path());
        }
    }

    #[test]
    fn a_shallow_clone_ends_its_history_at_the_boundary() {
        let origin = tempfile::tempdir().unwrap();
        random_history(origin.path(), 99, 40);
        let dir = tempfile::tempdir().unwrap();
        let url = format!("file://{}", origin.path().display());
        let (ok, _) = git(dir.path(), &["clone", "-q", "--depth", "3", &url, "c"], 0);
        assert!(ok, "a shallow clone");
        compare_with_git(&dir.path().join("c"));
    }
}
