use crate::engine::Cx;
use crate::envelope::TargetKind;
use crate::source::JsonPointer;

declare_rule! {
    /// ## What it does
    /// Checks the length of a function tool's `description` against the profile's limit
    /// (`limits.description_length`; Azure OpenAI: 1,024 characters).
    ///
    /// ## Why is this bad?
    /// The request is rejected. Long descriptions usually carry instructions that belong
    /// in the system message, or per-parameter details that belong in the parameters'
    /// own `description`s.
    ///
    /// ## Example
    /// A tool whose `description` pastes a 2,000-character usage guide.
    ///
    /// ## Use instead
    /// Keep the tool description to what the tool does; move parameter details into the
    /// parameter schemas and usage policy into the system message.
    ///
    /// ## Sources
    /// - Azure OpenAI function-calling page (descriptions up to 1,024 characters; quoted in public notes, `spec/providers.md` §4).
    pub(crate) static RULE = {
        id: "limit/description-length",
        severity: Error,
        summary: "A function tool's description is longer than the provider allows",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>) {
    let Some(limit) = cx.profile.limits.description_length else {
        return;
    };
    if cx.target.kind != TargetKind::Function {
        return;
    }
    // The description sits next to the function's name.
    let holder = match &cx.target.name {
        Some(name) => {
            let tokens = name.pointer.tokens();
            let parent = &tokens[..tokens.len().saturating_sub(1)];
            parent.iter().fold(JsonPointer::root(), |p, t| p.join(t))
        }
        None => return,
    };
    let ptr = holder.join("description");
    let Some(node) = cx.doc.root.pointer(ptr.as_str()) else {
        return;
    };
    let Some(text) = node.as_str() else { return };
    let length = text.chars().count();
    if length <= limit {
        return;
    }
    cx.report(&RULE, &ptr, node.span, format!("the description is {length} characters long; {} allows at most {limit}", cx.profile.provider))
        .help("keep the tool description short; move parameter details into the parameters' descriptions and usage rules into the system message")
        .var("found", length.to_string())
        .var("limit", limit.to_string());
}
