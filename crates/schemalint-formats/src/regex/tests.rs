use super::*;

#[test]
fn parse_reports_features() {
    let features = parse(r"(?<year>\d{4})-(?=\d)\k<year>(?<!x)\p{L}").unwrap();
    assert!(features.lookahead && features.lookbehind && features.backreferences);
    assert!(features.named_groups && features.unicode_property_escapes);
}
