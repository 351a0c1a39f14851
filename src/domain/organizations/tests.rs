//! The fields of an organization, read as Partner Center and people write them.

use super::*;

#[test]
fn fields_read_as_partner_center_writes_them() {
    assert_eq!(check_country(" pl ").as_deref(), Ok("PL"));
    assert_eq!(check_country("POL"), Err(FieldError::Country));
    assert_eq!(check_country("P1"), Err(FieldError::Country));
    assert_eq!(
        check_domain("Adatum.OnMicrosoft.com.").as_deref(),
        Ok("adatum.onmicrosoft.com")
    );
    for bad in [
        "adatum", "-a.com", "a-.com", "a..com", "a_b.com", "ą.pl", "",
    ] {
        assert_eq!(check_domain(bad), Err(FieldError::Domain), "{bad:?}");
    }
    let tenant = "0F8FAD5B-D9CB-469F-A165-70867728950E";
    let want = "0f8fad5b-d9cb-469f-a165-70867728950e";
    assert_eq!(
        check_tenant_id(tenant).map(|t| t.to_string()).as_deref(),
        Ok(want)
    );
    assert_eq!(
        check_tenant_id(&format!("{{{tenant}}}"))
            .map(|t| t.to_string())
            .as_deref(),
        Ok(want)
    );
    assert_eq!(
        check_tenant_id("0f8fad5bd9cb469fa16570867728950e"),
        Err(FieldError::TenantId)
    );
    assert_eq!(check_name("  Contoso  ").as_deref(), Ok("Contoso"));
    assert_eq!(check_name("   "), Err(FieldError::Name));
    assert_eq!(check_name("a\u{7}b"), Err(FieldError::Name));
    assert_eq!(
        check_name(&"x".repeat(MAX_NAME_CHARS)).map(|n| n.len()),
        Ok(200)
    );
    assert_eq!(
        check_name(&"x".repeat(MAX_NAME_CHARS + 1)),
        Err(FieldError::Name)
    );
}

#[test]
fn every_bad_field_is_named_at_once() {
    let input = PartnerInput {
        kind: "reseller",
        name: "",
        partner_id: "12345",
        tenant_id: "not-a-guid",
        country: "Poland",
    };
    let errors = input.check().err().unwrap_or_default();
    let fields: Vec<_> = errors.iter().map(FieldError::field).collect();
    assert_eq!(
        fields,
        ["kind", "name", "partner_id", "tenant_id", "country"]
    );
}
