-- ACME: which CA, the key type to generate, and the state of ordering with its back-off.
alter table certificate add column acme_ca varchar(2048);
alter table certificate add column key_type varchar(16) not null default 'ec-p256';
alter table certificate add column current_order_id uuid;
alter table certificate add column order_requested_at timestamptz;
alter table certificate add column attempts integer not null default 0;
alter table certificate add column last_error text;
alter table certificate add column next_attempt_at timestamptz;
update certificate set acme_ca = 'lets_encrypt' where acme;

-- One row per ACME order; the private key generated for it stays here (sealed) until issued.
create table acme_order (
    id              uuid         primary key,
    certificate_id  bigint       not null references certificate(id) on delete cascade,
    domains         text         not null,
    sealed_key      text         not null,
    state           varchar(16)  not null,
    renewal         boolean      not null,
    created_at      timestamptz  not null,
    finished_at     timestamptz,
    error           text
);
create index acme_order_certificate on acme_order(certificate_id);
create index certificate_acme_due on certificate(next_attempt_at) where acme;
