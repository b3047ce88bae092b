//! Runs `cargo xtask protocol-tests`: Smithy's AWS JSON 1.0/1.1 protocol tests against generated
//! clients. The test files live in `../shared` next to the repository; without them this test
//! says that it skips. The first run builds the test workspace under `target/protocol-tests`
//! (a minute or two); later runs rebuild only what changed.

use std::path::Path;
use std::process::Command;

#[test]
fn protocol_tests_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository");
    let reference = root.join("../shared/reference/protocol-tests");
    if !reference.is_dir() {
        println!(
            "skipping: ../shared not found ({} does not exist), so the protocol tests cannot run",
            reference.display()
        );
        return;
    }
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("protocol-tests")
        .current_dir(root)
        .output()
        .expect("the xtask binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "`cargo xtask protocol-tests` failed; its report:\n{stdout}"
    );
    let suites = stdout
        .lines()
        .filter(|l| l.starts_with("protocol tests "))
        .count();
    assert_eq!(suites, 4, "one report line per test file:\n{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.ends_with(" failed") && l.split_whitespace().count() == 4),
        "a total line `N passed, M failed`:\n{stdout}"
    );
}
