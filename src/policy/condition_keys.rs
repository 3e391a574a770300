//! What the validator knows about condition keys: which global keys are single-valued and which
//! are multivalued (A.5, [SVMV]), for the set-operator checks. Names compare case-insensitively.

/// Global condition keys that always hold one value (a set operator on them is a mistake).
const SINGLE_VALUED: &[&str] = &[
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:FederatedProvider",
    "aws:MultiFactorAuthAge",
    "aws:MultiFactorAuthPresent",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalOrgID",
    "aws:PrincipalServiceName",
    "aws:PrincipalType",
    "aws:Referer",
    "aws:RequestedRegion",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:SecureTransport",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceIdentity",
    "aws:SourceIp",
    "aws:SourceOrgID",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:TokenIssueTime",
    "aws:UserAgent",
    "aws:userid",
    "aws:username",
    "aws:ViaAWSService",
    "aws:VpcSourceIp",
    "sts:ExternalId",
    "sts:RoleSessionName",
    "sts:SourceIdentity",
];

/// Prefixes of tag keys that hold one value per tag (`aws:PrincipalTag/team`).
const SINGLE_VALUED_PREFIXES: &[&str] =
    &["aws:PrincipalTag/", "aws:RequestTag/", "aws:ResourceTag/"];

/// Global condition keys that hold a set of values (a set operator is required).
const MULTIVALUED: &[&str] = &[
    "aws:CalledVia",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceNamesList",
    "aws:ResourceOrgPaths",
    "aws:SourceOrgPaths",
    "aws:TagKeys",
    "sts:TransitiveTagKeys",
];

/// Whether `key` is a known single-valued key.
pub fn is_single_valued(key: &str) -> bool {
    SINGLE_VALUED.iter().any(|k| k.eq_ignore_ascii_case(key))
        || SINGLE_VALUED_PREFIXES.iter().any(|p| {
            key.get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p))
                && key.len() > p.len()
        })
}

/// Whether `key` is a known multivalued key.
pub fn is_multivalued(key: &str) -> bool {
    MULTIVALUED.iter().any(|k| k.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_and_multi_valued_keys_ignore_case() {
        assert!(is_single_valued("aws:SourceIp"));
        assert!(is_single_valued("AWS:SOURCEIP"));
        assert!(is_single_valued("aws:PrincipalTag/team"));
        assert!(!is_single_valued("aws:PrincipalTag/"));
        assert!(!is_single_valued("aws:TagKeys"));
        assert!(is_multivalued("aws:tagkeys"));
        assert!(!is_multivalued("s3:prefix"));
    }
}
