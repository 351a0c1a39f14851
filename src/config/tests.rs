//! Tests of the settings: files, environment, validation, redaction.

use super::*;

#[test]
fn defaults_are_owasp_argon2_and_a_valid_configuration() {
    let defaults = Settings::default();
    assert_eq!(
        defaults.argon2,
        Argon2Settings {
            memory_kib: 19_456,
            iterations: 2,
            parallelism: 1
        }
    );
    assert!(defaults.validate().is_ok());
    assert_eq!(
        defaults.cookie_secure, None,
        "Secure unless configured (or --demo)"
    );
}

#[test]
fn a_short_or_malformed_session_key_is_refused_without_echoing_it() {
    let short = "ab".repeat(63);
    let err = session_key_bytes(&short).err().unwrap_or_default();
    assert!(
        err.contains("at least 64 bytes") && !err.contains(&short),
        "{err}"
    );
    assert!(session_key_bytes("not hex").is_err());
    assert!(session_key_bytes(&"ab".repeat(64)).is_ok());
    let settings = Settings {
        session_key: Some(Secret::new(short)),
        ..Settings::default()
    };
    assert!(settings.validate().is_err());
    assert_eq!(
        format!("{:?}", Secret::new("hunter2".to_owned())),
        "[redacted]"
    );
}

fn ips(list: &[&str]) -> Vec<IpAddr> {
    list.iter().filter_map(|a| a.parse().ok()).collect()
}

#[test]
fn trusted_proxies_are_addresses_and_ranges_in_a_list_or_one_string() {
    assert!(
        Settings::default().trusted_proxies.is_empty(),
        "trusts no one"
    );
    let proxies: TrustedProxies = "127.0.0.1, 10.0.0.0/8 ::1,fd00::/8,"
        .parse()
        .unwrap_or_default();
    for inside in ips(&["127.0.0.1", "10.1.2.3", "::1", "fd12::1", "::ffff:10.0.0.1"]) {
        assert!(proxies.contains(inside), "{inside}");
    }
    for outside in ips(&["127.0.0.2", "11.0.0.1", "::2", "2001:db8::1"]) {
        assert!(!proxies.contains(outside), "{outside}");
    }
    for bad in [
        "10.0.0.0/33",
        "localhost",
        "10.0.0",
        "1.2.3.4/",
        "fd00::/129",
    ] {
        let err = bad.parse::<TrustedProxies>().err().unwrap_or_default();
        assert!(
            err.contains(&format!(
                "`{bad}` is neither an IP address nor a CIDR range"
            )),
            "{bad}: {err}"
        );
    }
}

#[test]
// figment's Jail fixes the closure's error type.
#[allow(clippy::result_large_err)]
fn trusted_proxies_load_from_the_file_and_the_environment_and_refuse_a_bad_entry() {
    figment::Jail::expect_with(|jail| {
        jail.create_file(
            "partnerdesk.toml",
            "trusted_proxies = [\"10.0.0.0/8\", \"192.0.2.1\"]\nproxy_header = \"forwarded\"",
        )?;
        let settings = Settings::load().map_err(|e| e.to_string())?;
        assert_eq!(settings.proxy_header, ProxyHeader::Forwarded);
        assert!(settings.trusted_proxies.contains(ips(&["10.9.9.9"])[0]));
        assert!(!settings.trusted_proxies.contains(ips(&["127.0.0.1"])[0]));

        // The environment, as one string or as figment's list syntax.
        for value in ["127.0.0.1,::1", "[127.0.0.1, \"::1\"]", "[127.0.0.1, ::1]"] {
            jail.set_env("PARTNERDESK_TRUSTED_PROXIES", value);
            let settings = Settings::load().map_err(|e| e.to_string())?;
            for inside in ips(&["127.0.0.1", "::1"]) {
                assert!(
                    settings.trusted_proxies.contains(inside),
                    "{value}: {inside}"
                );
            }
            assert!(
                !settings.trusted_proxies.contains(ips(&["10.0.0.1"])[0]),
                "{value}"
            );
        }
        jail.set_env("PARTNERDESK_PROXY_HEADER", "x-forwarded-for");
        let settings = Settings::load().map_err(|e| e.to_string())?;
        assert_eq!(settings.proxy_header, ProxyHeader::XForwardedFor);

        jail.set_env("PARTNERDESK_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/33");
        let err = Settings::load()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("`10.0.0.0/33` is neither an IP address nor a CIDR range")
                && err.contains("\"TRUSTED_PROXIES\" in `PARTNERDESK_` environment"),
            "{err}"
        );
        Ok(())
    });
}

#[test]
#[allow(clippy::result_large_err)]
fn log_format_is_text_unless_json_is_asked_for_and_anything_else_is_refused() {
    figment::Jail::expect_with(|jail| {
        let settings = Settings::load().map_err(|e| e.to_string())?;
        assert_eq!(settings.log_format, LogFormat::Text);
        jail.set_env("PARTNERDESK_LOG_FORMAT", "json");
        let settings = Settings::load().map_err(|e| e.to_string())?;
        assert_eq!(settings.log_format, LogFormat::Json);
        jail.set_env("PARTNERDESK_LOG_FORMAT", "xml");
        let err = Settings::load()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("LOG_FORMAT"), "{err}");
        Ok(())
    });
}
