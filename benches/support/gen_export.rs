//! A deterministic generator of AWS account exports at real sizes, for the what-if benchmarks.
//!
//! It writes the folder layout the importer reads, each file shaped as the AWS CLI prints the
//! command's output (JSON, 4-space indent):
//!
//! ```text
//! OUT/ACCOUNT_ID/authorization-details.json                 aws iam get-account-authorization-details
//! OUT/ACCOUNT_ID/resource-policies/s3/<pct-encoded ARN>.json    aws s3api get-bucket-policy
//! OUT/ACCOUNT_ID/resource-policies/kms/<pct-encoded ARN>.json   aws kms get-key-policy
//! OUT/ACCOUNT_ID/resource-policies/sqs/<pct-encoded ARN>.json   aws sqs get-queue-attributes --attribute-names Policy
//! OUT/organization/describe-organization.json, list-roots.json
//! OUT/organization/ous-for-parent/<PARENT_ID>.json, accounts-for-parent/<PARENT_ID>.json
//! OUT/organization/list-policies.SERVICE_CONTROL_POLICY.json
//! OUT/organization/policy/<POLICY_ID>.json, targets-for-policy/<POLICY_ID>.json
//! ```
//!
//! The world has the shape of a real organization, because who-can cost depends on it: a
//! management account, an identity account holding most people (users in groups that may assume
//! `access/*` roles elsewhere, some only with MFA), a tooling account whose CI role assumes
//! deployer roles with an ExternalId, and Prod/Dev/Sandbox workload accounts whose roles are
//! mostly trusted by services (Lambda, ECS tasks, EC2), some by the identity account, by named
//! users, by their own account root, by a vendor with an ExternalId, or by a SAML provider.
//! Customer managed policies mix named resources (S3 buckets and objects, DynamoDB tables, SQS
//! queues, KMS keys), wildcards (`s3:Get*`, `ec2:Describe*`), `sts:AssumeRole` on role ARN
//! patterns, denies and tag conditions; some have several versions. AWS managed attachments use
//! the policies the project ships (their documents come from `iam_playground::managed`). About
//! one document in twenty is URL-encoded, as the raw IAM API returns it. A few buckets, keys and
//! queues have resource policies; the organization has SCPs at the root, OUs and accounts.
//!
//! Everything is derived from one seed with a small LCG of our own, so the same sizes give the
//! same bytes. [`Sizes::scaled`] scales the full size (5,000 roles, 2,000 users, 300 groups,
//! 3,000 customer managed policies, 20 accounts) by one factor.

use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The seed every benchmark and test uses.
pub const SEED: u64 = 0x1a3b_5c7d_2024_0008;

/// How many of each thing to generate (totals over the whole organization).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Accounts in the organization (at least 4: management, identity, tooling, one prod).
    pub accounts: usize,
    /// IAM roles.
    pub roles: usize,
    /// IAM users.
    pub users: usize,
    /// IAM groups.
    pub groups: usize,
    /// Customer managed policies.
    pub policies: usize,
}

impl Sizes {
    /// The full size of issue 8: 5,000 roles, 2,000 users, 300 groups, 3,000 customer managed
    /// policies in 20 accounts.
    pub const FULL: Sizes = Sizes {
        accounts: 20,
        roles: 5000,
        users: 2000,
        groups: 300,
        policies: 3000,
    };

    /// The full size times `f` (each count at least 1; accounts grow with the square root of
    /// `f`, between 4 and 20).
    pub fn scaled(f: f64) -> Sizes {
        let f = if f.is_finite() && f > 0.0 { f } else { 0.0 };
        let n = |full: usize| ((full as f64 * f).round() as usize).max(1);
        let accounts = ((20.0 * f.sqrt()).round() as usize).clamp(4, 20);
        Sizes {
            accounts,
            roles: n(Sizes::FULL.roles),
            users: n(Sizes::FULL.users),
            groups: n(Sizes::FULL.groups),
            policies: n(Sizes::FULL.policies),
        }
    }

    /// Users and roles: the principals a who-can query considers before sessions.
    pub fn principals(&self) -> usize {
        self.roles + self.users
    }
}

/// One generated file: its path relative to the output folder (`/`-separated) and its text.
#[derive(Debug, Clone)]
pub struct ExportFile {
    /// e.g. `123456789012/authorization-details.json`.
    pub path: String,
    /// The JSON text, as the AWS CLI prints it.
    pub text: String,
}

/// What was generated, and the resources the benchmarks query.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Account ids, management first.
    pub accounts: Vec<String>,
    /// The management account.
    pub management_account: String,
    /// The account holding most users and groups.
    pub identity_account: String,
    /// IAM roles generated.
    pub roles: usize,
    /// IAM users generated.
    pub users: usize,
    /// IAM groups generated.
    pub groups: usize,
    /// Customer managed policies generated.
    pub customer_policies: usize,
    /// Attachments of AWS managed policies (to users, groups and roles).
    pub aws_managed_attachments: usize,
    /// Distinct AWS managed policies attached anywhere.
    pub aws_managed_policies: usize,
    /// Bucket, key and queue policies written under `resource-policies/`.
    pub resource_policies: usize,
    /// Service control policies (including `FullAWSAccess`).
    pub scps: usize,
    /// Policy documents written URL-encoded (as the raw IAM API returns them).
    pub url_encoded_documents: usize,
    /// An object in the shared artifacts bucket (which has a bucket policy): the `s3:GetObject` probe.
    pub probe_object: String,
    /// That bucket's ARN.
    pub probe_bucket: String,
    /// The first production account's `access/Admin` role: the `sts:AssumeRole` probe.
    pub probe_role: String,
}

/// A generated export: the files and what they hold.
#[derive(Debug, Clone)]
pub struct Export {
    /// Every file, in a stable order.
    pub files: Vec<ExportFile>,
    /// Counts and probe resources.
    pub summary: Summary,
}

impl Export {
    /// Total bytes of all files.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.text.len() as u64).sum()
    }

    /// Writes every file under `dir` (created if missing).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        for f in &self.files {
            let path = dir.join(&f.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, &f.text)?;
        }
        Ok(())
    }
}

/// Every regular file under `dir`, as (path relative to `dir` with `/`, text), sorted by path.
pub fn read_folder(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let p = entry?.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap_or(&p);
                let name = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((name, std::fs::read_to_string(&p)?));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Percent-encodes everything but RFC 3986's unreserved characters (as file names of ARNs, and
/// as IAM URL-encodes policy documents).
pub fn pct_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Generates the export for `sizes` from `seed`.
pub fn generate(sizes: &Sizes, seed: u64) -> Export {
    Gen::new(sizes, seed).run()
}

// ---------------------------------------------------------------------------------------------
// Randomness: a 64-bit LCG (Knuth's MMIX constants), high bits out.

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 32
    }
    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
    fn pick<T: Copy>(&mut self, xs: &[T], fallback: T) -> T {
        let i = self.below(xs.len());
        xs.get(i).copied().unwrap_or(fallback)
    }
    fn id(&mut self, prefix: &str, len: usize, alphabet: &[u8]) -> String {
        let mut s = String::from(prefix);
        for _ in 0..len {
            let i = self.below(alphabet.len());
            s.push(alphabet.get(i).copied().unwrap_or(b'X') as char);
        }
        s
    }
    fn iam_id(&mut self, prefix: &str) -> String {
        self.id(prefix, 17, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    }
    fn lower(&mut self, prefix: &str, len: usize) -> String {
        self.id(prefix, len, b"abcdefghijklmnopqrstuvwxyz0123456789")
    }
    fn date(&mut self) -> String {
        format!(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
            2017 + self.below(8),
            1 + self.below(12),
            1 + self.below(28),
            self.below(24),
            self.below(60),
            self.below(60)
        )
    }
    fn uuid(&mut self) -> String {
        let h = |r: &mut Lcg, n: usize| r.id("", n, b"0123456789abcdef");
        let (a, b, c, d, e) = (h(self, 8), h(self, 4), h(self, 4), h(self, 4), h(self, 12));
        format!("{a}-{b}-{c}-{d}-{e}")
    }
}

// ---------------------------------------------------------------------------------------------
// Output shapes, field order as the AWS CLI prints them.

const VERSION: &str = "2012-10-17";
const REGION: &str = "eu-west-1";

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
struct Doc {
    version: &'static str,
    statement: Vec<Stmt>,
}

#[derive(Serialize, Clone, Default)]
#[serde(rename_all = "PascalCase")]
struct Stmt {
    #[serde(skip_serializing_if = "Option::is_none")]
    sid: Option<String>,
    effect: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    principal: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    not_action: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<Value>,
}

fn one_or_many(xs: Vec<String>) -> Value {
    if xs.len() == 1 {
        xs.into_iter()
            .next()
            .map(Value::String)
            .unwrap_or(Value::Null)
    } else {
        Value::Array(xs.into_iter().map(Value::String).collect())
    }
}

fn strs(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

fn allow(sid: &str, actions: &[&str], resources: Vec<String>) -> Stmt {
    Stmt {
        sid: (!sid.is_empty()).then(|| sid.to_string()),
        effect: "Allow",
        action: Some(one_or_many(strs(actions))),
        resource: Some(one_or_many(resources)),
        ..Stmt::default()
    }
}

fn deny(sid: &str, actions: &[&str], resources: Vec<String>) -> Stmt {
    Stmt {
        effect: "Deny",
        ..allow(sid, actions, resources)
    }
}

fn with_condition(mut s: Stmt, c: Value) -> Stmt {
    s.condition = Some(c);
    s
}

fn doc(statement: Vec<Stmt>) -> Doc {
    Doc {
        version: VERSION,
        statement,
    }
}

/// A policy document as the export carries it: an object (the CLI decodes it) or the raw API's
/// URL-encoded string.
#[derive(Serialize, Clone)]
#[serde(untagged)]
enum DocOut {
    Object(Doc),
    Encoded(String),
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AuthorizationDetails {
    user_detail_list: Vec<User>,
    group_detail_list: Vec<Group>,
    role_detail_list: Vec<Role>,
    policies: Vec<ManagedPolicy>,
    is_truncated: bool,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
struct InlinePolicy {
    policy_name: String,
    policy_document: DocOut,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
struct Attached {
    policy_name: String,
    policy_arn: String,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
struct Boundary {
    permissions_boundary_type: &'static str,
    permissions_boundary_arn: String,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
struct Tag {
    key: String,
    value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct User {
    path: String,
    user_name: String,
    user_id: String,
    arn: String,
    create_date: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    user_policy_list: Vec<InlinePolicy>,
    group_list: Vec<String>,
    attached_managed_policies: Vec<Attached>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permissions_boundary: Option<Boundary>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Group {
    path: String,
    group_name: String,
    group_id: String,
    arn: String,
    create_date: String,
    group_policy_list: Vec<InlinePolicy>,
    attached_managed_policies: Vec<Attached>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "PascalCase")]
struct RoleSummary {
    path: String,
    role_name: String,
    role_id: String,
    arn: String,
    create_date: String,
    assume_role_policy_document: DocOut,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceProfile {
    path: String,
    instance_profile_name: String,
    instance_profile_id: String,
    arn: String,
    create_date: String,
    roles: Vec<RoleSummary>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Role {
    path: String,
    role_name: String,
    role_id: String,
    arn: String,
    create_date: String,
    assume_role_policy_document: DocOut,
    instance_profile_list: Vec<InstanceProfile>,
    role_policy_list: Vec<InlinePolicy>,
    attached_managed_policies: Vec<Attached>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permissions_boundary: Option<Boundary>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Tag>,
    role_last_used: Value,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyVersion {
    document: Value,
    version_id: String,
    is_default_version: bool,
    create_date: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ManagedPolicy {
    policy_name: String,
    policy_id: String,
    arn: String,
    path: String,
    default_version_id: String,
    attachment_count: usize,
    permissions_boundary_usage_count: usize,
    is_attachable: bool,
    create_date: String,
    update_date: String,
    policy_version_list: Vec<PolicyVersion>,
}

/// Pretty JSON with the AWS CLI's 4-space indent and a final newline.
fn cli_json<T: Serialize>(value: &T) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if value.serialize(&mut ser).is_err() {
        return String::from("{}\n");
    }
    let mut s = String::from_utf8(buf).unwrap_or_default();
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------------------------
// The world.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Management,
    Identity,
    Tooling,
    LogArchive,
    Prod,
    Dev,
    Sandbox,
}

impl Kind {
    fn role_weight(self) -> usize {
        match self {
            Kind::Management => 2,
            Kind::Identity => 3,
            Kind::Tooling => 4,
            Kind::LogArchive => 1,
            Kind::Prod => 6,
            Kind::Dev => 5,
            Kind::Sandbox => 2,
        }
    }
    fn policy_weight(self) -> usize {
        match self {
            Kind::Identity => 6,
            k => k.role_weight(),
        }
    }
    fn workload(self) -> bool {
        matches!(self, Kind::Prod | Kind::Dev | Kind::Sandbox)
    }
}

const APPS: [&str; 16] = [
    "payments",
    "orders",
    "catalog",
    "search",
    "analytics",
    "billing",
    "shipping",
    "notifications",
    "reporting",
    "ml",
    "datalake",
    "checkout",
    "inventory",
    "pricing",
    "accounts",
    "media",
];
const TEAMS: [&str; 12] = [
    "platform", "data", "web", "mobile", "sre", "security", "finance", "growth", "core", "infra",
    "qa", "support",
];
const FIRST: [&str; 24] = [
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yasmin", "zoe",
    "omar", "lena", "kenji",
];
const LAST: [&str; 20] = [
    "smith", "jones", "garcia", "miller", "davis", "lopez", "wilson", "anderson", "thomas",
    "moore", "martin", "lee", "perez", "white", "harris", "clark", "lewis", "young", "king",
    "wright",
];
const PURPOSES: [&str; 10] = [
    "api", "worker", "ingest", "etl", "sync", "cron", "export", "resize", "indexer", "webhook",
];
const VENDOR_ACCOUNT: &str = "464622532012";

struct Account {
    id: String,
    name: String,
    kind: Kind,
    app: &'static str,
    buckets: Vec<String>,
    tables: Vec<String>,
    queues: Vec<String>,
    keys: Vec<String>,
    policies: Vec<ManagedPolicy>,
    boundary: Option<usize>,
    groups: Vec<Group>,
    users: Vec<User>,
    roles: Vec<Role>,
    aws_managed: BTreeMap<&'static str, usize>,
    resource_files: Vec<ExportFile>,
}

impl Account {
    fn iam(&self, what: &str) -> String {
        format!("arn:aws:iam::{}:{what}", self.id)
    }
}

struct Gen {
    sizes: Sizes,
    rng: Lcg,
    accounts: Vec<Account>,
    summary: Summary,
    org_id: String,
    root_id: String,
}

/// Splits `total` in proportion to `weights` (largest remainder; ties to the earlier index).
fn distribute(total: usize, weights: &[usize]) -> Vec<usize> {
    let sum: usize = weights.iter().sum::<usize>().max(1);
    let mut out: Vec<usize> = weights.iter().map(|w| total * w / sum).collect();
    let mut rest = total - out.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| {
        let w = weights.get(i).copied().unwrap_or(0);
        std::cmp::Reverse((total * w) % sum)
    });
    for i in order.into_iter().cycle() {
        if rest == 0 {
            break;
        }
        if let Some(v) = out.get_mut(i) {
            *v += 1;
            rest -= 1;
        }
    }
    out
}

impl Gen {
    fn new(sizes: &Sizes, seed: u64) -> Gen {
        let mut sizes = *sizes;
        sizes.accounts = sizes.accounts.max(4);
        let mut rng = Lcg(seed);
        let mut accounts = Vec::new();
        let mut ids = std::collections::BTreeSet::new();
        let workload_cycle = [Kind::Dev, Kind::Prod, Kind::Sandbox, Kind::Prod, Kind::Dev];
        for i in 0..sizes.accounts {
            let kind = match i {
                0 => Kind::Management,
                1 => Kind::Identity,
                2 => Kind::Tooling,
                3 => Kind::Prod,
                4 => Kind::LogArchive,
                n => workload_cycle
                    .get((n - 5) % workload_cycle.len())
                    .copied()
                    .unwrap_or(Kind::Dev),
            };
            let mut id = String::new();
            while id.is_empty() || !ids.insert(id.clone()) {
                id = format!(
                    "{}",
                    100_000_000_000 + ((rng.next() << 32) | rng.next()) % 899_999_999_999
                );
            }
            let app = APPS.get(i % APPS.len()).copied().unwrap_or("app");
            let name = match kind {
                Kind::Management => "management".to_string(),
                Kind::Identity => "identity".to_string(),
                Kind::Tooling => "tooling".to_string(),
                Kind::LogArchive => "log-archive".to_string(),
                Kind::Prod => format!("prod-{app}"),
                Kind::Dev => format!("dev-{app}"),
                Kind::Sandbox => format!("sandbox-{app}"),
            };
            accounts.push(Account {
                id,
                name,
                kind,
                app,
                buckets: Vec::new(),
                tables: Vec::new(),
                queues: Vec::new(),
                keys: Vec::new(),
                policies: Vec::new(),
                boundary: None,
                groups: Vec::new(),
                users: Vec::new(),
                roles: Vec::new(),
                aws_managed: BTreeMap::new(),
                resource_files: Vec::new(),
            });
        }
        let org_id = rng.lower("o-", 10);
        let root_id = rng.lower("r-", 4);
        Gen {
            sizes,
            rng,
            accounts,
            summary: Summary::default(),
            org_id,
            root_id,
        }
    }

    fn acct_id(&self, i: usize) -> String {
        self.accounts
            .get(i)
            .map(|a| a.id.clone())
            .unwrap_or_default()
    }

    fn ids_of(&self, kinds: &[Kind]) -> Vec<String> {
        self.accounts
            .iter()
            .filter(|a| kinds.contains(&a.kind))
            .map(|a| a.id.clone())
            .collect()
    }

    /// Wraps a document: URL-encoded about one time in twenty.
    fn doc_out(&mut self, d: Doc) -> DocOut {
        if self.rng.chance(5) {
            self.summary.url_encoded_documents += 1;
            let text = serde_json::to_string(&d).unwrap_or_default();
            DocOut::Encoded(pct_encode(&text))
        } else {
            DocOut::Object(d)
        }
    }

    fn run(mut self) -> Export {
        self.resources();
        let n = self.accounts.len();
        let weights: Vec<usize> = self
            .accounts
            .iter()
            .map(|a| a.kind.policy_weight())
            .collect();
        let policies = distribute(self.sizes.policies, &weights);
        for (i, count) in policies.into_iter().enumerate() {
            self.customer_policies(i, count);
        }
        let mut group_w = vec![1; n];
        let mut user_w = vec![1; n];
        if let Some(w) = group_w.get_mut(1) {
            *w = 4 * n;
        }
        if let Some(w) = user_w.get_mut(1) {
            *w = 6 * n;
        }
        for (i, count) in distribute(self.sizes.groups, &group_w)
            .into_iter()
            .enumerate()
        {
            self.groups(i, count);
        }
        for (i, count) in distribute(self.sizes.users, &user_w)
            .into_iter()
            .enumerate()
        {
            self.users(i, count);
        }
        let weights: Vec<usize> = self.accounts.iter().map(|a| a.kind.role_weight()).collect();
        let mut roles = distribute(self.sizes.roles, &weights);
        // The probe role lives in the first prod account (index 3): make sure it has one.
        if roles.get(3) == Some(&0) {
            if let Some(max) = (0..n).max_by_key(|&i| roles.get(i).copied().unwrap_or(0)) {
                if let Some(v) = roles.get_mut(max) {
                    *v = v.saturating_sub(1);
                }
                if let Some(v) = roles.get_mut(3) {
                    *v += 1;
                }
            }
        }
        for (i, count) in roles.into_iter().enumerate() {
            self.roles(i, count);
        }
        self.finish()
    }

    // -- resources ------------------------------------------------------------------------------

    fn resources(&mut self) {
        let per_account = (self.sizes.roles / self.accounts.len().max(1) / 5).clamp(2, 60);
        for a in self.accounts.iter_mut() {
            for k in 0..per_account {
                let purpose = ["data", "logs", "artifacts", "exports", "uploads"]
                    .get(k % 5)
                    .copied()
                    .unwrap_or("data");
                a.buckets
                    .push(format!("arn:aws:s3:::{}-{}-{}-{k}", a.name, a.id, purpose));
                a.tables.push(format!(
                    "arn:aws:dynamodb:{REGION}:{}:table/{}-{}",
                    a.id,
                    a.app,
                    PURPOSES.get(k % PURPOSES.len()).copied().unwrap_or("t")
                ));
                a.queues.push(format!(
                    "arn:aws:sqs:{REGION}:{}:{}-{}-{k}",
                    a.id,
                    a.app,
                    PURPOSES.get(k % PURPOSES.len()).copied().unwrap_or("q")
                ));
            }
            for _ in 0..per_account.div_ceil(4) {
                let uuid = self.rng.uuid();
                a.keys
                    .push(format!("arn:aws:kms:{REGION}:{}:key/{uuid}", a.id));
            }
        }
        let prod = self.acct_id(3);
        let prod_name = self
            .accounts
            .get(3)
            .map(|a| a.name.clone())
            .unwrap_or_default();
        let bucket = format!("arn:aws:s3:::{prod_name}-shared-artifacts");
        if let Some(a) = self.accounts.get_mut(3) {
            a.buckets.insert(0, bucket.clone());
        }
        self.summary.probe_bucket = bucket.clone();
        self.summary.probe_object = format!("{bucket}/releases/app-1.4.2.zip");
        self.summary.probe_role = format!("arn:aws:iam::{prod}:role/access/Admin");
    }

    // -- customer managed policies --------------------------------------------------------------

    fn customer_policies(&mut self, ai: usize, count: usize) {
        let kind = match self.accounts.get(ai) {
            Some(a) => a.kind,
            None => return,
        };
        let mut made = 0;
        if matches!(kind, Kind::Dev | Kind::Sandbox) && count > 0 {
            let d = doc(vec![
                allow(
                    "AllowMostServices",
                    &[
                        "s3:*",
                        "dynamodb:*",
                        "sqs:*",
                        "lambda:*",
                        "logs:*",
                        "cloudwatch:*",
                        "ec2:Describe*",
                    ],
                    vec!["*".into()],
                ),
                deny(
                    "DenyIamChanges",
                    &["iam:Create*", "iam:Put*", "iam:Attach*", "iam:Delete*"],
                    vec!["*".into()],
                ),
            ]);
            self.push_policy(ai, "DeveloperBoundary", "/boundaries/", vec![d]);
            if let Some(a) = self.accounts.get_mut(ai) {
                a.boundary = Some(0);
            }
            made += 1;
        }
        while made < count {
            let (name, path, versions) = self.policy_template(ai, made);
            self.push_policy(ai, &name, &path, versions);
            made += 1;
        }
    }

    fn policy_template(&mut self, ai: usize, n: usize) -> (String, String, Vec<Doc>) {
        let shared_object = format!("{}/*", self.summary.probe_bucket);
        let prod_ids = self.ids_of(&[Kind::Prod]);
        let Some(a) = self.accounts.get(ai) else {
            return (format!("policy-{n}"), "/".into(), vec![doc(vec![])]);
        };
        let (id, app, kind) = (a.id.clone(), a.app, a.kind);
        let (buckets, tables, queues, keys) = (
            a.buckets.clone(),
            a.tables.clone(),
            a.queues.clone(),
            a.keys.clone(),
        );
        let r = &mut self.rng;
        let purpose = r.pick(&PURPOSES, "api");
        let team = r.pick(&TEAMS, "core");
        let roll = r.below(100);
        let (name, path, mut stmts) = if roll < 45 {
            // Application data access on named resources.
            let b = r
                .pick(&buckets.iter().map(String::as_str).collect::<Vec<_>>(), "*")
                .to_string();
            let t = r
                .pick(&tables.iter().map(String::as_str).collect::<Vec<_>>(), "*")
                .to_string();
            let q = r
                .pick(&queues.iter().map(String::as_str).collect::<Vec<_>>(), "*")
                .to_string();
            let k = r
                .pick(&keys.iter().map(String::as_str).collect::<Vec<_>>(), "*")
                .to_string();
            let mut s = vec![
                allow(
                    "ReadWriteObjects",
                    &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                    vec![format!("{b}/{purpose}/*")],
                ),
                allow("ListBucket", &["s3:ListBucket"], vec![b.clone()]),
                allow(
                    "Table",
                    &[
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:Query",
                    ],
                    vec![t.clone(), format!("{t}/index/*")],
                ),
                allow(
                    "Queue",
                    &["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
                    vec![q],
                ),
                allow("Decrypt", &["kms:Decrypt", "kms:GenerateDataKey"], vec![k]),
            ];
            if r.chance(8) {
                s.push(allow(
                    "ReadSharedArtifacts",
                    &["s3:GetObject"],
                    vec![shared_object],
                ));
            }
            (format!("{app}-{purpose}-data-{n}"), "/app/".to_string(), s)
        } else if roll < 65 {
            let s = vec![
                allow(
                    "ReadOnlyWildcards",
                    &[
                        "s3:Get*",
                        "s3:List*",
                        "ec2:Describe*",
                        "cloudwatch:Get*",
                        "logs:Get*",
                    ],
                    vec!["*".into()],
                ),
                allow(
                    "DescribeTables",
                    &["dynamodb:Describe*", "dynamodb:List*"],
                    vec![format!("arn:aws:dynamodb:{REGION}:{id}:table/*")],
                ),
            ];
            (format!("{team}-read-{n}"), "/".to_string(), s)
        } else if roll < 75 {
            let targets = if kind == Kind::Identity || r.chance(30) {
                let acct = if r.chance(50) {
                    r.pick(
                        &prod_ids.iter().map(String::as_str).collect::<Vec<_>>(),
                        "*",
                    )
                    .to_string()
                } else {
                    "*".to_string()
                };
                vec![
                    format!("arn:aws:iam::{acct}:role/{team}-operator-*"),
                    format!("arn:aws:iam::{acct}:role/access/ReadOnly"),
                ]
            } else {
                vec![format!("arn:aws:iam::{id}:role/app/{app}-*")]
            };
            let s = vec![allow("AssumeRoles", &["sts:AssumeRole"], targets)];
            (format!("{team}-assume-{n}"), "/".to_string(), s)
        } else if roll < 90 {
            let t = r
                .pick(&tables.iter().map(String::as_str).collect::<Vec<_>>(), "*")
                .to_string();
            let s = vec![
                allow("TableAdmin", &["dynamodb:*"], vec![format!("{t}*")]),
                deny(
                    "NeverDropTables",
                    &["dynamodb:DeleteTable", "dynamodb:DeleteBackup"],
                    vec!["*".into()],
                ),
                deny("NoBucketDeletes", &["s3:DeleteBucket"], vec!["*".into()]),
            ];
            (format!("{app}-{purpose}-admin-{n}"), "/app/".to_string(), s)
        } else {
            let s = vec![
                with_condition(
                    allow(
                        "StartStopOwnInstances",
                        &[
                            "ec2:StartInstances",
                            "ec2:StopInstances",
                            "ec2:RebootInstances",
                        ],
                        vec![format!("arn:aws:ec2:{REGION}:{id}:instance/*")],
                    ),
                    json!({"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}),
                ),
                with_condition(
                    allow("SessionManager", &["ssm:StartSession"], vec!["*".into()]),
                    json!({"StringLike": {"ssm:resourceTag/team": [team]}}),
                ),
            ];
            (format!("{team}-ops-{n}"), "/ops/".to_string(), s)
        };
        // Older versions: fewer statements.
        let mut versions = Vec::new();
        let older = if r.chance(25) { 1 + r.below(2) } else { 0 };
        for _ in 0..older {
            let mut s = stmts.clone();
            s.truncate(s.len().saturating_sub(1).max(1));
            versions.push(doc(s));
        }
        if stmts.is_empty() {
            stmts.push(allow("", &["sts:GetCallerIdentity"], vec!["*".into()]));
        }
        versions.push(doc(stmts));
        (name, path, versions)
    }

    /// Adds a customer managed policy; `versions` oldest first (the last is the default).
    fn push_policy(&mut self, ai: usize, name: &str, path: &str, versions: Vec<Doc>) {
        let policy_id = self.rng.iam_id("ANPA");
        let create = self.rng.date();
        let update = self.rng.date();
        let total = versions.len();
        let mut list = Vec::new();
        for (k, d) in versions.into_iter().enumerate().rev() {
            let document = match self.doc_out(d) {
                DocOut::Object(d) => serde_json::to_value(d).unwrap_or(Value::Null),
                DocOut::Encoded(s) => Value::String(s),
            };
            let date = self.rng.date();
            list.push(PolicyVersion {
                document,
                version_id: format!("v{}", k + 1),
                is_default_version: k + 1 == total,
                create_date: date,
            });
        }
        let Some(a) = self.accounts.get_mut(ai) else {
            return;
        };
        a.policies.push(ManagedPolicy {
            policy_name: name.to_string(),
            policy_id,
            arn: format!("arn:aws:iam::{}:policy{path}{name}", a.id),
            path: path.to_string(),
            default_version_id: format!("v{total}"),
            attachment_count: 0,
            permissions_boundary_usage_count: 0,
            is_attachable: true,
            create_date: create,
            update_date: update,
            policy_version_list: list,
        });
        self.summary.customer_policies += 1;
    }

    /// Attaches `k` random customer managed policies of account `ai` (the boundary excluded).
    fn attach_customer(&mut self, ai: usize, k: usize) -> Vec<Attached> {
        let mut out: Vec<Attached> = Vec::new();
        let Some(a) = self.accounts.get_mut(ai) else {
            return out;
        };
        let skip = usize::from(a.boundary.is_some());
        let pool = a.policies.len().saturating_sub(skip);
        for _ in 0..k.min(pool) {
            let i = skip + self.rng.below(pool);
            if let Some(p) = a.policies.get_mut(i) {
                if out.iter().any(|x| x.policy_arn == p.arn) {
                    continue;
                }
                p.attachment_count += 1;
                out.push(Attached {
                    policy_name: p.policy_name.clone(),
                    policy_arn: p.arn.clone(),
                });
            }
        }
        out
    }

    fn attach_aws(&mut self, ai: usize, name: &str) -> Option<Attached> {
        let m = iam_playground::managed::all()
            .iter()
            .find(|p| p.name == name)?;
        let a = self.accounts.get_mut(ai)?;
        *a.aws_managed.entry(m.arn).or_insert(0) += 1;
        self.summary.aws_managed_attachments += 1;
        Some(Attached {
            policy_name: m.name.to_string(),
            policy_arn: m.arn.to_string(),
        })
    }

    fn boundary(&mut self, ai: usize) -> Option<Boundary> {
        let a = self.accounts.get_mut(ai)?;
        let p = a.policies.get_mut(a.boundary?)?;
        p.permissions_boundary_usage_count += 1;
        Some(Boundary {
            permissions_boundary_type: "Policy",
            permissions_boundary_arn: p.arn.clone(),
        })
    }

    // -- groups ---------------------------------------------------------------------------------

    fn groups(&mut self, ai: usize, count: usize) {
        let Some(a) = self.accounts.get(ai) else {
            return;
        };
        let (kind, acct_name) = (a.kind, a.name.clone());
        let prod_admins: Vec<String> = self
            .ids_of(&[Kind::Prod])
            .iter()
            .map(|id| format!("arn:aws:iam::{id}:role/access/Admin"))
            .collect();
        let dev_roles: Vec<String> = self
            .ids_of(&[Kind::Dev, Kind::Sandbox])
            .iter()
            .flat_map(|id| {
                [
                    format!("arn:aws:iam::{id}:role/access/Developer"),
                    format!("arn:aws:iam::{id}:role/access/ReadOnly"),
                ]
            })
            .collect();
        let dev_roles = if dev_roles.is_empty() {
            vec!["arn:aws:iam::*:role/access/Developer".to_string()]
        } else {
            dev_roles
        };
        let auditor = format!("arn:aws:iam::{}:role/security/auditor", self.acct_id(2));
        let mfa = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
        for n in 0..count {
            let mut inline = Vec::new();
            let mut attached = Vec::new();
            let core = if kind == Kind::Identity {
                n
            } else {
                usize::MAX
            };
            let name = match core {
                0 => {
                    attached.extend(self.attach_aws(ai, "AdministratorAccess"));
                    let d = doc(vec![with_condition(
                        allow(
                            "AssumeAnyAccessRole",
                            &["sts:AssumeRole"],
                            vec!["arn:aws:iam::*:role/access/*".into()],
                        ),
                        mfa.clone(),
                    )]);
                    inline.push(("AssumeAccessRoles", d));
                    "Admins".to_string()
                }
                1 => {
                    attached.extend(self.attach_aws(ai, "ReadOnlyAccess"));
                    let d = doc(vec![with_condition(
                        allow("AssumeProdAdmin", &["sts:AssumeRole"], prod_admins.clone()),
                        mfa.clone(),
                    )]);
                    inline.push(("AssumeProdAdmin", d));
                    "ProdOperators".to_string()
                }
                2 => {
                    attached.extend(self.attach_customer(ai, 1));
                    let d = doc(vec![allow(
                        "AssumeDeveloperRoles",
                        &["sts:AssumeRole", "sts:TagSession"],
                        dev_roles.clone(),
                    )]);
                    inline.push(("AssumeDeveloperRoles", d));
                    "Developers".to_string()
                }
                3 => {
                    attached.extend(self.attach_aws(ai, "ViewOnlyAccess"));
                    let d = doc(vec![allow(
                        "AssumeReadOnly",
                        &["sts:AssumeRole"],
                        vec!["arn:aws:iam::*:role/access/ReadOnly".into()],
                    )]);
                    inline.push(("AssumeReadOnly", d));
                    "ReadOnly".to_string()
                }
                4 => {
                    attached.extend(self.attach_aws(ai, "SecurityAudit"));
                    let d = doc(vec![with_condition(
                        allow("AssumeAuditor", &["sts:AssumeRole"], vec![auditor.clone()]),
                        mfa.clone(),
                    )]);
                    inline.push(("AssumeAuditor", d));
                    "SecurityAuditors".to_string()
                }
                5 => {
                    attached.extend(self.attach_aws(ai, "Billing"));
                    "Billing".to_string()
                }
                _ if kind == Kind::Identity => {
                    let team = TEAMS.get(n % TEAMS.len()).copied().unwrap_or("core");
                    let k = 1 + self.rng.below(3);
                    attached.extend(self.attach_customer(ai, k));
                    let d = doc(vec![allow(
                        "AssumeTeamOperator",
                        &["sts:AssumeRole"],
                        vec![format!("arn:aws:iam::*:role/{team}-operator-*")],
                    )]);
                    inline.push(("AssumeTeamOperator", d));
                    format!("team-{team}-{n}")
                }
                _ => {
                    let k = 1 + self.rng.below(2);
                    attached.extend(self.attach_customer(ai, k));
                    format!("{acct_name}-ops-{n}")
                }
            };
            let group_policy_list = inline
                .into_iter()
                .map(|(pn, d)| InlinePolicy {
                    policy_name: pn.to_string(),
                    policy_document: self.doc_out(d),
                })
                .collect();
            let group_id = self.rng.iam_id("AGPA");
            let create_date = self.rng.date();
            let Some(a) = self.accounts.get_mut(ai) else {
                return;
            };
            let arn = a.iam(&format!("group/{name}"));
            a.groups.push(Group {
                path: "/".into(),
                group_name: name,
                group_id,
                arn,
                create_date,
                group_policy_list,
                attached_managed_policies: attached,
            });
            self.summary.groups += 1;
        }
    }

    // -- users ----------------------------------------------------------------------------------

    fn users(&mut self, ai: usize, count: usize) {
        let Some(a) = self.accounts.get(ai) else {
            return;
        };
        let (kind, app) = (a.kind, a.app);
        let group_names: Vec<String> = a.groups.iter().map(|g| g.group_name.clone()).collect();
        let buckets = a.buckets.clone();
        for n in 0..count {
            let r = &mut self.rng;
            let (name, path, tags) = if kind == Kind::Identity {
                let first = r.pick(&FIRST, "user");
                let last = r.pick(&LAST, "name");
                let team = r.pick(&TEAMS, "core");
                (
                    format!("{first}.{last}.{n}"),
                    "/people/".to_string(),
                    vec![
                        Tag {
                            key: "team".into(),
                            value: team.into(),
                        },
                        Tag {
                            key: "cost-center".into(),
                            value: format!("cc-{}", 1000 + r.below(40)),
                        },
                    ],
                )
            } else {
                let purpose = r.pick(&PURPOSES, "svc");
                (
                    format!("svc-{app}-{purpose}-{n}"),
                    "/service/".to_string(),
                    Vec::new(),
                )
            };
            // Groups: identity users belong to a team group and sometimes a core group.
            let mut groups = Vec::new();
            if !group_names.is_empty() {
                let core = group_names.len().min(6);
                if group_names.len() > 6 {
                    let i = 6 + r.below(group_names.len() - 6);
                    groups.extend(group_names.get(i).cloned());
                }
                let roll = r.below(100);
                let extra = match roll {
                    0..=1 => Some(0),   // Admins
                    2..=6 => Some(1),   // ProdOperators
                    7..=44 => Some(2),  // Developers
                    45..=59 => Some(3), // ReadOnly
                    60..=62 => Some(4), // SecurityAuditors
                    63..=64 => Some(5), // Billing
                    _ => None,
                };
                if let Some(i) = extra.filter(|&i| i < core || groups.is_empty()) {
                    if let Some(g) = group_names.get(i.min(group_names.len() - 1)) {
                        if !groups.contains(g) {
                            groups.push(g.clone());
                        }
                    }
                }
            }
            let mut inline = Vec::new();
            if kind == Kind::Identity && self.rng.chance(10) {
                let me = "arn:aws:iam::*:user/people/${aws:username}".to_string();
                inline.push(doc(vec![allow(
                    "ManageOwnMfa",
                    &[
                        "iam:CreateVirtualMFADevice",
                        "iam:EnableMFADevice",
                        "iam:ListMFADevices",
                        "iam:ResyncMFADevice",
                    ],
                    vec![me, "arn:aws:iam::*:mfa/${aws:username}".to_string()],
                )]));
            } else if kind != Kind::Identity {
                let b = self
                    .rng
                    .pick(&buckets.iter().map(String::as_str).collect::<Vec<_>>(), "*")
                    .to_string();
                inline.push(doc(vec![allow(
                    "Upload",
                    &["s3:PutObject", "s3:GetObject"],
                    vec![format!("{b}/incoming/*")],
                )]));
            }
            let user_policy_list = inline
                .into_iter()
                .map(|d| InlinePolicy {
                    policy_name: "inline".to_string(),
                    policy_document: self.doc_out(d),
                })
                .collect();
            let mut attached = Vec::new();
            if self.rng.chance(5) {
                attached.extend(self.attach_aws(ai, "IAMUserChangePassword"));
            }
            if kind != Kind::Identity || self.rng.chance(5) {
                attached.extend(self.attach_customer(ai, 1));
            }
            let permissions_boundary = if self.rng.chance(20) {
                self.boundary(ai)
            } else {
                None
            };
            let user_id = self.rng.iam_id("AIDA");
            let create_date = self.rng.date();
            let Some(a) = self.accounts.get_mut(ai) else {
                return;
            };
            let arn = a.iam(&format!("user{path}{name}"));
            a.users.push(User {
                path,
                user_name: name,
                user_id,
                arn,
                create_date,
                user_policy_list,
                group_list: groups,
                attached_managed_policies: attached,
                permissions_boundary,
                tags,
            });
            self.summary.users += 1;
        }
    }

    // -- roles ----------------------------------------------------------------------------------

    fn roles(&mut self, ai: usize, count: usize) {
        let Some(a) = self.accounts.get(ai) else {
            return;
        };
        let (kind, app, self_id) = (a.kind, a.app, a.id.clone());
        let mgmt = self.acct_id(0);
        let identity = self.acct_id(1);
        let tooling = self.acct_id(2);
        let identity_users: Vec<String> = self
            .accounts
            .get(1)
            .map(|a| a.users.iter().map(|u| u.arn.clone()).collect())
            .unwrap_or_default();
        let mfa = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
        let trust = |p: Value, cond: Option<Value>| -> Doc {
            let s = Stmt {
                effect: "Allow",
                principal: Some(p),
                action: Some(json!("sts:AssumeRole")),
                condition: cond,
                ..Stmt::default()
            };
            doc(vec![s])
        };
        let aws = |arn: String| json!({ "AWS": arn });
        // Core roles first, in this order, as far as the account's budget goes.
        let mut core: Vec<(&str, &str)> = Vec::new();
        if kind == Kind::Tooling {
            core.push(("/ci/", "ci-runner"));
        }
        if kind.workload() {
            core.push(("/access/", "Admin"));
        }
        if kind != Kind::Management {
            core.push(("/", "OrganizationAccountAccessRole"));
        }
        if kind.workload() {
            core.push(("/access/", "ReadOnly"));
            if kind != Kind::Prod {
                core.push(("/access/", "Developer"));
            }
            core.push(("/deploy/", "ci-deployer"));
        }
        if kind == Kind::Tooling {
            core.push(("/security/", "auditor"));
        }
        // Trust policies name only principals that exist (IAM refuses others): the CI runner
        // when the tooling account has one, else that account's root.
        let ci_runner = format!("arn:aws:iam::{tooling}:role/ci/ci-runner");
        let ci_principal = if self
            .accounts
            .get(2)
            .is_some_and(|a| a.roles.iter().any(|r| r.arn == ci_runner))
        {
            ci_runner
        } else {
            format!("arn:aws:iam::{tooling}:root")
        };
        for n in 0..count {
            let mut attached = Vec::new();
            let mut inline: Vec<(String, Doc)> = Vec::new();
            let mut boundary = None;
            let mut profile = false;
            let (path, name, trust_doc) = if let Some(&(path, name)) = core.get(n) {
                let t = match name {
                    "Admin" => {
                        attached.extend(self.attach_aws(ai, "AdministratorAccess"));
                        trust(
                            aws(format!("arn:aws:iam::{identity}:root")),
                            Some(mfa.clone()),
                        )
                    }
                    "OrganizationAccountAccessRole" => {
                        attached.extend(self.attach_aws(ai, "AdministratorAccess"));
                        trust(aws(format!("arn:aws:iam::{mgmt}:root")), None)
                    }
                    "ReadOnly" => {
                        attached.extend(self.attach_aws(ai, "ReadOnlyAccess"));
                        trust(aws(format!("arn:aws:iam::{identity}:root")), None)
                    }
                    "Developer" => {
                        attached.extend(self.attach_aws(ai, "PowerUserAccess"));
                        boundary = self.boundary(ai);
                        trust(aws(format!("arn:aws:iam::{identity}:root")), None)
                    }
                    "ci-deployer" => {
                        let k = 1 + self.rng.below(2);
                        attached.extend(self.attach_customer(ai, k));
                        attached.extend(self.attach_aws(ai, "AWSLambda_FullAccess"));
                        trust(
                            aws(ci_principal.clone()),
                            Some(
                                json!({"StringEquals": {"sts:ExternalId": format!("deploy-{self_id}")}}),
                            ),
                        )
                    }
                    "ci-runner" => {
                        profile = true;
                        inline.push((
                            "AssumeDeployers".into(),
                            doc(vec![allow(
                                "AssumeDeployers",
                                &["sts:AssumeRole"],
                                vec!["arn:aws:iam::*:role/deploy/ci-deployer".into()],
                            )]),
                        ));
                        trust(
                            json!({"Service": ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"]}),
                            None,
                        )
                    }
                    _ => {
                        attached.extend(self.attach_aws(ai, "SecurityAudit"));
                        trust(
                            aws(format!("arn:aws:iam::{identity}:root")),
                            Some(mfa.clone()),
                        )
                    }
                };
                (path.to_string(), name.to_string(), t)
            } else {
                let purpose = self.rng.pick(&PURPOSES, "svc");
                let team = self.rng.pick(&TEAMS, "core");
                let roll = self.rng.below(100);
                if roll < 62 {
                    let (svc, short) = match self.rng.below(10) {
                        0..=4 => ("lambda.amazonaws.com", "lambda"),
                        5..=7 => ("ecs-tasks.amazonaws.com", "task"),
                        _ => ("ec2.amazonaws.com", "ec2"),
                    };
                    let k = 1 + self.rng.below(3);
                    attached.extend(self.attach_customer(ai, k));
                    match short {
                        "lambda" => {
                            attached.extend(self.attach_aws(ai, "AWSLambdaBasicExecutionRole"))
                        }
                        "ec2" => {
                            profile = true;
                            attached.extend(self.attach_aws(ai, "AmazonSSMManagedInstanceCore"));
                        }
                        _ => {}
                    }
                    if self.rng.chance(30) {
                        let b = self
                            .accounts
                            .get(ai)
                            .and_then(|a| a.buckets.get(n % a.buckets.len().max(1)).cloned())
                            .unwrap_or_else(|| "*".into());
                        inline.push((
                            format!("{purpose}-extra"),
                            doc(vec![allow(
                                "WriteResults",
                                &["s3:PutObject"],
                                vec![format!("{b}/{purpose}/results/*")],
                            )]),
                        ));
                    }
                    let p = if self.rng.chance(40) {
                        "/service-role/"
                    } else {
                        "/app/"
                    };
                    (
                        p.to_string(),
                        format!("{app}-{purpose}-{short}-{n}"),
                        trust(json!({ "Service": svc }), None),
                    )
                } else if roll < 76 {
                    // Operators in the identity account: its root with MFA, or named users.
                    let k = 1 + self.rng.below(3);
                    attached.extend(self.attach_customer(ai, k));
                    if matches!(kind, Kind::Dev | Kind::Sandbox) && self.rng.chance(50) {
                        boundary = self.boundary(ai);
                    }
                    let t = if self.rng.chance(60) || identity_users.is_empty() {
                        trust(
                            aws(format!("arn:aws:iam::{identity}:root")),
                            Some(mfa.clone()),
                        )
                    } else {
                        let k = 1 + self.rng.below(3);
                        let users: Vec<String> = (0..k)
                            .map(|_| {
                                let i = self.rng.below(identity_users.len());
                                identity_users.get(i).cloned().unwrap_or_default()
                            })
                            .collect();
                        trust(json!({ "AWS": one_or_many(users) }), None)
                    };
                    ("/".to_string(), format!("{team}-operator-{n}"), t)
                } else if roll < 84 {
                    let k = 1 + self.rng.below(2);
                    attached.extend(self.attach_customer(ai, k));
                    (
                        "/deploy/".to_string(),
                        format!("{app}-pipeline-{n}"),
                        trust(
                            aws(ci_principal.clone()),
                            Some(
                                json!({"StringEquals": {"sts:ExternalId": format!("pipeline-{n}")}}),
                            ),
                        ),
                    )
                } else if roll < 94 {
                    let k = 1 + self.rng.below(2);
                    attached.extend(self.attach_customer(ai, k));
                    (
                        "/app/".to_string(),
                        format!("{app}-{purpose}-{n}"),
                        trust(aws(format!("arn:aws:iam::{self_id}:root")), None),
                    )
                } else if roll < 97 {
                    attached.extend(self.attach_aws(ai, "SecurityAudit"));
                    (
                        "/vendor/".to_string(),
                        format!("monitoring-vendor-{n}"),
                        trust(
                            aws(format!("arn:aws:iam::{VENDOR_ACCOUNT}:root")),
                            Some(
                                json!({"StringEquals": {"sts:ExternalId": format!("ext-{self_id}-{n}")}}),
                            ),
                        ),
                    )
                } else {
                    attached.extend(self.attach_aws(ai, "ReadOnlyAccess"));
                    let s = Stmt {
                        effect: "Allow",
                        principal: Some(json!({
                            "Federated": format!("arn:aws:iam::{self_id}:saml-provider/Okta")
                        })),
                        action: Some(json!("sts:AssumeRoleWithSAML")),
                        condition: Some(json!({
                            "StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}
                        })),
                        ..Stmt::default()
                    };
                    (
                        "/sso/".to_string(),
                        format!("{team}-federated-{n}"),
                        doc(vec![s]),
                    )
                }
            };
            let tags = if self.rng.chance(50) {
                vec![
                    Tag {
                        key: "team".into(),
                        value: self.rng.pick(&TEAMS, "core").into(),
                    },
                    Tag {
                        key: "env".into(),
                        value: format!("{kind:?}").to_lowercase(),
                    },
                ]
            } else {
                Vec::new()
            };
            let role_id = self.rng.iam_id("AROA");
            let create_date = self.rng.date();
            let trust_out = self.doc_out(trust_doc);
            let role_policy_list = inline
                .into_iter()
                .map(|(pn, d)| InlinePolicy {
                    policy_name: pn,
                    policy_document: self.doc_out(d),
                })
                .collect();
            let arn = format!("arn:aws:iam::{self_id}:role{path}{name}");
            let instance_profile_list = if profile {
                let ip_id = self.rng.iam_id("AIPA");
                vec![InstanceProfile {
                    path: path.clone(),
                    instance_profile_name: name.clone(),
                    instance_profile_id: ip_id,
                    arn: format!("arn:aws:iam::{self_id}:instance-profile{path}{name}"),
                    create_date: create_date.clone(),
                    roles: vec![RoleSummary {
                        path: path.clone(),
                        role_name: name.clone(),
                        role_id: role_id.clone(),
                        arn: arn.clone(),
                        create_date: create_date.clone(),
                        assume_role_policy_document: trust_out.clone(),
                    }],
                }]
            } else {
                Vec::new()
            };
            let role_last_used = if self.rng.chance(70) {
                json!({"LastUsedDate": self.rng.date(), "Region": REGION})
            } else {
                json!({})
            };
            let Some(a) = self.accounts.get_mut(ai) else {
                return;
            };
            a.roles.push(Role {
                path,
                role_name: name,
                role_id,
                arn,
                create_date,
                assume_role_policy_document: trust_out,
                instance_profile_list,
                role_policy_list,
                attached_managed_policies: attached,
                permissions_boundary: boundary,
                tags,
                role_last_used,
            });
            self.summary.roles += 1;
        }
    }

    // -- resource policies ------------------------------------------------------------------------

    fn resource_policies(&mut self) {
        let org_id = self.org_id.clone();
        let n = self.accounts.len();
        let every = (self.sizes.roles / 40).max(1);
        let mut k = 0usize;
        for ai in 0..n {
            let Some(a) = self.accounts.get(ai) else {
                continue;
            };
            let id = a.id.clone();
            let buckets = a.buckets.clone();
            let keys = a.keys.clone();
            let queues = a.queues.clone();
            // Key administrators: a role that exists in the account (IAM refuses others).
            let key_admin = a
                .roles
                .iter()
                .find(|r| r.role_name == "OrganizationAccountAccessRole")
                .or(a.roles.first())
                .map(|r| r.arn.clone());
            let reader = self
                .accounts
                .get((ai + 1) % n)
                .and_then(|b| b.roles.first().map(|r| r.arn.clone()));
            for b in buckets.iter() {
                let probe = *b == self.summary.probe_bucket;
                k += 1;
                if !probe && k % every.max(8) != 0 {
                    continue;
                }
                let mut s = vec![with_condition(
                    Stmt {
                        principal: Some(json!("*")),
                        ..deny(
                            "DenyInsecureTransport",
                            &["s3:*"],
                            vec![b.clone(), format!("{b}/*")],
                        )
                    },
                    json!({"Bool": {"aws:SecureTransport": "false"}}),
                )];
                if probe {
                    s.push(with_condition(
                        Stmt {
                            principal: Some(json!("*")),
                            ..allow(
                                "OrgReadReleases",
                                &["s3:GetObject"],
                                vec![format!("{b}/releases/*")],
                            )
                        },
                        json!({"StringEquals": {"aws:PrincipalOrgID": org_id}}),
                    ));
                } else if let Some(r) = &reader {
                    s.push(Stmt {
                        principal: Some(json!({ "AWS": r })),
                        ..allow(
                            "CrossAccountRead",
                            &["s3:GetObject", "s3:ListBucket"],
                            vec![b.clone(), format!("{b}/*")],
                        )
                    });
                }
                let text = serde_json::to_string(&doc(s)).unwrap_or_default();
                let path = format!("{id}/resource-policies/s3/{}.json", pct_encode(b));
                self.push_resource(ai, path, cli_json(&json!({ "Policy": text })));
            }
            for (qi, key) in keys.iter().enumerate() {
                if qi % 3 != 0 {
                    continue;
                }
                // AWS's default key policy names its statements "Enable IAM User Permissions"
                // and "Allow access for Key Administrators"; the engine's validator refuses
                // spaces in a Sid, so the generated ones have none.
                let mut s = vec![Stmt {
                    principal: Some(json!({"AWS": format!("arn:aws:iam::{id}:root")})),
                    ..allow("EnableIAMUserPermissions", &["kms:*"], vec!["*".into()])
                }];
                if let Some(admin) = &key_admin {
                    s.push(Stmt {
                        principal: Some(json!({ "AWS": admin })),
                        ..allow(
                            "AllowAccessForKeyAdministrators",
                            &[
                                "kms:Create*",
                                "kms:Describe*",
                                "kms:Enable*",
                                "kms:List*",
                                "kms:Put*",
                                "kms:Update*",
                                "kms:Revoke*",
                                "kms:Disable*",
                                "kms:Get*",
                                "kms:Delete*",
                                "kms:ScheduleKeyDeletion",
                                "kms:CancelKeyDeletion",
                            ],
                            vec!["*".into()],
                        )
                    });
                }
                let text = serde_json::to_string_pretty(&doc(s)).unwrap_or_default();
                let path = format!("{id}/resource-policies/kms/{}.json", pct_encode(key));
                self.push_resource(
                    ai,
                    path,
                    cli_json(&json!({"Policy": text, "PolicyName": "default"})),
                );
            }
            for (qi, q) in queues.iter().enumerate() {
                if qi % 10 != 0 {
                    continue;
                }
                let topic = format!(
                    "arn:aws:sns:{REGION}:{id}:{}-events",
                    self.accounts.get(ai).map(|a| a.app).unwrap_or("app")
                );
                let s = vec![with_condition(
                    Stmt {
                        principal: Some(json!({"Service": "sns.amazonaws.com"})),
                        ..allow("AllowTopic", &["sqs:SendMessage"], vec![q.clone()])
                    },
                    json!({"ArnEquals": {"aws:SourceArn": topic}}),
                )];
                let text = serde_json::to_string(&doc(s)).unwrap_or_default();
                let path = format!("{id}/resource-policies/sqs/{}.json", pct_encode(q));
                self.push_resource(ai, path, cli_json(&json!({"Attributes": {"Policy": text}})));
            }
        }
    }

    fn push_resource(&mut self, ai: usize, path: String, text: String) {
        if let Some(a) = self.accounts.get_mut(ai) {
            a.resource_files.push(ExportFile { path, text });
            self.summary.resource_policies += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The organization and the files.

/// An organizational unit: its id, name, parent id.
struct Ou {
    id: String,
    name: &'static str,
    parent: String,
}

impl Gen {
    fn org_arn(&self, what: &str) -> String {
        format!("arn:aws:organizations::{}:{what}", self.acct_id(0))
    }

    fn finish(mut self) -> Export {
        self.resource_policies();
        let mut files = self.organization();
        self.summary.management_account = self.acct_id(0);
        self.summary.identity_account = self.acct_id(1);
        self.summary.accounts = self.accounts.iter().map(|a| a.id.clone()).collect();
        let mut aws_used = std::collections::BTreeSet::new();
        for a in std::mem::take(&mut self.accounts) {
            let mut policies = a.policies;
            for (arn, count) in &a.aws_managed {
                let Some(m) = iam_playground::managed::find(arn) else {
                    continue;
                };
                aws_used.insert(*arn);
                let document =
                    serde_json::from_str(m.document().unwrap_or("null")).unwrap_or(Value::Null);
                policies.push(ManagedPolicy {
                    policy_name: m.name.to_string(),
                    policy_id: self.rng.iam_id("ANPA"),
                    arn: m.arn.to_string(),
                    path: m.path.to_string(),
                    default_version_id: m.version_id.to_string(),
                    attachment_count: *count,
                    permissions_boundary_usage_count: 0,
                    is_attachable: true,
                    create_date: "2015-02-06T18:39:46+00:00".into(),
                    update_date: "2024-06-17T17:22:41+00:00".into(),
                    policy_version_list: vec![PolicyVersion {
                        document,
                        version_id: m.version_id.to_string(),
                        is_default_version: true,
                        create_date: "2024-06-17T17:22:41+00:00".into(),
                    }],
                });
            }
            let details = AuthorizationDetails {
                user_detail_list: a.users,
                group_detail_list: a.groups,
                role_detail_list: a.roles,
                policies,
                is_truncated: false,
            };
            files.push(ExportFile {
                path: format!("{}/authorization-details.json", a.id),
                text: cli_json(&details),
            });
            files.extend(a.resource_files);
        }
        self.summary.aws_managed_policies = aws_used.len();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Export {
            files,
            summary: self.summary,
        }
    }

    fn organization(&mut self) -> Vec<ExportFile> {
        let mut files = Vec::new();
        let mgmt = self.acct_id(0);
        let org = self.org_id.clone();
        let root = self.root_id.clone();
        let root_short = root.trim_start_matches("r-").to_string();
        let mut ous: Vec<Ou> = Vec::new();
        for (name, parent) in [
            ("Security", None),
            ("Workloads", None),
            ("Prod", Some(1usize)),
            ("Dev", Some(1)),
            ("Sandbox", None),
        ] {
            let id = self.rng.lower(&format!("ou-{root_short}-"), 8);
            let parent = parent
                .and_then(|i| ous.get(i).map(|o: &Ou| o.id.clone()))
                .unwrap_or_else(|| root.clone());
            ous.push(Ou { id, name, parent });
        }
        let ou_id = |name: &str| {
            ous.iter()
                .find(|o| o.name == name)
                .map(|o| o.id.clone())
                .unwrap_or_default()
        };
        let parent_of = |kind: Kind| match kind {
            Kind::Management => root.clone(),
            Kind::Identity | Kind::Tooling | Kind::LogArchive => ou_id("Security"),
            Kind::Prod => ou_id("Prod"),
            Kind::Dev => ou_id("Dev"),
            Kind::Sandbox => ou_id("Sandbox"),
        };
        let o = |path: String, v: Value| ExportFile {
            path: format!("organization/{path}"),
            text: cli_json(&v),
        };
        files.push(o(
            "describe-organization.json".into(),
            json!({"Organization": {
                "Id": org,
                "Arn": self.org_arn(&format!("organization/{org}")),
                "FeatureSet": "ALL",
                "MasterAccountArn": self.org_arn(&format!("account/{org}/{mgmt}")),
                "MasterAccountId": mgmt,
                "MasterAccountEmail": "aws+management@example.com",
                "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]
            }}),
        ));
        files.push(o(
            "list-roots.json".into(),
            json!({"Roots": [{
                "Id": root,
                "Arn": self.org_arn(&format!("root/{org}/{root}")),
                "Name": "Root",
                "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]
            }]}),
        ));
        let mut parents: Vec<String> = vec![root.clone()];
        parents.extend(ous.iter().map(|o| o.id.clone()));
        for p in &parents {
            let children: Vec<Value> = ous
                .iter()
                .filter(|o| &o.parent == p)
                .map(|o| {
                    json!({"Id": o.id, "Arn": self.org_arn(&format!("ou/{org}/{}", o.id)), "Name": o.name})
                })
                .collect();
            files.push(o(
                format!("ous-for-parent/{p}.json"),
                json!({ "OrganizationalUnits": children }),
            ));
            let accounts: Vec<Value> = self
                .accounts
                .iter()
                .filter(|a| &parent_of(a.kind) == p)
                .map(|a| {
                    json!({
                        "Id": a.id,
                        "Arn": self.org_arn(&format!("account/{org}/{}", a.id)),
                        "Email": format!("aws+{}@example.com", a.name),
                        "Name": a.name,
                        "Status": "ACTIVE",
                        "JoinedMethod": if a.kind == Kind::Management { "INVITED" } else { "CREATED" },
                        "JoinedTimestamp": "2021-03-02T10:14:07.512000+00:00"
                    })
                })
                .collect();
            files.push(o(
                format!("accounts-for-parent/{p}.json"),
                json!({ "Accounts": accounts }),
            ));
        }
        // SCPs: (id, name, description, document, targets).
        let everything: Vec<String> = parents
            .iter()
            .cloned()
            .chain(self.accounts.iter().map(|a| a.id.clone()))
            .collect();
        let log_archive: Vec<String> = self.ids_of(&[Kind::LogArchive]);
        let scps: Vec<(String, &str, &str, Doc, Vec<String>)> = vec![
            (
                "p-FullAWSAccess".into(),
                "FullAWSAccess",
                "Allows access to every operation",
                doc(vec![allow("", &["*"], vec!["*".into()])]),
                everything,
            ),
            (
                self.rng.lower("p-", 8),
                "DenyLeaveOrganization",
                "Member accounts stay in the organization",
                doc(vec![deny(
                    "DenyLeave",
                    &["organizations:LeaveOrganization"],
                    vec!["*".into()],
                )]),
                vec![root.clone()],
            ),
            (
                self.rng.lower("p-", 8),
                "ProtectSecurityRoles",
                "Only the organization access role changes security and access roles",
                doc(vec![with_condition(
                    deny(
                        "ProtectRoles",
                        &[
                            "iam:AttachRolePolicy",
                            "iam:DeleteRole",
                            "iam:PutRolePolicy",
                            "iam:UpdateAssumeRolePolicy",
                        ],
                        vec![
                            "arn:aws:iam::*:role/security/*".into(),
                            "arn:aws:iam::*:role/access/*".into(),
                        ],
                    ),
                    json!({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/OrganizationAccountAccessRole"}}),
                )]),
                vec![root.clone()],
            ),
            (
                self.rng.lower("p-", 8),
                "RegionRestriction",
                "Workloads run in the EU only",
                doc(vec![with_condition(
                    Stmt {
                        sid: Some("DenyOutsideEU".into()),
                        effect: "Deny",
                        not_action: Some(json!([
                            "iam:*",
                            "organizations:*",
                            "sts:*",
                            "support:*",
                            "cloudfront:*",
                            "route53:*",
                            "budgets:*"
                        ])),
                        resource: Some(json!("*")),
                        ..Stmt::default()
                    },
                    json!({"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}),
                )]),
                vec![ou_id("Workloads")],
            ),
            (
                self.rng.lower("p-", 8),
                "DenyRootUser",
                "No root user actions in production",
                doc(vec![with_condition(
                    deny("DenyRoot", &["*"], vec!["*".into()]),
                    json!({"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}),
                )]),
                vec![ou_id("Prod")],
            ),
            (
                self.rng.lower("p-", 8),
                "SandboxGuardrails",
                "Small instances only, no reserved purchases",
                doc(vec![
                    with_condition(
                        deny(
                            "SmallInstancesOnly",
                            &["ec2:RunInstances"],
                            vec!["arn:aws:ec2:*:*:instance/*".into()],
                        ),
                        json!({"StringNotLike": {"ec2:InstanceType": ["t3.*", "t4g.*"]}}),
                    ),
                    deny(
                        "NoPurchases",
                        &["ec2:PurchaseReservedInstancesOffering", "savingsplans:*"],
                        vec!["*".into()],
                    ),
                ]),
                vec![ou_id("Sandbox")],
            ),
            (
                self.rng.lower("p-", 8),
                "LogArchiveImmutable",
                "Logs are never deleted",
                doc(vec![deny(
                    "NoLogDeletes",
                    &[
                        "s3:DeleteObject",
                        "s3:DeleteObjectVersion",
                        "s3:PutBucketPolicy",
                        "s3:PutLifecycleConfiguration",
                    ],
                    vec!["*".into()],
                )]),
                log_archive,
            ),
        ];
        let mut summaries = Vec::new();
        // An SCP attached nowhere (no log-archive account in a small organization) is left out.
        let scps = scps
            .into_iter()
            .filter(|scp| scp.4.iter().any(|t| !t.is_empty()));
        for (id, name, description, d, targets) in scps {
            let aws_managed = id == "p-FullAWSAccess";
            let arn = if aws_managed {
                format!("arn:aws:organizations::aws:policy/service_control_policy/{id}")
            } else {
                self.org_arn(&format!("policy/{org}/service_control_policy/{id}"))
            };
            let summary = json!({
                "Id": id, "Arn": arn, "Name": name, "Description": description,
                "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": aws_managed
            });
            let content = serde_json::to_string_pretty(&d).unwrap_or_default();
            files.push(o(
                format!("policy/{id}.json"),
                json!({"Policy": {"PolicySummary": summary, "Content": content}}),
            ));
            let target_list: Vec<Value> = targets
                .iter()
                .filter(|t| !t.is_empty())
                .map(|t| {
                    if t.starts_with("r-") {
                        json!({"TargetId": t, "Arn": self.org_arn(&format!("root/{org}/{t}")), "Name": "Root", "Type": "ROOT"})
                    } else if t.starts_with("ou-") {
                        let name = ous.iter().find(|o| &o.id == t).map(|o| o.name).unwrap_or("");
                        json!({"TargetId": t, "Arn": self.org_arn(&format!("ou/{org}/{t}")), "Name": name, "Type": "ORGANIZATIONAL_UNIT"})
                    } else {
                        let name = self.accounts.iter().find(|a| &a.id == t).map(|a| a.name.clone()).unwrap_or_default();
                        json!({"TargetId": t, "Arn": self.org_arn(&format!("account/{org}/{t}")), "Name": name, "Type": "ACCOUNT"})
                    }
                })
                .collect();
            files.push(o(
                format!("targets-for-policy/{id}.json"),
                json!({ "Targets": target_list }),
            ));
            summaries.push(summary);
            self.summary.scps += 1;
        }
        files.push(o(
            "list-policies.SERVICE_CONTROL_POLICY.json".into(),
            json!({ "Policies": summaries }),
        ));
        files
    }
}
