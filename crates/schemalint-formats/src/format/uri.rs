//! RFC 3986 URIs and RFC 3987 IRIs, parsed by `fluent-uri` (which validates without allocating).

use fluent_uri::{Iri, IriRef, Uri, UriRef};

/// An absolute URI (with a scheme).
pub(super) fn is_uri(value: &str) -> bool {
    Uri::<&str>::parse(value).is_ok()
}

/// A URI or a relative reference.
pub(super) fn is_uri_reference(value: &str) -> bool {
    UriRef::<&str>::parse(value).is_ok()
}

/// An absolute IRI.
pub(super) fn is_iri(value: &str) -> bool {
    Iri::<&str>::parse(value).is_ok()
}

/// An IRI or a relative IRI reference.
pub(super) fn is_iri_reference(value: &str) -> bool {
    IriRef::<&str>::parse(value).is_ok()
}
