// Embedded migrations are not rebuilt when only a .sql file changes; templates likewise.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=static");
    println!("cargo:rerun-if-changed=locales");
    git_revision();
}

/// `GIT_REVISION` for `--version` and `/healthz`: taken from the environment when a packager sets
/// it (a build from a tarball has no `.git`), else `git rev-parse --short HEAD`, else "unknown".
/// Rebuilt when HEAD moves. (Not `PARTNERDESK_…`: cargo passes the value on to the binaries it
/// runs, and the settings refuse unknown `PARTNERDESK_` variables.)
fn git_revision() {
    println!("cargo:rerun-if-env-changed=GIT_REVISION");
    let given = std::env::var("GIT_REVISION")
        .ok()
        .filter(|r| !r.trim().is_empty());
    let revision = given.unwrap_or_else(|| {
        // HEAD, and the ref of the branch it names (loose or packed): they move on every commit.
        // Only existing files: cargo reruns the script on every build for a missing one.
        let branch = git(&["symbolic-ref", "-q", "HEAD"]);
        for path in ["HEAD", "packed-refs"].into_iter().chain(branch.as_deref()) {
            if let Some(file) = git(&["rev-parse", "--git-path", path])
                && std::path::Path::new(&file).exists()
            {
                println!("cargo:rerun-if-changed={file}");
            }
        }
        git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned())
    });
    // Whatever was given, only characters that read well in a version line and a header.
    let revision: String = revision
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
        .take(40)
        .collect();
    let revision = if revision.is_empty() {
        "unknown".to_owned()
    } else {
        revision
    };
    println!("cargo:rustc-env=GIT_REVISION={revision}");
}

/// A git command's output, run in the package's directory; `None` without git or a repository.
fn git(args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}
