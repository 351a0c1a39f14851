//! Every builder makes a path of its pattern; text in a segment stays one segment.

use actix_web::dev::ResourceDef;

use super::*;

/// Matches `path` against `pattern` as actix does and returns the parameters it reads back,
/// decoded as `web::Path` decodes them.
fn read_back(pattern: &str, path: &str) -> Option<Vec<String>> {
    let def = ResourceDef::new(pattern);
    let mut matched = actix_web::dev::Path::new(actix_web::dev::Url::new(
        path.parse::<actix_web::http::Uri>().ok()?,
    ));
    if !def.capture_match_info(&mut matched) {
        return None;
    }
    Some(
        matched
            .iter()
            .map(|(_, raw)| {
                percent_encoding::percent_decode_str(raw)
                    .decode_utf8()
                    .unwrap()
                    .into_owned()
            })
            .collect(),
    )
}

#[test]
fn every_builder_makes_a_path_of_its_pattern() {
    let tenant = TenantId::generate();
    let sub = SubscriptionId::generate();
    let change = AuditEventId::generate();
    let invitation_id = InvitationId::generate();
    let upload = ImportId::generate();
    let request = PartnershipRequestId::generate();
    let mpn = MpnId::from(4_200_001);
    let user = UserId::generate();
    let (t, s) = (tenant.to_string(), sub.to_string());
    let cases: Vec<(&str, String, Vec<String>)> = vec![
        (pattern::CUSTOMER, customer(&tenant), vec![t.clone()]),
        (
            pattern::SUBSCRIPTION,
            subscription(&tenant, &sub),
            vec![t.clone(), s.clone()],
        ),
        (
            pattern::SUPPORT_CONTACT,
            support_contact(&tenant, &sub),
            vec![t.clone(), s.clone()],
        ),
        (
            pattern::SUPPORT_CONTACT_CHANGE,
            support_contact_change(&tenant, &sub, &change),
            vec![t.clone(), s, change.to_string()],
        ),
        (pattern::ASSET, asset("app.css"), vec!["app.css".to_owned()]),
        (
            pattern::IMPORT_PREVIEW,
            import_preview(&upload),
            vec![upload.to_string()],
        ),
        (
            pattern::IMPORT_CONFIRM,
            import_confirm(&upload),
            vec![upload.to_string()],
        ),
        (
            pattern::INVITATION_REVOKE,
            invitation_revoke(&invitation_id),
            vec![invitation_id.to_string()],
        ),
        (
            pattern::INVITATION,
            invitation("ab12"),
            vec!["ab12".to_owned()],
        ),
        (
            pattern::INVITATION_ACCEPT,
            invitation_accept("ab12"),
            vec!["ab12".to_owned()],
        ),
        (
            pattern::INVITATION_FIRST_ADMIN,
            invitation_first_admin("ab12"),
            vec!["ab12".to_owned()],
        ),
        (
            pattern::INVITATION_SIGN_UP,
            invitation_sign_up("ab12"),
            vec!["ab12".to_owned()],
        ),
        (
            pattern::DELEGATED_ADMIN_REMOVAL,
            delegated_admin_removal(&mpn),
            vec!["4200001".to_owned()],
        ),
        (
            pattern::OWN_RELATIONSHIP_REMOVAL,
            own_relationship_removal(&tenant),
            vec![t.clone()],
        ),
        (
            pattern::RESELLER_RELATIONSHIP_REMOVAL,
            reseller_relationship_removal(&tenant, &mpn),
            vec![t, "4200001".to_owned()],
        ),
        (
            pattern::PARTNERSHIP_REMOVAL,
            partnership_removal(&mpn),
            vec!["4200001".to_owned()],
        ),
        (
            pattern::RESELLER_REQUEST_REVOKE,
            reseller_request_revoke(&request),
            vec![request.to_string()],
        ),
        (
            pattern::PARTNERSHIP_REQUEST,
            partnership_request("ab12"),
            vec!["ab12".to_owned()],
        ),
        (
            pattern::PARTNERSHIP_ACCEPT,
            partnership_accept("ab12"),
            vec!["ab12".to_owned()],
        ),
        (
            pattern::PARTNERSHIP_SIGN_UP,
            partnership_sign_up("ab12"),
            vec!["ab12".to_owned()],
        ),
        (pattern::USER_ROLE, user_role(&user), vec![user.to_string()]),
        (
            pattern::USER_DISABLE,
            user_disable(&user),
            vec![user.to_string()],
        ),
        (
            pattern::USER_ENABLE,
            user_enable(&user),
            vec![user.to_string()],
        ),
        (
            pattern::USER_PASSWORD_LINK,
            user_password_link(&user),
            vec![user.to_string()],
        ),
        (
            pattern::PASSWORD_LINK,
            password_link("ab12"),
            vec!["ab12".to_owned()],
        ),
    ];
    for (pattern, path, values) in cases {
        assert_eq!(read_back(pattern, &path), Some(values), "{pattern}: {path}");
    }
    assert_eq!(
        customer(&tenant),
        format!("/customers/{tenant}"),
        "a UUID needs no encoding"
    );
}

#[test]
fn text_in_a_segment_stays_one_segment() {
    for token in [
        "a/b",
        "../../admin",
        "x?next=//evil.example",
        "#top",
        "a b+c%20",
        "zażółć",
        "\"><script>",
    ] {
        let path = invitation_accept(token);
        assert!(
            path.bytes().all(|b| b.is_ascii_graphic()),
            "{token:?}: {path}"
        );
        assert_eq!(
            read_back(pattern::INVITATION_ACCEPT, &path),
            Some(vec![token.to_owned()]),
            "{token:?}: {path}"
        );
    }
}
