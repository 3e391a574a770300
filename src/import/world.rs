//! What the exports hold, gathered file by file before it is written as a scenario: accounts
//! by id (users, groups, roles, customer managed policies, resources), AWS managed policy
//! documents, the organization's parts, pagination, caller identities and profiles.

use super::Loc;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Everything gathered.
#[derive(Default)]
pub struct World {
    /// Accounts by id (sorted, so the output is deterministic).
    pub accounts: BTreeMap<String, Account>,
    /// AWS managed policies an export carries, by ARN.
    pub aws_docs: BTreeMap<String, AwsDoc>,
    /// The organization's parts.
    pub org: super::org::OrgParts,
    /// `get-account-authorization-details` pages per account: whether each is truncated.
    pub pages: BTreeMap<String, Vec<Page>>,
    /// `get-caller-identity` outputs by profile name.
    pub identities: HashMap<String, CallerIdentity>,
    /// AWS config files read.
    pub profiles: Vec<super::profiles::ConfigFile>,
}

/// One page of `get-account-authorization-details`.
#[derive(Debug, Clone)]
pub struct Page {
    /// `IsTruncated: true` or a `NextToken` (the AWS CLI's `--max-items`).
    pub truncated: bool,
    /// Where (the `IsTruncated` key, or the document).
    pub loc: Loc,
}

/// An `aws sts get-caller-identity` output.
#[derive(Debug, Clone)]
pub struct CallerIdentity {
    /// `Arn`.
    pub arn: String,
    /// The file it came from.
    pub loc: Loc,
}

/// One account.
#[derive(Default)]
pub struct Account {
    /// 12 digits.
    pub id: String,
    /// Its name in the organization.
    pub name: Option<String>,
    /// Customer managed policies by name.
    pub managed: Keyed<Managed>,
    /// Users by name.
    pub users: Keyed<Principal>,
    /// Groups by name.
    pub groups: Keyed<Principal>,
    /// Roles by name.
    pub roles: Keyed<Principal>,
    /// Resources by ARN.
    pub resources: Keyed<Resource>,
}

/// Items in the order first seen, found by key; a later item with the same key replaces it.
pub struct Keyed<T> {
    /// The items.
    pub items: Vec<T>,
    index: HashMap<String, usize>,
}

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Keyed {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }
}

/// What [`Keyed::put`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Put<T> {
    /// New.
    Added,
    /// The key was taken: the old item, now replaced.
    Replaced(T),
}

impl<T> Keyed<T> {
    /// Adds `item` under `key`, replacing (and returning) an item with the same key.
    pub fn put(&mut self, key: String, item: T) -> Put<T> {
        match self.index.get(&key).copied() {
            Some(i) => match self.items.get_mut(i) {
                Some(slot) => Put::Replaced(std::mem::replace(slot, item)),
                None => Put::Added,
            },
            None => {
                self.index.insert(key, self.items.len());
                self.items.push(item);
                Put::Added
            }
        }
    }

    /// The item with `key`, added by `make` when there is none.
    pub fn entry(&mut self, key: &str, make: impl FnOnce() -> T) -> Option<&mut T> {
        let i = match self.index.get(key) {
            Some(&i) => i,
            None => {
                self.index.insert(key.to_string(), self.items.len());
                self.items.push(make());
                self.items.len() - 1
            }
        };
        self.items.get_mut(i)
    }

    /// The item with `key`.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.index.get(key).and_then(|&i| self.items.get(i))
    }

    /// How many items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A reference to another entity (a group name, a managed policy ARN), with where it was
/// written.
#[derive(Debug, Clone)]
pub struct Ref {
    /// The name or ARN.
    pub value: String,
    /// Where.
    pub loc: Loc,
}

/// A user, group or role.
#[derive(Debug, Clone, Default)]
pub struct Principal {
    /// Name.
    pub name: String,
    /// IAM path.
    pub path: String,
    /// ARN.
    pub arn: String,
    /// Groups (users).
    pub groups: Vec<Ref>,
    /// Inline policies: name and document.
    pub inline: Vec<(String, Value)>,
    /// Attached managed policy ARNs.
    pub managed: Vec<Ref>,
    /// Permissions boundary ARN.
    pub boundary: Option<Ref>,
    /// Tags in order.
    pub tags: Vec<(String, String)>,
    /// Trust policy (roles).
    pub trust: Option<Value>,
    /// `MaxSessionDuration` (roles; `get-account-authorization-details` omits it).
    pub max_session: Option<i64>,
    /// Instance profile ARNs (roles).
    pub instance_profiles: Vec<String>,
    /// Where the entry was written.
    pub loc: Loc,
}

impl Principal {
    /// Whether two entries say the same (wherever they were written).
    pub fn same(&self, o: &Principal) -> bool {
        let refs = |r: &[Ref]| r.iter().map(|x| x.value.clone()).collect::<Vec<_>>();
        self.name == o.name
            && self.path == o.path
            && refs(&self.groups) == refs(&o.groups)
            && self.inline == o.inline
            && refs(&self.managed) == refs(&o.managed)
            && self.boundary.as_ref().map(|b| &b.value) == o.boundary.as_ref().map(|b| &b.value)
            && self.tags == o.tags
            && self.trust == o.trust
            && self.max_session == o.max_session
            && self.instance_profiles == o.instance_profiles
    }
}

/// A customer managed policy (its default version).
#[derive(Debug, Clone)]
pub struct Managed {
    /// Name.
    pub name: String,
    /// IAM path.
    pub path: String,
    /// ARN.
    pub arn: String,
    /// The default version's document.
    pub document: Value,
    /// Where.
    pub loc: Loc,
}

/// A resource and its resource-based policy.
#[derive(Debug, Clone)]
pub struct Resource {
    /// ARN.
    pub arn: String,
    /// The policy, when it has one.
    pub policy: Option<Value>,
    /// Where.
    pub loc: Loc,
}

/// An AWS managed policy as an export carries it.
#[derive(Debug, Clone)]
pub struct AwsDoc {
    /// The default version's document, when the export has it.
    pub document: Option<Value>,
    /// The default version's id.
    pub version: String,
    /// Where.
    pub loc: Loc,
}

impl World {
    /// The account `id`, created when new.
    pub fn account(&mut self, id: &str) -> &mut Account {
        self.accounts
            .entry(id.to_string())
            .or_insert_with(|| Account {
                id: id.to_string(),
                ..Account::default()
            })
    }
}
