//! `docs/rules.md` is generated from the rules' docs; this test fails when it is stale.

use std::path::Path;

#[test]
fn rules_reference_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let generated = schemalint_check::rules_reference();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("write docs/rules.md");
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/rules.md is stale; regenerate it with `UPDATE_DOCS=1 cargo test -p schemalint-check --test docs`"
    );
}
