use super::check;

#[test]
fn unknown_formats_are_none() {
    assert_eq!(check("color", "red"), None);
    assert_eq!(check("", ""), None);
}
