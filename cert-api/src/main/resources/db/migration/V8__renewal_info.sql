-- ACME like the best clients (RFC 9773 renewal information, profiles, CA fallback, revocation).

-- The CAs to order from, in order of preference (comma-separated; the first is acme_ca's old
-- meaning), the one the next order goes to and its failures there, and the profile to ask for.
alter table certificate add column ca_index integer not null default 0;
alter table certificate add column ca_failures integer not null default 0;
alter table certificate add column profile varchar(64);
-- Renewal information of the current version: its RFC 9773 identifier, the CA's window, and when
-- to ask again (null: the issuing CA offers none, the schedule stands).
alter table certificate add column ari_cert_id varchar(512);
alter table certificate add column ari_check_at timestamptz;
alter table certificate add column ari_window_start timestamptz;
alter table certificate add column ari_window_end timestamptz;
create index certificate_ari_due on certificate(ari_check_at) where ari_check_at is not null;

-- Which CA issued a version, and its revocation.
alter table certificate_version add column acme_ca varchar(2048);
alter table certificate_version add column revocation_state varchar(16);
alter table certificate_version add column revocation_reason integer;
alter table certificate_version add column revoked_at timestamptz;
alter table certificate_version add column revocation_error text;

-- Which CA an order went to, with what it asked for.
alter table acme_order add column ca varchar(2048);
alter table acme_order add column profile varchar(64);
alter table acme_order add column replaces varchar(512);

-- A CA no order may reach before `until`: it rate-limited us (Retry-After) or paused the account.
create table ca_hold (
    ca          varchar(2048) primary key,
    kind        varchar(16)   not null,
    until       timestamptz   not null,
    detail      text,
    unpause_url text,
    since       timestamptz   not null
);

-- ACME certificates issued before: ask their CA for renewal information soon.
update certificate set ari_check_at = now() where acme and current_version is not null;
