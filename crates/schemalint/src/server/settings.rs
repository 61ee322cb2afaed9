//! The editor's settings (`initializationOptions`, `workspace/didChangeConfiguration`).
//! They act like the command line's flags: they override the config file's values.

use std::time::Duration;

use schemalint_diagnostics::Severity;
use serde_json::Value;

use crate::config::Overrides;

/// How long a document must stay unchanged before it is linted (changes typed in a
/// burst are linted once).
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(20);

/// The keys the server reads.
const KEYS: &[&str] = &["profiles", "profile", "failOn", "debounceMs"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSettings {
    /// Like `--profile`: replaces the config's profiles.
    pub profiles: Option<Vec<String>>,
    /// Like `--fail-on`: findings at or above it are shown as errors.
    pub fail_on: Option<Severity>,
    pub debounce: Duration,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            profiles: None,
            fail_on: None,
            debounce: DEFAULT_DEBOUNCE,
        }
    }
}

impl ClientSettings {
    /// Reads settings given flat (`{"profiles": …}`) or under `schemalint` (as
    /// `didChangeConfiguration` usually sends them). Returns the settings that could be
    /// read and one message per value that could not (those keep their default).
    pub fn parse(value: &Value) -> (ClientSettings, Vec<String>) {
        let value = value.get("schemalint").unwrap_or(value);
        let mut settings = ClientSettings::default();
        let mut problems = Vec::new();
        let Some(map) = value.as_object() else {
            if !value.is_null() {
                problems.push(format!("settings must be an object, not `{value}`"));
            }
            return (settings, problems);
        };
        for key in map.keys().filter(|k| !KEYS.contains(&k.as_str())) {
            problems.push(format!(
                "unknown setting `{key}` (known: {})",
                KEYS.join(", ")
            ));
        }
        let profiles = match (map.get("profiles"), map.get("profile")) {
            (Some(Value::Array(items)), _) => Some(items.iter().collect::<Vec<_>>()),
            (Some(Value::String(_)), _) | (None, Some(_)) => {
                map.get("profiles").or(map.get("profile")).map(|v| vec![v])
            }
            (Some(other), _) => {
                problems.push(format!(
                    "`profiles` must be a list of profile ids, not `{other}`"
                ));
                None
            }
            (None, None) => None,
        };
        if let Some(items) = profiles {
            let known: Vec<&str> = schemalint_check::profile::builtins()
                .iter()
                .map(|p| p.id.as_str())
                .collect();
            let mut ids = Vec::new();
            for item in items {
                match item.as_str() {
                    Some(id) if known.contains(&id) => ids.push(id.to_owned()),
                    _ => problems.push(format!(
                        "unknown profile {item} (valid profiles: {})",
                        known.join(", ")
                    )),
                }
            }
            if !ids.is_empty() {
                settings.profiles = Some(ids);
            }
        }
        match map.get("failOn") {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_str().map(str::parse::<Severity>) {
                Some(Ok(severity)) => settings.fail_on = Some(severity),
                _ => problems.push(format!(
                    "`failOn` is {v}; expected \"error\", \"warning\" or \"info\""
                )),
            },
        }
        match map.get("debounceMs") {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_u64().filter(|ms| *ms <= 10_000) {
                Some(ms) => settings.debounce = Duration::from_millis(ms),
                None => problems.push(format!(
                    "`debounceMs` is {v}; expected milliseconds from 0 to 10000"
                )),
            },
        }
        (settings, problems)
    }

    /// The overrides these settings make over config files.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            profiles: self.profiles.clone(),
            fail_on: self.fail_on,
            ..Overrides::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_flat_or_nested_settings_and_reports_bad_values() {
        let (s, problems) = ClientSettings::parse(&json!({"schemalint": {
            "profiles": ["openai", "anthropic"], "failOn": "warning", "debounceMs": 0}}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            s.profiles.as_deref(),
            Some(&["openai".to_owned(), "anthropic".to_owned()][..])
        );
        assert_eq!(s.fail_on, Some(Severity::Warning));
        assert_eq!(s.debounce, Duration::ZERO);

        let (s, problems) =
            ClientSettings::parse(&json!({"profile": "nope", "failOn": 3, "colour": 1}));
        assert_eq!(s, ClientSettings::default());
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems
            .iter()
            .any(|p| p.contains("unknown setting `colour`")));
        assert!(problems
            .iter()
            .any(|p| p.contains("valid profiles: openai")));
    }
}
