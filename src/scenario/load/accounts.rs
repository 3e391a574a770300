//! Loading `accounts`: ids, customer managed policies, users, groups, roles and resources,
//! with IAM's naming rules, duplicate checks and inline-policy size limits. References between
//! them are resolved afterwards by `refs`.

use super::fields::{Located, Obj};
use super::policies::origin;
use super::refs::{Pending, RefKind, Target};
use super::Loader;
use crate::json::{JsonNode, JsonPath};
use crate::policy::limits::{inline_aggregate_limit, InlineOwner, MANAGED_POLICY_MAX};
use crate::policy::model::PolicyKind;
use crate::scenario::arn::{self, iam_arn, unique_id};
use crate::scenario::model::{Account, Attached, Group, ManagedPolicy, Resource, Role, User};

const ACCOUNT_FIELDS: [&str; 7] = [
    "id",
    "name",
    "managedPolicies",
    "users",
    "groups",
    "roles",
    "resources",
];
const MANAGED_FIELDS: [&str; 3] = ["name", "path", "document"];
const USER_FIELDS: [&str; 8] = [
    "name",
    "path",
    "groups",
    "inlinePolicies",
    "managedPolicies",
    "permissionsBoundary",
    "tags",
    "mfaDevices",
];
const GROUP_FIELDS: [&str; 4] = ["name", "path", "inlinePolicies", "managedPolicies"];
const ROLE_FIELDS: [&str; 9] = [
    "name",
    "path",
    "trustPolicy",
    "inlinePolicies",
    "managedPolicies",
    "permissionsBoundary",
    "tags",
    "maxSessionDuration",
    "instanceProfiles",
];
const RESOURCE_FIELDS: [&str; 3] = ["arn", "policy", "tags"];
const NAMED_POLICY_FIELDS: [&str; 2] = ["name", "document"];

/// Names already used in one namespace, compared case-insensitively as IAM does.
#[derive(Default)]
struct Names(Vec<String>);

/// Which IAM entity list is being read.
struct EntityKind<'a> {
    /// The member holding the list (`"users"`).
    key: &'a str,
    /// The fields an entry may have.
    fields: &'a [&'a str],
    /// How messages name one entry (`"a user"`).
    what: &'a str,
    /// The longest name IAM allows.
    max_name: usize,
    /// The ARN's resource type (`user`).
    arn_type: &'a str,
}

const GROUPS: EntityKind<'static> = EntityKind {
    key: "groups",
    fields: &GROUP_FIELDS,
    what: "a group",
    max_name: 128,
    arn_type: "group",
};
const USERS: EntityKind<'static> = EntityKind {
    key: "users",
    fields: &USER_FIELDS,
    what: "a user",
    max_name: 64,
    arn_type: "user",
};
const ROLES: EntityKind<'static> = EntityKind {
    key: "roles",
    fields: &ROLE_FIELDS,
    what: "a role",
    max_name: 64,
    arn_type: "role",
};

/// What every group, user and role entry starts with.
struct Entity<'n> {
    o: Obj<'n>,
    name: Located,
    ipath: String,
    arn: String,
}

impl Names {
    fn taken(&mut self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        if self.0.contains(&lower) {
            return true;
        }
        self.0.push(lower);
        false
    }
}

impl Loader<'_> {
    /// Loads every account, then resolves the references between them.
    pub fn accounts(&mut self, nodes: &[JsonNode], path: &JsonPath) -> Vec<Account> {
        let mut accounts = Vec::new();
        let mut pending = Vec::new();
        let mut ids = Names::default();
        for (i, node) in nodes.iter().enumerate() {
            let p = path.index(i);
            let Some(obj) = self.object(node, &p, &ACCOUNT_FIELDS, "an account") else {
                // Keep indexes aligned with the document's array.
                accounts.push(Account::default());
                continue;
            };
            let id = match self.req_string(&obj, "id", "an account") {
                Some(id) => {
                    if !arn::is_account_id(&id.value) {
                        self.error(
                            "bad-account-id",
                            format!("account id `{}` must be exactly 12 digits", id.value),
                            &id.path,
                            id.span,
                        );
                    } else if ids.taken(&id.value) {
                        self.error(
                            "duplicate-account",
                            format!("account `{}` is listed twice", id.value),
                            &id.path,
                            id.span,
                        );
                    }
                    id.value
                }
                None => String::new(),
            };
            let account = self.account(&obj, id, accounts.len(), &mut pending);
            accounts.push(account);
        }
        self.check_duplicate_resources(&accounts, path, nodes);
        self.resolve(&mut accounts, pending);
        accounts
    }

    fn account(
        &mut self,
        obj: &Obj<'_>,
        id: String,
        index: usize,
        pending: &mut Vec<Pending>,
    ) -> Account {
        let mut acct = Account {
            name: self.opt_string(obj, "name").map(|n| n.value),
            id,
            ..Account::default()
        };
        let mut names = Names::default();
        for (i, node) in self.opt_array(obj, "managedPolicies").iter().enumerate() {
            let p = obj.at("managedPolicies").index(i);
            let Some(o) = self.object(node, &p, &MANAGED_FIELDS, "a customer managed policy")
            else {
                continue;
            };
            let Some(name) = self.entity_name(&o, 128, "a customer managed policy", &mut names)
            else {
                continue;
            };
            let ipath = self.iam_path(&o);
            let arn = iam_arn(&acct.id, "policy", &ipath, &name.value);
            let Some(doc) = self.doc_node(&o, "document", "a customer managed policy") else {
                continue;
            };
            let dpath = o.at("document");
            let (attached, size) = self.policy(
                doc,
                &dpath,
                PolicyKind::Identity,
                origin(&dpath, name.value.clone(), Some(arn.clone()), None),
            );
            if size > MANAGED_POLICY_MAX {
                self.error(
                    "policy-too-large",
                    format!("managed policy `{}` has {size} characters (whitespace not counted); IAM allows {MANAGED_POLICY_MAX}", name.value),
                    &dpath,
                    doc.span,
                );
            }
            acct.managed_policies.push(ManagedPolicy {
                name: name.value,
                path: ipath,
                arn,
                attached,
            });
        }
        let mut names = Names::default();
        for (i, node) in self.opt_array(obj, "groups").iter().enumerate() {
            let Some(Entity { o, name, arn, .. }) =
                self.entity(node, obj, i, &GROUPS, &acct.id, &mut names)
            else {
                continue;
            };
            let target = Target::Group(index, acct.groups.len());
            let policies = self.inline_policies(&o, &arn, InlineOwner::Group);
            self.queue_refs(&o, "managedPolicies", RefKind::Managed, target, pending);
            acct.groups.push(Group {
                name: name.value,
                arn,
                policies,
            });
        }
        let mut names = Names::default();
        for (i, node) in self.opt_array(obj, "users").iter().enumerate() {
            let Some(Entity {
                o,
                name,
                ipath,
                arn,
            }) = self.entity(node, obj, i, &USERS, &acct.id, &mut names)
            else {
                continue;
            };
            let target = Target::User(index, acct.users.len());
            let policies = self.inline_policies(&o, &arn, InlineOwner::User);
            self.queue_refs(&o, "managedPolicies", RefKind::Managed, target, pending);
            self.queue_refs(&o, "groups", RefKind::Group, target, pending);
            self.queue_boundary(&o, target, pending);
            let tags = self.tags(&o, "tags");
            let mut mfa_devices = Vec::new();
            for d in self.string_array(&o, "mfaDevices") {
                match arn::parse(&d.value) {
                    Some(a) if a.service == "iam" && a.resource.starts_with("mfa/") => {
                        if a.account != acct.id {
                            self.warning(
                                "mfa-device-account",
                                format!("MFA device `{}` is not in account {}", d.value, acct.id),
                                &d.path,
                                d.span,
                            );
                        }
                    }
                    _ => self.error_help(
                        "bad-mfa-device",
                        format!("`{}` is not an MFA device ARN", d.value),
                        Some(format!(
                            "write it like `arn:aws:iam::{}:mfa/{}`",
                            acct.id, name.value
                        )),
                        &d.path,
                        d.span,
                    ),
                }
                mfa_devices.push(d.value);
            }
            acct.users.push(User {
                unique_id: unique_id("AIDA", &arn),
                name: name.value,
                path: ipath,
                arn,
                groups: Vec::new(),
                policies,
                boundary: None,
                tags,
                mfa_devices,
            });
        }
        let mut names = Names::default();
        for (i, node) in self.opt_array(obj, "roles").iter().enumerate() {
            let Some(Entity {
                o,
                name,
                ipath,
                arn,
            }) = self.entity(node, obj, i, &ROLES, &acct.id, &mut names)
            else {
                continue;
            };
            let target = Target::Role(index, acct.roles.len());
            let trust = self.doc_node(&o, "trustPolicy", "a role").map(|doc| {
                let tp = o.at("trustPolicy");
                self.policy(
                    doc,
                    &tp,
                    PolicyKind::Trust,
                    origin(
                        &tp,
                        format!("trust policy of role {}", name.value),
                        None,
                        Some(arn.clone()),
                    ),
                )
                .0
            });
            let policies = self.inline_policies(&o, &arn, InlineOwner::Role);
            self.queue_refs(&o, "managedPolicies", RefKind::Managed, target, pending);
            self.queue_boundary(&o, target, pending);
            let tags = self.tags(&o, "tags");
            let max = match self.opt_int(&o, "maxSessionDuration") {
                Some((v, span)) => {
                    if !(3600..=43_200).contains(&v) {
                        self.error(
                            "bad-max-session-duration",
                            format!("`maxSessionDuration` must be 3600 to 43200 seconds (1 to 12 hours), found {v}"),
                            &o.at("maxSessionDuration"),
                            span,
                        );
                    }
                    v
                }
                None => 3600,
            };
            let instance_profiles = self.instance_profiles(&o, &acct.id);
            acct.roles.push(Role {
                unique_id: unique_id("AROA", &arn),
                name: name.value,
                path: ipath,
                arn,
                trust,
                policies,
                boundary: None,
                tags,
                max_session_duration: max,
                instance_profiles,
            });
        }
        for (i, node) in self.opt_array(obj, "resources").iter().enumerate() {
            let p = obj.at("resources").index(i);
            let Some(o) = self.object(node, &p, &RESOURCE_FIELDS, "a resource") else {
                continue;
            };
            let Some(rarn) = self.req_string(&o, "arn", "a resource") else {
                continue;
            };
            match arn::parse(&rarn.value) {
                None => self.error_help(
                    "bad-arn",
                    format!("`{}` is not an ARN", rarn.value),
                    Some("write it like `arn:aws:s3:::bucket-name`".into()),
                    &rarn.path,
                    rarn.span,
                ),
                Some(a) if !a.account.is_empty() && a.account != "aws" && a.account != acct.id => {
                    self.error_help(
                        "resource-account-mismatch",
                        format!(
                            "`{}` belongs to account {} by its ARN, not to {}",
                            rarn.value, a.account, acct.id
                        ),
                        Some(format!("list it under account {}", a.account)),
                        &rarn.path,
                        rarn.span,
                    )
                }
                Some(_) => {}
            }
            let policy = o
                .get("policy")
                .filter(|n| !matches!(n.value, crate::json::JsonValue::Null))
                .map(|doc| {
                    let pp = o.at("policy");
                    self.policy(
                        doc,
                        &pp,
                        PolicyKind::Resource,
                        origin(
                            &pp,
                            format!("resource-based policy of {}", rarn.value),
                            None,
                            Some(rarn.value.clone()),
                        ),
                    )
                    .0
                });
            let tags = self.tags(&o, "tags");
            acct.resources.push(Resource {
                arn: rarn.value,
                policy,
                tags,
            });
        }
        acct
    }

    /// `instanceProfiles` of a role: instance profile ARNs of the role's own account.
    fn instance_profiles(&mut self, o: &Obj<'_>, account_id: &str) -> Vec<String> {
        let mut out = Vec::new();
        for p in self.string_array(o, "instanceProfiles") {
            let ok = arn::parse(&p.value).is_some_and(|a| {
                a.service == "iam"
                    && a.region.is_empty()
                    && a.account == account_id
                    && a.resource.len() > "instance-profile/".len()
                    && a.resource.starts_with("instance-profile/")
            });
            if !ok {
                self.error_help(
                    "bad-instance-profile",
                    format!(
                        "`{}` is not an instance profile ARN of account {account_id}",
                        p.value
                    ),
                    Some(format!(
                        "write it like `arn:aws:iam::{account_id}:instance-profile/NAME`"
                    )),
                    &p.path,
                    p.span,
                );
            } else if out.contains(&p.value) {
                self.error(
                    "duplicate-instance-profile",
                    format!("instance profile `{}` is listed twice", p.value),
                    &p.path,
                    p.span,
                );
            }
            out.push(p.value);
        }
        out
    }

    /// A required policy document member.
    fn doc_node<'n>(&mut self, o: &Obj<'n>, key: &str, what: &str) -> Option<&'n JsonNode> {
        let node = o.get(key);
        if node.is_none() {
            self.error(
                "missing-field",
                format!("{what} needs a `{key}`"),
                &o.path,
                o.span,
            );
        }
        node
    }

    /// The head of one group, user or role entry (`node`, entry `i` of `parent`'s
    /// `kind.key`): its object, valid unique name, path and ARN.
    fn entity<'n>(
        &mut self,
        node: &'n JsonNode,
        parent: &Obj<'_>,
        i: usize,
        kind: &EntityKind<'_>,
        account_id: &str,
        names: &mut Names,
    ) -> Option<Entity<'n>> {
        let p = parent.at(kind.key).index(i);
        let o = self.object(node, &p, kind.fields, kind.what)?;
        let name = self.entity_name(&o, kind.max_name, kind.what, names)?;
        let ipath = self.iam_path(&o);
        let arn = iam_arn(account_id, kind.arn_type, &ipath, &name.value);
        Some(Entity {
            o,
            name,
            ipath,
            arn,
        })
    }

    /// Queues the `permissionsBoundary` reference of a user or role.
    fn queue_boundary(&mut self, o: &Obj<'_>, target: Target, pending: &mut Vec<Pending>) {
        if let Some(b) = self.opt_string(o, "permissionsBoundary") {
            pending.push(Pending {
                target,
                kind: RefKind::Boundary,
                r: b,
            });
        }
    }

    /// The `name` of an IAM entity: required, IAM's characters, at most `max` long, unique
    /// (case-insensitively) in its namespace.
    fn entity_name(
        &mut self,
        o: &Obj<'_>,
        max: usize,
        what: &str,
        names: &mut Names,
    ) -> Option<Located> {
        let name = self.req_string(o, "name", what)?;
        let len = name.value.chars().count();
        let ok_chars = name
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
        if len == 0 || len > max || !ok_chars {
            self.error_help(
                "bad-name",
                format!("`{}` is not a valid name for {what}", name.value),
                Some(format!("use 1 to {max} letters, digits and `+=,.@_-`")),
                &name.path,
                name.span,
            );
        } else if names.taken(&name.value) {
            self.error(
                "duplicate-name",
                format!("{what} named `{}` already exists in this account (names compare case-insensitively)", name.value),
                &name.path,
                name.span,
            );
        }
        Some(name)
    }

    /// The `path` of an IAM entity, `/` by default; must start and end with `/`.
    fn iam_path(&mut self, o: &Obj<'_>) -> String {
        let Some(p) = self.opt_string(o, "path") else {
            return "/".to_string();
        };
        let ok = p.value.starts_with('/')
            && p.value.ends_with('/')
            && p.value.len() <= 512
            && p.value.chars().all(|c| ('!'..='~').contains(&c));
        if !ok {
            self.error_help(
                "bad-path",
                format!("`{}` is not a valid IAM path", p.value),
                Some("a path starts and ends with `/`, e.g. `/service-role/`".into()),
                &p.path,
                p.span,
            );
        }
        p.value
    }

    /// `inlinePolicies` of a user, group or role: unique names, their aggregate size limit.
    fn inline_policies(
        &mut self,
        o: &Obj<'_>,
        owner_arn: &str,
        owner: InlineOwner,
    ) -> Vec<Attached> {
        let mut out = Vec::new();
        let mut names = Names::default();
        let mut total = 0usize;
        let list_path = o.at("inlinePolicies");
        let items = self.opt_array(o, "inlinePolicies");
        for (i, node) in items.iter().enumerate() {
            let p = list_path.index(i);
            let Some(po) = self.object(node, &p, &NAMED_POLICY_FIELDS, "an inline policy") else {
                continue;
            };
            let Some(name) = self.entity_name(&po, 128, "an inline policy", &mut names) else {
                continue;
            };
            let Some(doc) = self.doc_node(&po, "document", "an inline policy") else {
                continue;
            };
            let dp = po.at("document");
            let (attached, size) = self.policy(
                doc,
                &dp,
                PolicyKind::Identity,
                origin(&dp, name.value, None, Some(owner_arn.to_string())),
            );
            total += size;
            out.push(attached);
        }
        let limit = inline_aggregate_limit(owner);
        if total > limit {
            if let Some(node) = o.get("inlinePolicies") {
                self.error(
                    "inline-policies-too-large",
                    format!("the inline policies of `{owner_arn}` add up to {total} characters (whitespace not counted); IAM allows {limit}"),
                    &list_path,
                    node.span,
                );
            }
        }
        out
    }

    fn queue_refs(
        &mut self,
        o: &Obj<'_>,
        key: &str,
        kind: RefKind,
        target: Target,
        pending: &mut Vec<Pending>,
    ) {
        for r in self.string_array(o, key) {
            pending.push(Pending { target, kind, r });
        }
    }

    /// A resource listed twice (in one account or two) is an error.
    fn check_duplicate_resources(
        &mut self,
        accounts: &[Account],
        path: &JsonPath,
        nodes: &[JsonNode],
    ) {
        let mut seen: Vec<&str> = Vec::new();
        for (ai, acct) in accounts.iter().enumerate() {
            for (ri, r) in acct.resources.iter().enumerate() {
                if seen.contains(&r.arn.as_str()) {
                    let p = path.index(ai).key("resources").index(ri).key("arn");
                    let span = nodes
                        .get(ai)
                        .and_then(|n| n.get("resources"))
                        .and_then(|n| n.as_array())
                        .and_then(|a| a.get(ri))
                        .and_then(|n| n.get("arn"))
                        .map(|n| n.span)
                        .unwrap_or_default();
                    self.error(
                        "duplicate-resource",
                        format!("resource `{}` is listed twice", r.arn),
                        &p,
                        span,
                    );
                } else {
                    seen.push(&r.arn);
                }
            }
        }
    }
}
