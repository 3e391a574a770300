//! `aws iam get-account-authorization-details`: users, groups, roles (trust policies, instance
//! profiles), inline and attached policies, permissions boundaries, tags, and the default
//! version of every managed policy in `Policies`. Pages of a paginated export merge; the
//! account comes from the ARNs inside.

use super::docs::document;
use super::world::{AwsDoc, Managed, Page, Principal, Put, Ref};
use super::{files, Importer, Loc};
use crate::json::{JsonNode, JsonPath, JsonValue};
use crate::policy::model::PolicyKind;
use crate::scenario::arn;

/// A string member of an object.
pub fn str_of<'a>(node: &'a JsonNode, key: &str) -> Option<&'a str> {
    node.get(key).and_then(JsonNode::as_str)
}

/// The elements of an array member (none when absent or not an array).
pub fn list_of<'a>(node: &'a JsonNode, key: &str) -> &'a [JsonNode] {
    node.get(key).and_then(JsonNode::as_array).unwrap_or(&[])
}

/// Which entity list is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    User,
    Group,
    Role,
}

impl Kind {
    fn list(self) -> &'static str {
        match self {
            Kind::User => "UserDetailList",
            Kind::Group => "GroupDetailList",
            Kind::Role => "RoleDetailList",
        }
    }
    fn name_key(self) -> &'static str {
        match self {
            Kind::User => "UserName",
            Kind::Group => "GroupName",
            Kind::Role => "RoleName",
        }
    }
    fn inline_key(self) -> &'static str {
        match self {
            Kind::User => "UserPolicyList",
            Kind::Group => "GroupPolicyList",
            Kind::Role => "RolePolicyList",
        }
    }
    fn word(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Group => "group",
            Kind::Role => "role",
        }
    }
}

/// Reads one page.
pub fn read(imp: &mut Importer, src: usize, root: &JsonNode) {
    let root_path = JsonPath::root();
    let mut page_account: Option<String> = None;
    for kind in [Kind::Group, Kind::User, Kind::Role] {
        let lp = root_path.key(kind.list());
        for (i, node) in list_of(root, kind.list()).iter().enumerate() {
            if let Some(acct) = entity(imp, src, node, &lp.index(i), kind) {
                page_account.get_or_insert(acct);
            }
        }
    }
    let pp = root_path.key("Policies");
    for (i, node) in list_of(root, "Policies").iter().enumerate() {
        if let Some(acct) = policy(imp, src, node, &pp.index(i)) {
            page_account.get_or_insert(acct);
        }
    }
    let truncated_node = root
        .get("IsTruncated")
        .filter(|n| matches!(n.value, JsonValue::Bool(true)))
        .map(|n| (n, "IsTruncated"))
        .or_else(|| root.get("NextToken").map(|n| (n, "NextToken")));
    let name = imp.name(src);
    let key = page_account
        .or_else(|| files::account_dir(&name))
        .unwrap_or(name);
    let loc = match truncated_node {
        Some((n, k)) => Loc {
            src,
            path: root_path.key(k),
            span: n.span,
        },
        None => Loc {
            src,
            path: root_path,
            span: root.span,
        },
    };
    imp.world.pages.entry(key).or_default().push(Page {
        truncated: truncated_node.is_some(),
        loc,
    });
}

/// One user, group or role; returns its account.
fn entity(
    imp: &mut Importer,
    src: usize,
    node: &JsonNode,
    path: &JsonPath,
    kind: Kind,
) -> Option<String> {
    let here = Loc {
        src,
        path: path.clone(),
        span: node.span,
    };
    let (Some(name), Some(entity_arn)) = (str_of(node, kind.name_key()), str_of(node, "Arn"))
    else {
        imp.warn(
            &here,
            "incomplete-entry",
            format!(
                "this {} entry has no `{}` or no `Arn`: it is left out",
                kind.word(),
                kind.name_key()
            ),
            None,
        );
        return None;
    };
    let Some(account) = arn::account_id(entity_arn) else {
        imp.warn(
            &here,
            "bad-arn",
            format!(
                "`{entity_arn}` is not an IAM ARN with an account id: this {} is left out",
                kind.word()
            ),
            None,
        );
        return None;
    };
    let mut p = Principal {
        name: name.to_string(),
        path: str_of(node, "Path").unwrap_or("/").to_string(),
        arn: entity_arn.to_string(),
        loc: here.clone(),
        ..Principal::default()
    };
    let ip = path.key(kind.inline_key());
    for (i, n) in list_of(node, kind.inline_key()).iter().enumerate() {
        let np = ip.index(i);
        let (Some(pname), Some(doc)) = (str_of(n, "PolicyName"), n.get("PolicyDocument")) else {
            imp.warn(
                &Loc {
                    src,
                    path: np,
                    span: n.span,
                },
                "incomplete-entry",
                "this inline policy has no `PolicyName` or no `PolicyDocument`: it is left out"
                    .into(),
                None,
            );
            continue;
        };
        if let Some(v) = document(
            imp,
            src,
            doc,
            &np.key("PolicyDocument"),
            PolicyKind::Identity,
        ) {
            p.inline.push((pname.to_string(), v));
        }
    }
    let ap = path.key("AttachedManagedPolicies");
    for (i, n) in list_of(node, "AttachedManagedPolicies").iter().enumerate() {
        if let Some(a) = n.get("PolicyArn") {
            if let Some(s) = a.as_str() {
                p.managed.push(Ref {
                    value: s.to_string(),
                    loc: Loc {
                        src,
                        path: ap.index(i).key("PolicyArn"),
                        span: a.span,
                    },
                });
            }
        }
    }
    if let Some(b) = node
        .get("PermissionsBoundary")
        .and_then(|b| b.get("PermissionsBoundaryArn"))
    {
        if let Some(s) = b.as_str() {
            p.boundary = Some(Ref {
                value: s.to_string(),
                loc: Loc {
                    src,
                    path: path
                        .key("PermissionsBoundary")
                        .key("PermissionsBoundaryArn"),
                    span: b.span,
                },
            });
        }
    }
    for t in list_of(node, "Tags") {
        if let (Some(k), Some(v)) = (str_of(t, "Key"), str_of(t, "Value")) {
            p.tags.push((k.to_string(), v.to_string()));
        }
    }
    let gp = path.key("GroupList");
    for (i, g) in list_of(node, "GroupList").iter().enumerate() {
        if let Some(s) = g.as_str() {
            p.groups.push(Ref {
                value: s.to_string(),
                loc: Loc {
                    src,
                    path: gp.index(i),
                    span: g.span,
                },
            });
        }
    }
    if kind == Kind::Role {
        let Some(trust) = node.get("AssumeRolePolicyDocument") else {
            imp.warn(
                &here,
                "incomplete-entry",
                format!("role `{name}` has no `AssumeRolePolicyDocument`: it is left out (a role without a trust policy cannot be assumed)"),
                None,
            );
            return Some(account);
        };
        p.trust = document(
            imp,
            src,
            trust,
            &path.key("AssumeRolePolicyDocument"),
            PolicyKind::Trust,
        );
        p.trust.as_ref()?;
        p.max_session = node.get("MaxSessionDuration").and_then(|n| match &n.value {
            JsonValue::Number(s) => s.parse().ok(),
            _ => None,
        });
        for ipf in list_of(node, "InstanceProfileList") {
            if let Some(a) = str_of(ipf, "Arn") {
                p.instance_profiles.push(a.to_string());
            }
        }
    }
    let key = name.to_ascii_lowercase();
    let acct = imp.world.account(&account);
    let list = match kind {
        Kind::User => &mut acct.users,
        Kind::Group => &mut acct.groups,
        Kind::Role => &mut acct.roles,
    };
    let earlier = list.get(&key).map(|old| (old.same(&p), old.loc.src));
    list.put(key, p);
    if let Some((false, first)) = earlier {
        let first = imp.name(first);
        imp.warn(
            &here,
            "conflicting-entry",
            format!(
                "{} `{name}` of account {account} is also in `{first}` with different details: this entry is used",
                kind.word()
            ),
            Some("import each page of the export once, from the same run".into()),
        );
    }
    Some(account)
}

/// One managed policy of `Policies`: its default version. Returns its account (`None` for an
/// AWS managed policy).
fn policy(imp: &mut Importer, src: usize, node: &JsonNode, path: &JsonPath) -> Option<String> {
    let here = Loc {
        src,
        path: path.clone(),
        span: node.span,
    };
    let (Some(name), Some(parn)) = (str_of(node, "PolicyName"), str_of(node, "Arn")) else {
        imp.warn(
            &here,
            "incomplete-entry",
            "this policy entry has no `PolicyName` or no `Arn`: it is left out".into(),
            None,
        );
        return None;
    };
    let default_id = str_of(node, "DefaultVersionId");
    let vp = path.key("PolicyVersionList");
    let versions = list_of(node, "PolicyVersionList");
    let default = versions
        .iter()
        .enumerate()
        .find(|(_, v)| {
            matches!(
                v.get("IsDefaultVersion").map(|b| &b.value),
                Some(JsonValue::Bool(true))
            )
        })
        .or_else(|| {
            versions
                .iter()
                .enumerate()
                .find(|(_, v)| default_id.is_some() && str_of(v, "VersionId") == default_id)
        });
    let version = default
        .and_then(|(_, v)| str_of(v, "VersionId"))
        .or(default_id)
        .unwrap_or("")
        .to_string();
    let doc = default.and_then(|(i, v)| {
        let d = v.get("Document")?;
        document(
            imp,
            src,
            d,
            &vp.index(i).key("Document"),
            PolicyKind::Identity,
        )
    });
    if parn.starts_with(crate::managed::ARN_PREFIX) {
        imp.world.aws_docs.insert(
            parn.to_string(),
            AwsDoc {
                document: doc,
                version,
                loc: here,
            },
        );
        return None;
    }
    let Some(account) = arn::account_id(parn) else {
        imp.warn(
            &here,
            "bad-arn",
            format!("`{parn}` is not a managed policy ARN: it is left out"),
            None,
        );
        return None;
    };
    let Some(document) = doc else {
        imp.warn(
            &here,
            "missing-default-version",
            format!("customer managed policy `{name}` has no default version with a `Document` in `PolicyVersionList`: it is left out"),
            Some("export with `aws iam get-account-authorization-details` (no `--filter`), which lists every version".into()),
        );
        imp.miss(format!(
            "the document of customer managed policy `{parn}` (no default version in the export)"
        ));
        return Some(account);
    };
    let m = Managed {
        name: name.to_string(),
        path: str_of(node, "Path").unwrap_or("/").to_string(),
        arn: parn.to_string(),
        document,
        loc: here.clone(),
    };
    let new_doc = m.document.clone();
    if let Put::Replaced(old) = imp
        .world
        .account(&account)
        .managed
        .put(name.to_ascii_lowercase(), m)
    {
        if old.document != new_doc || old.arn != parn {
            let first = imp.name(old.loc.src);
            imp.warn(
                &here,
                "conflicting-entry",
                format!("policy `{name}` of account {account} is also in `{first}` with a different default version: this entry is used"),
                Some("import each page of the export once, from the same run".into()),
            );
        }
    }
    Some(account)
}
