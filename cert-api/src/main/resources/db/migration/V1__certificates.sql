-- The system of record. Private keys and DNS credentials are stored sealed (AES-256-GCM).
create table certificate (
    id                   bigserial primary key,
    name                 varchar(64)  not null unique,
    domains              text         not null,
    is_default           boolean      not null default false,
    is_ca                boolean      not null default false,
    acme                 boolean      not null default false,
    dns_challenge        boolean      not null default false,
    dns_provider         varchar(32),
    dns_service_url_sealed text,
    buffer_days          integer,
    remark               varchar(1024),
    current_version      integer,
    created_at           timestamptz  not null,
    updated_at           timestamptz  not null
);

create table certificate_version (
    id                   bigserial primary key,
    certificate_id       bigint       not null references certificate(id) on delete cascade,
    version              integer      not null,
    source               varchar(16)  not null,
    fullchain            text         not null,
    sealed_key           text         not null,
    serial               varchar(80)  not null,
    subject              text         not null,
    issuer               text         not null,
    sans                 text         not null,
    not_before           timestamptz  not null,
    not_after            timestamptz  not null,
    key_type             varchar(16)  not null,
    key_size             integer      not null,
    chain_length         integer      not null,
    fingerprint_sha256   varchar(64)  not null,
    created_at           timestamptz  not null,
    unique (certificate_id, version)
);

-- Transactional outbox: rows written with the change, published by OutboxRelay, then deleted.
create table outbox (
    id                   bigserial primary key,
    topic                varchar(255) not null,
    message_key          varchar(255) not null,
    payload              text,
    created_at           timestamptz  not null
);

-- Latest report of each proxy agent (from certflow.agent-status).
create table agent_status (
    agent_id             varchar(128) primary key,
    tls_address          varchar(255),
    ready                boolean      not null,
    reported_at          timestamptz  not null,
    received_at          timestamptz  not null,
    certificates         text         not null
);
