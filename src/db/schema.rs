// @generated shape of `diesel print-schema` over migrations/sqlite, kept to portable types so that one
// schema serves SQLite and PostgreSQL. A test checks that both backends' migrations match it.

diesel::table! {
    audit_events (id) {
        id -> Text,
        occurred_at -> Timestamp,
        actor_user_id -> Nullable<Text>,
        actor_partner_id -> Nullable<Text>,
        actor_customer_id -> Nullable<Text>,
        subject_partner_id -> Nullable<Text>,
        customer_id -> Nullable<Text>,
        subscription_id -> Nullable<Text>,
        operation -> Text,
        old_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
        cause_id -> Nullable<Text>,
        batch_id -> Nullable<Text>,
    }
}

diesel::table! {
    customer_relationships (id) {
        id -> Text,
        customer_id -> Text,
        partner_id -> Text,
        state -> Text,
        delegated_admin -> Bool,
        origin -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        company_name -> Text,
    }
}

diesel::table! {
    customer_support_defaults (customer_id, seller_id) {
        customer_id -> Text,
        seller_id -> Text,
        partner_id -> Text,
        set_by -> Nullable<Text>,
        set_at -> Timestamp,
    }
}

diesel::table! {
    customers (id) {
        id -> Text,
        tenant_id -> Text,
        company_name -> Text,
        domain -> Text,
        country -> Text,
        created_at -> Timestamp,
        search -> Text,
    }
}

diesel::table! {
    import_upload_chunks (upload_id, seq) {
        upload_id -> Text,
        seq -> Integer,
        bytes -> Binary,
    }
}

diesel::table! {
    import_uploads (id) {
        id -> Text,
        partner_id -> Text,
        kind -> Text,
        file_name -> Text,
        byte_count -> BigInt,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Text,
        drained_at -> Timestamp,
    }
}

diesel::table! {
    partner_customer_counts (partner_id) {
        partner_id -> Text,
        active_customers -> BigInt,
    }
}

diesel::table! {
    partners (id) {
        id -> Text,
        kind -> Text,
        name -> Text,
        mpn_id -> Integer,
        tenant_id -> Text,
        country -> Text,
        support_email -> Text,
        support_phone -> Text,
        support_website -> Text,
        support_hours -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    partnership_requests (id) {
        id -> Text,
        provider_id -> Text,
        token_hash -> Text,
        note -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        accepted_reseller_id -> Nullable<Text>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    partnerships (id) {
        id -> Text,
        provider_id -> Text,
        reseller_id -> Text,
        state -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    password_links (id) {
        id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        superseded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    products (id) {
        id -> Text,
        name -> Text,
        offer_id -> Text,
        commerce_type -> Text,
    }
}

diesel::table! {
    relationship_invitations (id) {
        id -> Text,
        partner_id -> Text,
        token_hash -> Text,
        delegated_admin -> Bool,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        accepted_customer_id -> Nullable<Text>,
        revoked_at -> Nullable<Timestamp>,
        customer_tenant_id -> Nullable<Text>,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        state -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    subscriptions (id) {
        id -> Text,
        customer_id -> Text,
        product_id -> Text,
        quantity -> Integer,
        status -> Text,
        seller_id -> Nullable<Text>,
        reseller_of_record_id -> Nullable<Text>,
        support_contact_id -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        partner_id -> Nullable<Text>,
        customer_id -> Nullable<Text>,
        role -> Text,
        disabled -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_event_viewers (partner_id, event_id) {
        partner_id -> Text,
        event_id -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    assignment_batches (id) {
        id -> Text,
        seller_id -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        partner_id -> Nullable<Text>,
        all_or_nothing -> Bool,
        state -> Text,
        done_at -> Nullable<Timestamp>,
        back -> Nullable<Text>,
    }
}

diesel::table! {
    assignment_batch_items (batch_id, subscription_id) {
        batch_id -> Text,
        subscription_id -> Text,
        customer_id -> Text,
        seen_version -> Nullable<Integer>,
        outcome -> Nullable<Text>,
        reason -> Nullable<Text>,
        old_contact_id -> Nullable<Text>,
        event_id -> Nullable<Text>,
    }
}

diesel::joinable!(customer_relationships -> customers (customer_id));
diesel::joinable!(customer_relationships -> partners (partner_id));
diesel::joinable!(partner_customer_counts -> partners (partner_id));
diesel::joinable!(subscriptions -> customers (customer_id));
diesel::joinable!(subscriptions -> products (product_id));
diesel::joinable!(users -> customers (customer_id));
diesel::joinable!(users -> partners (partner_id));
diesel::joinable!(relationship_invitations -> partners (partner_id));
diesel::joinable!(import_upload_chunks -> import_uploads (upload_id));
diesel::joinable!(assignment_batch_items -> assignment_batches (batch_id));
diesel::joinable!(assignment_batch_items -> subscriptions (subscription_id));

diesel::allow_tables_to_appear_in_same_query!(
    audit_events,
    customer_relationships,
    customer_support_defaults,
    customers,
    import_upload_chunks,
    import_uploads,
    login_failures,
    partner_customer_counts,
    partners,
    partnership_requests,
    partnerships,
    password_links,
    products,
    relationship_invitations,
    sessions,
    subscriptions,
    users,
    audit_event_viewers,
    assignment_batches,
    assignment_batch_items,
);
