//! End to end in a real editor: a headless Neovim runs the README's Neovim snippet (the
//! plain `vim.lsp.start_client` form) against the built binary, opens a schema, waits for
//! the diagnostics, applies a finding's fix with `vim.lsp.buf.code_action()`, and reports
//! what it saw (tests/neovim/driver.lua). Needs `nvim` (Neovim 0.7 or newer) on PATH, or
//! in $SCHEMALINT_NVIM; `.ci/run` installs it. Set `SCHEMALINT_SKIP_NEOVIM=1` to skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Neovim gives up by itself after this long (the driver's deadline) …
const DEADLINE: Duration = Duration::from_secs(40);
/// … and is killed if it is still running after this.
const KILL_AFTER: Duration = Duration::from_secs(60);

fn nvim() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("SCHEMALINT_NVIM") {
        return Ok(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("nvim"))
        .find(|p| p.is_file())
        .ok_or_else(|| "`nvim` is not on PATH".to_owned())
}

/// The README's Neovim 0.7 snippet: the first ```lua block after its marker.
fn readme_snippet() -> String {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    let after = text
        .split_once("<!-- neovim-0.7-snippet -->")
        .expect("README.md has the `<!-- neovim-0.7-snippet -->` marker")
        .1;
    let block = after
        .split_once("```lua\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .expect("a ```lua block follows the marker")
        .0;
    assert!(block.contains("vim.lsp.start_client"), "{block}");
    block.to_owned()
}

#[test]
fn neovim_shows_findings_and_applies_a_fix_from_a_code_action() {
    let nvim = match nvim() {
        Ok(nvim) => nvim,
        Err(why) if std::env::var("SCHEMALINT_SKIP_NEOVIM").as_deref() == Ok("1") => {
            eprintln!("SKIPPED (SCHEMALINT_SKIP_NEOVIM=1): {why}");
            return;
        }
        Err(why) => panic!(
            "the editor test needs Neovim 0.7 or newer: {why}; install it (Debian: \
             `apt-get install neovim`, as .ci/run does), point SCHEMALINT_NVIM at it, or set \
             SCHEMALINT_SKIP_NEOVIM=1"
        ),
    };
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/neovim");
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("schemalint.toml"),
        "profile = \"openai\"\n",
    )
    .unwrap();
    let schema = project.path().join("weather.json");
    let original = std::fs::read_to_string(tests.join("weather.json")).unwrap();
    std::fs::write(&schema, &original).unwrap();
    let init = project.path().join("init.lua");
    let driver = std::fs::read_to_string(tests.join("driver.lua")).unwrap();
    std::fs::write(&init, format!("{}\n\n{driver}", readme_snippet())).unwrap();
    let result_file = project.path().join("result.json");

    // `schemalint` on PATH, as after `cargo install`: the snippet runs it by name.
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_schemalint"))
        .parent()
        .unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let started = Instant::now();
    let mut child = Command::new(&nvim)
        .args(["--headless", "--clean", "-u"])
        .arg(&init)
        .current_dir(project.path())
        .env("PATH", path)
        .env("SCHEMALINT_E2E_FILE", &schema)
        .env("SCHEMALINT_E2E_RESULT", &result_file)
        .env("SCHEMALINT_E2E_FIX_CODE", "strict/additional-properties")
        .env(
            "SCHEMALINT_E2E_DEADLINE_MS",
            DEADLINE.as_millis().to_string(),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", nvim.display()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > KILL_AFTER {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Neovim was still running after {KILL_AFTER:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = std::io::read_to_string(child.stderr.take().unwrap()).unwrap_or_default();
    let result: Value = match std::fs::read_to_string(&result_file) {
        Ok(text) => serde_json::from_str(&text).unwrap(),
        Err(e) => panic!("Neovim ({status}) wrote no result ({e}); stderr:\n{stderr}"),
    };
    assert!(
        result["error"].is_null(),
        "{}\nresult: {result:#}\nstderr:\n{stderr}",
        result["error"]
    );
    assert_eq!(result["filetype"], "json");

    let diagnostics = result["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["strict/additional-properties", "keyword/unsupported-format"],
        "{result:#}"
    );
    // Neovim counts columns in bytes and converted them from the server's UTF-16: the
    // finding on `"phone"` follows `—` (3 bytes, 1 unit) and `東京` (6 bytes, 2 units).
    let format = &diagnostics[1];
    let line = original.lines().nth(4).unwrap();
    assert_eq!(format["lnum"], 4);
    assert_eq!(format["col"], line.find("\"phone\"").unwrap());
    assert_eq!(format["end_col"], line.find("\"phone\"").unwrap() + 7);
    assert_eq!(
        format["severity"], 1,
        "an error (vim.diagnostic.severity.ERROR)"
    );
    assert!(
        format["message"]
            .as_str()
            .unwrap()
            .contains("format `phone`"),
        "{format}"
    );

    let offered: Vec<&str> = result["offered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        offered
            .contains(&"Fix `strict/additional-properties`: add `\"additionalProperties\": false`"),
        "{offered:#?}"
    );
    assert!(
        offered
            .iter()
            .any(|t| t.starts_with("Ignore `strict/additional-properties`")),
        "{offered:#?}"
    );
    let expected = original.trim_end().replace(
        "\"required\": [\"ville\"]\n}",
        "\"required\": [\"ville\"],\n  \"additionalProperties\": false\n}",
    );
    assert_ne!(expected, original.trim_end());
    assert_eq!(result["text"], expected.as_str());
    let after: Vec<&str> = result["after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(after, ["keyword/unsupported-format"]);
    assert!(
        status.success(),
        "Neovim exited with {status}; stderr:\n{stderr}"
    );
}
